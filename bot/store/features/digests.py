"""The weekly digest's ledger: one row per (group, week), claimed before the digest is sent.

The same columns and rules as the post ledger (``PostLedger`` in ``interface.py``), keyed by
the Monday of the week the digest covers instead of a roadmap day; ``bot/daily/delivery.py``
reads and writes it through ``bot.daily.digests.DigestRow``. ``DigestLedger`` is what a
backend implements (``sqlite/digests.py``, ``postgres/digests.py``); ``DigestsFacade`` is the
part of ``Store`` that forwards to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from bot.shards import ShardSet

DigestState = Literal["claimed", "sent", "failed", "missed"]


@dataclass(frozen=True, slots=True)
class Digest:
    """One group's digest of one week."""

    guild_id: int
    group_id: int
    week_start: date
    """The Monday (the group's local date) of the week the digest covers."""
    state: DigestState
    nonce: str
    message_id: int | None
    late: bool
    claimed_at: datetime
    sent_at: datetime | None
    error: str | None
    search_from: datetime | None = None
    attempt_at: datetime | None = None


class DigestLedger(Protocol):
    async def claim_digest(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        nonce: str,
        now: datetime,
        *,
        late: bool,
    ) -> Digest | None:
        """Claim (group, week) before sending; ``None`` if it has a row already."""
        ...

    async def record_digest_attempt(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None:
        """A send attempt of a claimed digest starts now; committed before it leaves."""
        ...

    async def confirm_digest(
        self, guild_id: int, group_id: int, week_start: date, message_id: int, now: datetime
    ) -> None:
        """Sent as ``message_id``: state ``sent``, error cleared."""
        ...

    async def mark_digest(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        state: DigestState,
        error: str | None,
    ) -> None: ...

    async def record_missed_digest(
        self, guild_id: int, group_id: int, week_start: date, nonce: str, now: datetime
    ) -> bool:
        """A week whose digest was never sent (its time passed); False if it has a row."""
        ...

    async def digests(self, guild_id: int, group_id: int) -> list[Digest]:
        """By week."""
        ...

    async def latest_digests_all_guilds(self, shards: ShardSet) -> dict[int, Digest]:
        """Start-up only: each active group's latest digest row (by week), by group id."""
        ...


class DigestsFacade:
    """``Store``'s digest methods (contracts on ``DigestLedger``)."""

    def _init_digests(self, digests: DigestLedger) -> None:
        self._digests = digests

    async def claim_digest(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        nonce: str,
        now: datetime,
        *,
        late: bool,
    ) -> Digest | None:
        return await self._digests.claim_digest(
            guild_id, group_id, week_start, nonce, now, late=late
        )

    async def record_digest_attempt(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None:
        await self._digests.record_digest_attempt(
            guild_id, group_id, week_start, search_from, attempt_at
        )

    async def confirm_digest(
        self, guild_id: int, group_id: int, week_start: date, message_id: int, now: datetime
    ) -> None:
        await self._digests.confirm_digest(guild_id, group_id, week_start, message_id, now)

    async def mark_digest(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        state: DigestState,
        error: str | None,
    ) -> None:
        await self._digests.mark_digest(guild_id, group_id, week_start, state, error)

    async def record_missed_digest(
        self, guild_id: int, group_id: int, week_start: date, nonce: str, now: datetime
    ) -> bool:
        return await self._digests.record_missed_digest(guild_id, group_id, week_start, nonce, now)

    async def digests(self, guild_id: int, group_id: int) -> list[Digest]:
        return await self._digests.digests(guild_id, group_id)

    async def latest_digests_all_guilds(self, shards: ShardSet) -> dict[int, Digest]:
        return await self._digests.latest_digests_all_guilds(shards)
