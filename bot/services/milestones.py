"""Milestone roles: which milestones a group rewards with which server role, when a member has
reached one, and the claims that make each role granted once (README "Milestone roles").

The milestones (``MILESTONES``):

- ``first_week``: every task of the roadmap's first 7 days done (days 1..7 of the roadmap,
  not 7 calendar or studied days; a shorter roadmap: all its days). Ticks count whenever they
  were made, so a member who catches up late still earns it.
- ``streak_7`` / ``streak_30``: a check-in streak of 7 / 30 study dates, as ``/checkin`` counts
  it (``services.scoring``: non-study and paused dates neither break nor extend it; freezes
  and breaks once they exist). Read from the streak stored at the member's latest check-in.
- ``phase``: every task of one phase done, whichever phase comes first (one role for "a phase
  completed"; the announcement names the phase). Later phases do not grant it again.
- ``roadmap``: every task of the roadmap done.

A milestone is granted once per member and group, ever: the ledger row is claimed before the
role is requested (``claim_due``); a member who loses the role keeps the row. Changing a
milestone's role applies to members who reach it afterwards.

Which roles the bot can grant is checked when an admin sets one, not when it is granted: the
bot needs *Manage Roles*, and the role must be below the bot's highest role and be neither
managed nor @everyone (``check_grantable``), as Discord enforces.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.errors import ForeignButton, ManageRolesMissing, MilestoneNeeded, RoleNotGrantable
from bot.roadmaps import Roadmap
from bot.services.context import Actor, channel_group, require_manager
from bot.store import Group, Store
from bot.store.features.milestones import Grant, MilestoneRole

__all__ = [  # and the ledger's rows, for render (which reads no store module)
    "BotFacts",
    "Grant",
    "MemberMilestones",
    "Milestone",
    "MilestoneRole",
    "MilestoneSetup",
    "RoleFacts",
    "check_grantable",
    "claim_due",
    "configure",
    "member_milestones",
    "reached",
]

log = logging.getLogger(__name__)

Milestone = Literal["first_week", "streak_7", "streak_30", "phase", "roadmap"]
MILESTONES: tuple[Milestone, ...] = ("first_week", "streak_7", "streak_30", "phase", "roadmap")
FIRST_WEEK_DAYS = 7
STREAKS: Mapping[Milestone, int] = {"streak_7": 7, "streak_30": 30}


@dataclass(frozen=True, slots=True)
class RoleFacts:
    """A server role as the bot sees it when an admin picks it."""

    id: int
    position: int
    managed: bool
    everyone: bool


@dataclass(frozen=True, slots=True)
class BotFacts:
    """What the bot may do in the server: *Manage Roles*, and its highest role."""

    manage_roles: bool
    top_position: int
    top_id: int
    owner: bool = False


def _rank(position: int, role_id: int) -> tuple[int, int]:
    """Discord's order of roles: by position, and the lower id first among equal positions."""
    return position, -role_id


def check_grantable(role: RoleFacts, bot: BotFacts) -> None:
    """Raise what keeps the bot from ever granting ``role``; return if it can."""
    if not bot.manage_roles:
        raise ManageRolesMissing()
    if role.everyone:
        raise RoleNotGrantable(role.id, "everyone")
    if role.managed:
        raise RoleNotGrantable(role.id, "managed")
    if not bot.owner and _rank(role.position, role.id) >= _rank(bot.top_position, bot.top_id):
        raise RoleNotGrantable(role.id, "above")


@dataclass(frozen=True, slots=True)
class MilestoneSetup:
    """A group's milestone roles after ``configure``."""

    group: Group
    roles: tuple[MilestoneRole, ...]
    """By milestone key."""
    changed: Milestone | None
    """The milestone set or cleared now; None when only shown."""
    cleared: bool
    manage_roles: bool
    """Whether the bot has *Manage Roles* now (the reply warns if roles are set without it)."""
    refused: Mapping[str, int]
    """Grants Discord refused since each milestone's role was set, by milestone."""


def _milestone(typed: str | None) -> Milestone | None:
    if typed is None:
        return None
    for key in MILESTONES:
        if key == typed:
            return key
    raise MilestoneNeeded()


async def configure(
    store: Store,
    actor: Actor,
    milestone: str | None,
    role: RoleFacts | None,
    bot: BotFacts,
    now: datetime,
) -> MilestoneSetup:
    """``/roadmap milestones`` (Manage Server): with a milestone and a role, map them (the role
    checked first); with a milestone alone, clear its role; with neither, show the mappings."""
    require_manager(actor)
    group = await channel_group(store, actor)
    key = _milestone(milestone)
    if key is None and role is not None:
        raise MilestoneNeeded()
    cleared = False
    if key is not None and role is not None:
        check_grantable(role, bot)
        await store.set_milestone_role(actor.guild_id, group.id, key, role.id, actor.user_id, now)
        log.info("group %s: milestone %s gives role %s", group.id, key, role.id)
    elif key is not None:
        cleared = await store.clear_milestone_role(actor.guild_id, group.id, key)
    roles = tuple(await store.milestone_roles(actor.guild_id, group.id))
    refused = await store.refused_grants(actor.guild_id, group.id)
    return MilestoneSetup(group, roles, key, cleared, bot.manage_roles, refused)


def _all_done(days: range, roadmap: Roadmap, done: frozenset[tuple[int, str]]) -> bool:
    tasks = [(d, t.id) for d in days for t in roadmap.day(d).tasks]
    return bool(tasks) and all(task in done for task in tasks)


def reached(
    roadmap: Roadmap, done: frozenset[tuple[int, str]], streak: int
) -> dict[Milestone, int | None]:
    """The milestones a member with these ticks ((day, task id)) and this check-in streak has
    reached, each with its detail (the phase completed for ``phase``, else None)."""
    found: dict[Milestone, int | None] = {}
    first_week = range(1, min(FIRST_WEEK_DAYS, roadmap.total_days) + 1)
    if _all_done(first_week, roadmap, done):
        found["first_week"] = None
    for key, length in STREAKS.items():
        if streak >= length:
            found[key] = None
    for phase in sorted(roadmap.phases, key=lambda p: p.number):
        if _all_done(range(phase.first_day, phase.last_day + 1), roadmap, done):
            found["phase"] = phase.number
            break
    if _all_done(range(1, roadmap.total_days + 1), roadmap, done):
        found["roadmap"] = None
    return found


def new_nonce() -> str:
    """The announcement's nonce: stable once stored in the claim (Discord allows 25 chars)."""
    return "m" + secrets.token_hex(10)


async def claim_due(
    store: Store,
    roadmap: Roadmap,
    guild_id: int,
    group_id: int,
    user_id: int,
    now: datetime,
) -> list[Grant] | None:
    """Claim every milestone role the member has earned and was never given, in
    ``MILESTONES`` order; the claims made now (a claim is made once, ever), or None when the
    group maps no milestone at all (then it took one read: the usual case after a tick)."""
    standing = await store.milestone_standing(guild_id, group_id, user_id)
    if not standing.roles:
        return None
    if not standing.active:
        return []
    mapped = {r.milestone: r.role_id for r in standing.roles}
    hits = reached(roadmap, standing.done, standing.streak)
    claimed: list[Grant] = []
    for key in MILESTONES:
        if key not in mapped or key not in hits or key in standing.ledger:
            continue
        grant = await store.claim_grant(
            guild_id, group_id, user_id, key, mapped[key], hits[key], new_nonce(), now
        )
        if grant is not None:
            log.info("group %s: %s reached %s", group_id, user_id, key)
            claimed.append(grant)
    return claimed


@dataclass(frozen=True, slots=True)
class MemberMilestones:
    """What one member sees of a group's milestone roles (the announcement's button)."""

    group: Group
    roles: tuple[MilestoneRole, ...]
    earned: frozenset[str]
    """Milestones whose role the member was given (or is being given)."""


async def member_milestones(store: Store, actor: Actor, group_id: int) -> MemberMilestones:
    """The group's milestone roles and which the clicker has earned; a group of another server
    or channel is refused like any forged button."""
    group = await store.get_group(actor.guild_id, group_id)
    if group is None or group.channel_id != actor.channel_id:
        log.warning("refused milestones button of group %s from %s", group_id, actor)
        raise ForeignButton()
    roles = tuple(await store.milestone_roles(actor.guild_id, group.id))
    grants = await store.grants(actor.guild_id, group.id, actor.user_id)
    earned = frozenset(g.milestone for g in grants if g.state != "refused")
    return MemberMilestones(group, roles, earned)
