"""Milestone roles' storage: which role a group gives for each milestone (``milestone_roles``)
and the grants ledger (``milestone_grants``), one row per (group, member, milestone), claimed
before the role is granted, so a role is granted at most once and its announcement is sent
exactly once (``bot/daily/delivery.py``).

``MilestoneStore`` is what a backend implements (``sqlite/milestones.py``,
``postgres/milestones.py``); ``MilestoneFacade`` is the part of ``Store`` that forwards to it.
Every method takes the ``guild_id`` and matches on it, except the start-up read that says so.
Milestones are plain keys here (``first_week``...); their rules are ``bot/services/milestones``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from bot.shards import ShardSet

GrantState = Literal["claimed", "granted", "announced", "refused"]
"""``claimed``: the role is on its way; ``granted``: Discord gave it, the announcement is on its
way; ``announced``: settled; ``refused``: Discord refused the role (nothing announced; the row
goes when the milestone's role is set again, so the grant is tried afresh)."""


@dataclass(frozen=True, slots=True)
class MilestoneRole:
    guild_id: int
    group_id: int
    milestone: str
    role_id: int
    set_by: int
    set_at: datetime


@dataclass(frozen=True, slots=True)
class Grant:
    """One member's milestone in the ledger."""

    guild_id: int
    group_id: int
    user_id: int
    milestone: str
    role_id: int
    detail: int | None
    """The phase completed (milestone ``phase``); None otherwise."""
    state: GrantState
    nonce: str
    claimed_at: datetime
    granted_at: datetime | None = None
    search_from: datetime | None = None
    attempt_at: datetime | None = None
    """The announcement's latest send attempt (None: none was made, nothing was sent)."""
    message_id: int | None = None
    announced_at: datetime | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[int, int, int, str]:
        return self.guild_id, self.group_id, self.user_id, self.milestone


@dataclass(frozen=True, slots=True)
class MilestoneStanding:
    """What deciding one member's milestones needs (``milestone_standing``)."""

    roles: tuple[MilestoneRole, ...]
    """The group's mappings; when empty, nothing else was read."""
    ledger: frozenset[str]
    """The member's milestones in the ledger, in any state."""
    done: frozenset[tuple[int, str]]
    """(day, task id) of every task the member ticked."""
    streak: int
    """The member's check-in streak as of their latest check-in (0 if none)."""
    active: bool
    """The member has joined the group and not left."""


class MilestoneStore(Protocol):
    async def set_milestone_role(
        self, guild_id: int, group_id: int, milestone: str, role_id: int, set_by: int, now: datetime
    ) -> None:
        """Map ``milestone`` to ``role_id`` (replacing its role); refused grants of that
        milestone are forgotten, so they are tried again. Grants already made stay."""
        ...

    async def clear_milestone_role(self, guild_id: int, group_id: int, milestone: str) -> bool:
        """Remove the mapping; False if there was none."""
        ...

    async def milestone_roles(self, guild_id: int, group_id: int) -> list[MilestoneRole]:
        """The group's mappings, by milestone."""
        ...

    async def milestone_standing(
        self, guild_id: int, group_id: int, user_id: int
    ) -> MilestoneStanding:
        """The group's mappings and, only if there are any, the member's ledger, ticks and
        streak."""
        ...

    async def claim_grant(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        milestone: str,
        role_id: int,
        detail: int | None,
        nonce: str,
        now: datetime,
    ) -> Grant | None:
        """Claim (group, member, milestone) before granting; None if it has a row already."""
        ...

    async def mark_granted(self, key: tuple[int, int, int, str], now: datetime) -> None:
        """Discord gave the role: ``granted`` (only from ``claimed``)."""
        ...

    async def refuse_grant(self, key: tuple[int, int, int, str], error: str) -> None:
        """Discord refused the role: ``refused`` with its words (only from ``claimed``)."""
        ...

    async def record_grant_attempt(
        self, key: tuple[int, int, int, str], search_from: datetime, attempt_at: datetime
    ) -> None:
        """The announcement's send attempt starts now; committed before the request leaves."""
        ...

    async def confirm_grant_announced(
        self, key: tuple[int, int, int, str], message_id: int, now: datetime
    ) -> None:
        """The announcement is in the channel as ``message_id``: ``announced``."""
        ...

    async def grants(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Grant]:
        """By user and milestone."""
        ...

    async def refused_grants(self, guild_id: int, group_id: int) -> dict[str, int]:
        """How many grants Discord refused, by milestone (only milestones with any)."""
        ...

    async def unsettled_grants_all_guilds(self, shards: ShardSet) -> list[Grant]:
        """Every ``claimed`` or ``granted`` row of a group of ``shards``' servers that was not
        stopped (a finished group's last ticks earn "Roadmap completed"; start-up only): grants
        a restart interrupted."""
        ...

    async def milestone_members_all_guilds(self, shards: ShardSet) -> list[tuple[int, int, int]]:
        """(guild, group, user) of every current member of a running group of ``shards``'
        servers that maps at least one milestone (start-up only)."""
        ...


class MilestoneFacade:
    """``Store``'s methods for milestone roles; the contracts are on ``MilestoneStore``."""

    _milestones: MilestoneStore

    def _init_milestones(self, milestones: MilestoneStore) -> None:
        self._milestones = milestones

    async def set_milestone_role(
        self, guild_id: int, group_id: int, milestone: str, role_id: int, set_by: int, now: datetime
    ) -> None:
        await self._milestones.set_milestone_role(
            guild_id, group_id, milestone, role_id, set_by, now
        )

    async def clear_milestone_role(self, guild_id: int, group_id: int, milestone: str) -> bool:
        return await self._milestones.clear_milestone_role(guild_id, group_id, milestone)

    async def milestone_roles(self, guild_id: int, group_id: int) -> list[MilestoneRole]:
        return await self._milestones.milestone_roles(guild_id, group_id)

    async def milestone_standing(
        self, guild_id: int, group_id: int, user_id: int
    ) -> MilestoneStanding:
        return await self._milestones.milestone_standing(guild_id, group_id, user_id)

    async def claim_grant(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        milestone: str,
        role_id: int,
        detail: int | None,
        nonce: str,
        now: datetime,
    ) -> Grant | None:
        return await self._milestones.claim_grant(
            guild_id, group_id, user_id, milestone, role_id, detail, nonce, now
        )

    async def mark_granted(self, key: tuple[int, int, int, str], now: datetime) -> None:
        await self._milestones.mark_granted(key, now)

    async def refuse_grant(self, key: tuple[int, int, int, str], error: str) -> None:
        await self._milestones.refuse_grant(key, error)

    async def record_grant_attempt(
        self, key: tuple[int, int, int, str], search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._milestones.record_grant_attempt(key, search_from, attempt_at)

    async def confirm_grant_announced(
        self, key: tuple[int, int, int, str], message_id: int, now: datetime
    ) -> None:
        await self._milestones.confirm_grant_announced(key, message_id, now)

    async def grants(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Grant]:
        return await self._milestones.grants(guild_id, group_id, user_id)

    async def refused_grants(self, guild_id: int, group_id: int) -> dict[str, int]:
        return await self._milestones.refused_grants(guild_id, group_id)

    async def unsettled_grants_all_guilds(self, shards: ShardSet) -> list[Grant]:
        return await self._milestones.unsettled_grants_all_guilds(shards)

    async def milestone_members_all_guilds(self, shards: ShardSet) -> list[tuple[int, int, int]]:
        return await self._milestones.milestone_members_all_guilds(shards)
