"""Announcements to a group's channel: an outbox ledger delivered exactly once.

A service that changes something members must hear about (the post time, timezone, language,
a pause or resume, a setting) adds a row right after its change is committed; the daily owner
delivers it (``bot/daily/announcer.py``) through ``deliver_once`` like a daily post: the row's
nonce, its recorded attempt and search window, its confirmed message id. ``settled_at`` ends a
row's life: confirmed, or superseded by a newer row of the same group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.shards import ShardSet


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    guild_id: int
    group_id: int
    kind: str
    """What changed: ``schedule``, ``language``, ``paused``, ``resumed`` or ``setting``."""
    detail: str
    """For ``setting``: the setting's key; else empty."""
    nonce: str
    created_at: datetime
    search_from: datetime | None = None
    attempt_at: datetime | None = None
    message_id: int | None = None
    settled_at: datetime | None = None


class AnnouncementQueries(Protocol):
    async def add_announcement(
        self, guild_id: int, group_id: int, kind: str, detail: str, nonce: str, now: datetime
    ) -> Announcement | None:
        """A new pending row; None (nothing written) if the group is not in that server."""
        ...

    async def pending_announcements(self, guild_id: int, group_id: int) -> list[Announcement]:
        """The group's unsettled rows, oldest first."""
        ...

    async def pending_announcements_all_guilds(self, shards: ShardSet) -> list[Announcement]:
        """Start-up's batch read: every unsettled row of the groups the shards serve."""
        ...

    async def record_announcement_attempt(
        self, guild_id: int, announcement_id: int, search_from: datetime, attempt_at: datetime
    ) -> None: ...

    async def settle_announcement(
        self, guild_id: int, announcement_id: int, message_id: int | None, now: datetime
    ) -> None:
        """Confirmed as ``message_id``, or (None) superseded: never sent."""
        ...


class AnnouncementsStore:
    """The ``Store`` methods for announcements (contracts on ``AnnouncementQueries``)."""

    _announcements: AnnouncementQueries

    def _init_announcements(self, announcements: AnnouncementQueries) -> None:
        self._announcements = announcements

    async def add_announcement(
        self, guild_id: int, group_id: int, kind: str, detail: str, nonce: str, now: datetime
    ) -> Announcement | None:
        return await self._announcements.add_announcement(
            guild_id, group_id, kind, detail, nonce, now
        )

    async def pending_announcements(self, guild_id: int, group_id: int) -> list[Announcement]:
        return await self._announcements.pending_announcements(guild_id, group_id)

    async def pending_announcements_all_guilds(self, shards: ShardSet) -> list[Announcement]:
        return await self._announcements.pending_announcements_all_guilds(shards)

    async def record_announcement_attempt(
        self, guild_id: int, announcement_id: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._announcements.record_announcement_attempt(
            guild_id, announcement_id, search_from, attempt_at
        )

    async def settle_announcement(
        self, guild_id: int, announcement_id: int, message_id: int | None, now: datetime
    ) -> None:
        await self._announcements.settle_announcement(guild_id, announcement_id, message_id, now)
