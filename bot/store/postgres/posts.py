"""The post ledger (``posts``): one row per (group, day), claimed before the post is sent."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import asyncpg

from bot.store.models import Post, PostState
from bot.store.postgres.codec import aware
from bot.store.postgres.connection import Conn, PgDb

POST_COLS = (
    "guild_id, group_id, day, state, nonce, message_id, late, claimed_at, sent_at, error, "
    "search_from, attempt_at"
)


def post_from_row(row: asyncpg.Record) -> Post:
    return Post(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        day=row["day"],
        state=cast(PostState, row["state"]),
        nonce=row["nonce"],
        message_id=row["message_id"],
        late=row["late"],
        claimed_at=row["claimed_at"],
        sent_at=row["sent_at"],
        error=row["error"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
    )


# The claim and, when it inserted, the transaction id the exactly-once commit needs, in one
# round trip (``PgDb.run_with_xid``).
_CLAIM = (
    "INSERT INTO posts (guild_id, group_id, day, state, nonce, late, claimed_at) "
    "VALUES ($1, $2, $3, 'claimed', $4, $5, $6) ON CONFLICT (group_id, day) DO NOTHING "
    f"RETURNING {POST_COLS}, txid_current_if_assigned() AS xid"
)


class PgPosts:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def claim_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime, *, late: bool
    ) -> Post | None:
        async def work(con: Conn) -> tuple[Post | None, int | None]:
            row = await con.fetchrow(_CLAIM, guild_id, group_id, day, nonce, late, aware(now))
            if row is None:  # claimed already: whether anything was written, ask
                return None, await con.fetchval("SELECT txid_current_if_assigned()")
            return post_from_row(row), row["xid"]

        return await self._db.run_with_xid(work)

    async def confirm_post(
        self, guild_id: int, group_id: int, day: int, message_id: int, now: datetime
    ) -> None:
        await self._db.write_idempotent(  # fixed values: a second run changes nothing
            "UPDATE posts SET state = 'sent', message_id = $1, sent_at = $2, error = NULL "
            "WHERE guild_id = $3 AND group_id = $4 AND day = $5",
            message_id,
            aware(now),
            guild_id,
            group_id,
            day,
        )

    async def record_post_attempt(
        self, guild_id: int, group_id: int, day: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write_idempotent(  # fixed values: a second run changes nothing
            "UPDATE posts SET search_from = $1, attempt_at = $2 "
            "WHERE guild_id = $3 AND group_id = $4 AND day = $5 AND state = 'claimed'",
            aware(search_from),
            aware(attempt_at),
            guild_id,
            group_id,
            day,
        )

    async def mark_post(
        self, guild_id: int, group_id: int, day: int, state: PostState, error: str | None
    ) -> None:
        await self._db.write(
            "UPDATE posts SET state = $1, error = $2 "
            "WHERE guild_id = $3 AND group_id = $4 AND day = $5",
            state,
            error,
            guild_id,
            group_id,
            day,
        )

    async def reclaim_post(self, guild_id: int, group_id: int, day: int) -> Post | None:
        row = await self._db.write_returning(
            "UPDATE posts SET state = 'claimed' "
            "WHERE guild_id = $1 AND group_id = $2 AND day = $3 AND state = 'failed' "
            f"RETURNING {POST_COLS}",
            guild_id,
            group_id,
            day,
        )
        return None if row is None else post_from_row(row)

    async def record_missed_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime
    ) -> bool:
        changed = await self._db.write(
            "INSERT INTO posts (guild_id, group_id, day, state, nonce, claimed_at) "
            "VALUES ($1, $2, $3, 'missed', $4, $5) ON CONFLICT (group_id, day) DO NOTHING",
            guild_id,
            group_id,
            day,
            nonce,
            aware(now),
        )
        return changed > 0

    async def posts(self, guild_id: int, group_id: int) -> list[Post]:
        rows = await self._db.all(
            f"SELECT {POST_COLS} FROM posts WHERE guild_id = $1 AND group_id = $2 ORDER BY day",
            guild_id,
            group_id,
        )
        return [post_from_row(r) for r in rows]
