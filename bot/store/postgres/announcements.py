"""Announcements to a group's channel (``announcements``)."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.shards import ShardSet
from bot.store.features.announcements import Announcement
from bot.store.postgres.codec import aware, is_row_id
from bot.store.postgres.connection import PgDb
from bot.store.shard_filter import shard_condition

COLS = (
    "id, guild_id, group_id, kind, detail, nonce, created_at, search_from, attempt_at, "
    "message_id, settled_at"
)


def announcement_from_row(row: asyncpg.Record) -> Announcement:
    return Announcement(
        id=row["id"],
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        kind=row["kind"],
        detail=row["detail"],
        nonce=row["nonce"],
        created_at=row["created_at"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
        message_id=row["message_id"],
        settled_at=row["settled_at"],
    )


class PgAnnouncements:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def add_announcement(
        self, guild_id: int, group_id: int, kind: str, detail: str, nonce: str, now: datetime
    ) -> Announcement | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.write_returning(
            "INSERT INTO announcements (guild_id, group_id, kind, detail, nonce, created_at) "
            "SELECT guild_id, id, $1, $2, $3, $4 FROM groups WHERE guild_id = $5 AND id = $6 "
            f"ON CONFLICT (nonce) DO NOTHING RETURNING {COLS}",
            kind,
            detail,
            nonce,
            aware(now),
            guild_id,
            group_id,
        )
        return None if row is None else announcement_from_row(row)

    async def pending_announcements(self, guild_id: int, group_id: int) -> list[Announcement]:
        if not is_row_id(group_id):
            return []
        rows = await self._db.all(
            f"SELECT {COLS} FROM announcements WHERE guild_id = $1 AND group_id = $2 "
            "AND settled_at IS NULL ORDER BY id",
            guild_id,
            group_id,
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
            "UPDATE announcements SET search_from = $1, attempt_at = $2 "
            "WHERE guild_id = $3 AND id = $4",
            aware(search_from),
            aware(attempt_at),
            guild_id,
            announcement_id,
        )

    async def settle_announcement(
        self, guild_id: int, announcement_id: int, message_id: int | None, now: datetime
    ) -> None:
        await self._db.write(
            "UPDATE announcements SET message_id = $1, settled_at = $2 "
            "WHERE guild_id = $3 AND id = $4",
            message_id,
            aware(now),
            guild_id,
            announcement_id,
        )
