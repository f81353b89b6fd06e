"""Announcements to a group's channel (``announcements``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.shards import ShardSet
from bot.store.features.announcements import Announcement
from bot.store.shard_filter import shard_condition
from bot.store.sqlite.codec import instant, is_row_id, iso
from bot.store.sqlite.connection import SqliteDb

COLS = (
    "id, guild_id, group_id, kind, detail, nonce, created_at, search_from, attempt_at, "
    "message_id, settled_at"
)


def announcement_from_row(row: sqlite3.Row) -> Announcement:
    created = instant(row["created_at"])
    assert created is not None
    return Announcement(
        id=row["id"],
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        kind=row["kind"],
        detail=row["detail"],
        nonce=row["nonce"],
        created_at=created,
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
        message_id=row["message_id"],
        settled_at=instant(row["settled_at"]),
    )


class SqliteAnnouncements:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def add_announcement(
        self, guild_id: int, group_id: int, kind: str, detail: str, nonce: str, now: datetime
    ) -> Announcement | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.write_returning(
            "INSERT INTO announcements (guild_id, group_id, kind, detail, nonce, created_at) "
            "SELECT guild_id, id, ?, ?, ?, ? FROM groups WHERE guild_id = ? AND id = ? "
            f"RETURNING {COLS}",
            (kind, detail, nonce, iso(now), guild_id, group_id),
        )
        return None if row is None else announcement_from_row(row)

    async def pending_announcements(self, guild_id: int, group_id: int) -> list[Announcement]:
        if not is_row_id(group_id):
            return []
        rows = await self._db.all(
            f"SELECT {COLS} FROM announcements WHERE guild_id = ? AND group_id = ? "
            "AND settled_at IS NULL ORDER BY id",
            (guild_id, group_id),
        )
        return [announcement_from_row(r) for r in rows]

    async def pending_announcements_all_guilds(self, shards: ShardSet) -> list[Announcement]:
        rows = await self._db.all(
            f"SELECT {COLS} FROM announcements WHERE settled_at IS NULL "
            f"AND {shard_condition(shards, 'guild_id')} ORDER BY id"
        )
        return [announcement_from_row(r) for r in rows]

    async def record_announcement_attempt(
        self, guild_id: int, announcement_id: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE announcements SET search_from = ?, attempt_at = ? "
            "WHERE guild_id = ? AND id = ?",
            (iso(search_from), iso(attempt_at), guild_id, announcement_id),
        )

    async def settle_announcement(
        self, guild_id: int, announcement_id: int, message_id: int | None, now: datetime
    ) -> None:
        await self._db.write(
            "UPDATE announcements SET message_id = ?, settled_at = ? WHERE guild_id = ? AND id = ?",
            (message_id, iso(now), guild_id, announcement_id),
        )
