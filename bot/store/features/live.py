"""Live edits: the bot's own messages it keeps up to date (``message_edits``), and what a day
post's live completion reads (``day_ticks``).

A row per message, keyed by its group, kind and item (``EditRow``). ``mark_edit`` records a
pending edit once (the edit queue calls it at most once per message per minute, however many
ticks arrive); ``finish_edit`` records what the edit did. Every query is scoped by server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.shards import ShardSet

EVERY_SHARD = ShardSet.all()


@dataclass(frozen=True, slots=True)
class EditRow:
    """One live message's edit state."""

    guild_id: int
    group_id: int
    kind: str
    item: int
    dirty_at: datetime | None
    """Since when the message shows less than the database knows; None: up to date."""
    edited_at: datetime | None
    """When the bot last edited it."""
    shown: str | None
    """A fingerprint of what it shows now (the kind's handler makes it)."""
    stopped: bool
    """Gone or past its live window: never edited again."""


@dataclass(frozen=True, slots=True)
class DayTicks:
    """One day of a group as its post counts it: current members and their ticks that day."""

    members: int
    done: Mapping[int, frozenset[str]]
    """Task ids each current member ticked on the day (members with none are absent)."""


class LiveQueries(Protocol):
    async def mark_edit(
        self, guild_id: int, group_id: int, kind: str, item: int, now: datetime
    ) -> EditRow | None:
        """Record that the message needs an edit (``dirty_at`` = ``now`` unless it already
        waits for one) and return its row; ``None`` if the server has no such group."""
        ...

    async def finish_edit(
        self,
        guild_id: int,
        group_id: int,
        kind: str,
        item: int,
        *,
        dirty_at: datetime | None,
        edited_at: datetime | None,
        shown: str | None,
        stopped: bool,
    ) -> None:
        """Record the outcome of an edit: the row's new state, as given."""
        ...

    async def pending_edits_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> list[EditRow]:
        """Every edit waiting to be made (``dirty_at`` set, not stopped), for start-up."""
        ...

    async def day_ticks(self, guild_id: int, group_id: int, day: int) -> DayTicks:
        """The group's current members and their ticks on ``day``."""
        ...


class LiveStore:
    """``Store``'s methods for live edits (forwarding to the backend's ``live``)."""

    _live: LiveQueries

    def _init_live(self, live: LiveQueries) -> None:
        self._live = live

    async def mark_edit(
        self, guild_id: int, group_id: int, kind: str, item: int, now: datetime
    ) -> EditRow | None:
        return await self._live.mark_edit(guild_id, group_id, kind, item, now)

    async def finish_edit(
        self,
        guild_id: int,
        group_id: int,
        kind: str,
        item: int,
        *,
        dirty_at: datetime | None,
        edited_at: datetime | None,
        shown: str | None,
        stopped: bool,
    ) -> None:
        await self._live.finish_edit(
            guild_id,
            group_id,
            kind,
            item,
            dirty_at=dirty_at,
            edited_at=edited_at,
            shown=shown,
            stopped=stopped,
        )

    async def pending_edits_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> list[EditRow]:
        return await self._live.pending_edits_all_guilds(shards)

    async def day_ticks(self, guild_id: int, group_id: int, day: int) -> DayTicks:
        return await self._live.day_ticks(guild_id, group_id, day)
