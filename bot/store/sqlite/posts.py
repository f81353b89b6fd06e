"""The post ledger (``posts``): one row per (group, day), claimed before the post is sent."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import cast

from bot.store.models import Post, PostState
from bot.store.sqlite.codec import instant, iso
from bot.store.sqlite.connection import SqliteDb

POST_COLS = (
    "guild_id, group_id, day, state, nonce, message_id, late, claimed_at, sent_at, error, "
    "search_from, attempt_at"
)


def post_from_row(row: sqlite3.Row) -> Post:
    return Post(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        day=row["day"],
        state=cast(PostState, row["state"]),
        nonce=row["nonce"],
        message_id=row["message_id"],
        late=bool(row["late"]),
        claimed_at=datetime.fromisoformat(row["claimed_at"]),
        sent_at=instant(row["sent_at"]),
        error=row["error"],
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
    )


class SqlitePosts:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def claim_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime, *, late: bool
    ) -> Post | None:
        row = await self._db.write_returning(
            "INSERT INTO posts (guild_id, group_id, day, state, nonce, late, claimed_at) "
            "VALUES (?, ?, ?, 'claimed', ?, ?, ?) ON CONFLICT (group_id, day) DO NOTHING "
            f"RETURNING {POST_COLS}",
            (guild_id, group_id, day, nonce, int(late), iso(now)),
        )
        return None if row is None else post_from_row(row)

    async def confirm_post(
        self, guild_id: int, group_id: int, day: int, message_id: int, now: datetime
    ) -> None:
        await self._db.write(
            "UPDATE posts SET state = 'sent', message_id = ?, sent_at = ?, error = NULL "
            "WHERE guild_id = ? AND group_id = ? AND day = ?",
            (message_id, iso(now), guild_id, group_id, day),
        )

    async def record_post_attempt(
        self, guild_id: int, group_id: int, day: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE posts SET search_from = ?, attempt_at = ? "
            "WHERE guild_id = ? AND group_id = ? AND day = ? AND state = 'claimed'",
            (iso(search_from), iso(attempt_at), guild_id, group_id, day),
        )

    async def mark_post(
        self, guild_id: int, group_id: int, day: int, state: PostState, error: str | None
    ) -> None:
        await self._db.write(
            "UPDATE posts SET state = ?, error = ? WHERE guild_id = ? AND group_id = ? AND day = ?",
            (state, error, guild_id, group_id, day),
        )

    async def reclaim_post(self, guild_id: int, group_id: int, day: int) -> Post | None:
        row = await self._db.write_returning(
            "UPDATE posts SET state = 'claimed', claimed_at = claimed_at "
            "WHERE guild_id = ? AND group_id = ? AND day = ? AND state = 'failed' "
            f"RETURNING {POST_COLS}",
            (guild_id, group_id, day),
        )
        return None if row is None else post_from_row(row)

    async def record_missed_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime
    ) -> bool:
        changed = await self._db.write(
            "INSERT INTO posts (guild_id, group_id, day, state, nonce, claimed_at) "
            "VALUES (?, ?, ?, 'missed', ?, ?) ON CONFLICT (group_id, day) DO NOTHING",
            (guild_id, group_id, day, nonce, iso(now)),
        )
        return changed > 0

    async def posts(self, guild_id: int, group_id: int) -> list[Post]:
        rows = await self._db.all(
            f"SELECT {POST_COLS} FROM posts WHERE guild_id = ? AND group_id = ? ORDER BY day",
            (guild_id, group_id),
        )
        return [post_from_row(r) for r in rows]
