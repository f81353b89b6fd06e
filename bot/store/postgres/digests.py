"""The digest ledger (``digests``): one row per (group, week), claimed before sending."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

import asyncpg

from bot.shards import ShardSet
from bot.store.features.digests import Digest, DigestState
from bot.store.postgres.codec import aware
from bot.store.postgres.connection import PgDb
from bot.store.shard_filter import shard_condition

DIGEST_COLS = (
    "guild_id, group_id, week_start, state, nonce, message_id, late, claimed_at, sent_at, "
    "error, search_from, attempt_at"
)


def digest_from_row(row: asyncpg.Record) -> Digest:
    return Digest(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        week_start=row["week_start"],
        state=cast(DigestState, row["state"]),
        nonce=row["nonce"],
        message_id=row["message_id"],
        late=row["late"],
        claimed_at=row["claimed_at"],
        sent_at=row["sent_at"],
        error=row["error"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
    )


_KEY = "guild_id = $1 AND group_id = $2 AND week_start = $3"


class PgDigests:
    def __init__(self, db: PgDb) -> None:
        self._db = db

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
        row = await self._db.write_returning(
            "INSERT INTO digests (guild_id, group_id, week_start, state, nonce, late, claimed_at)"
            " VALUES ($1, $2, $3, 'claimed', $4, $5, $6)"
            f" ON CONFLICT (group_id, week_start) DO NOTHING RETURNING {DIGEST_COLS}",
            guild_id,
            group_id,
            week_start,
            nonce,
            late,
            aware(now),
        )
        return None if row is None else digest_from_row(row)

    async def record_digest_attempt(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None:
        await self._db.write(
            f"UPDATE digests SET search_from = $4, attempt_at = $5 WHERE {_KEY} "
            "AND state = 'claimed'",
            guild_id,
            group_id,
            week_start,
            aware(search_from),
            aware(attempt_at),
        )

    async def confirm_digest(
        self, guild_id: int, group_id: int, week_start: date, message_id: int, now: datetime
    ) -> None:
        await self._db.write(
            "UPDATE digests SET state = 'sent', message_id = $4, sent_at = $5, error = NULL "
            f"WHERE {_KEY}",
            guild_id,
            group_id,
            week_start,
            message_id,
            aware(now),
        )

    async def mark_digest(
        self,
        guild_id: int,
        group_id: int,
        week_start: date,
        state: DigestState,
        error: str | None,
    ) -> None:
        await self._db.write(
            f"UPDATE digests SET state = $4, error = $5 WHERE {_KEY}",
            guild_id,
            group_id,
            week_start,
            state,
            error,
        )

    async def record_missed_digest(
        self, guild_id: int, group_id: int, week_start: date, nonce: str, now: datetime
    ) -> bool:
        changed = await self._db.write(
            "INSERT INTO digests (guild_id, group_id, week_start, state, nonce, claimed_at) "
            "VALUES ($1, $2, $3, 'missed', $4, $5) ON CONFLICT (group_id, week_start) DO NOTHING",
            guild_id,
            group_id,
            week_start,
            nonce,
            aware(now),
        )
        return changed > 0

    async def digests(self, guild_id: int, group_id: int) -> list[Digest]:
        rows = await self._db.all(
            f"SELECT {DIGEST_COLS} FROM digests WHERE guild_id = $1 AND group_id = $2 "
            "ORDER BY week_start",
            guild_id,
            group_id,
        )
        return [digest_from_row(r) for r in rows]

    async def latest_digests_all_guilds(self, shards: ShardSet) -> dict[int, Digest]:
        mine = shard_condition(shards, "g.guild_id")
        cols = ", ".join("d." + c for c in DIGEST_COLS.split(", "))
        rows = await self._db.all(
            f"SELECT DISTINCT ON (d.group_id) {cols} FROM digests AS d "
            "JOIN groups AS g ON g.guild_id = d.guild_id AND g.id = d.group_id "
            f"WHERE g.state = 'active' AND {mine} ORDER BY d.group_id, d.week_start DESC"
        )
        return {r["group_id"]: digest_from_row(r) for r in rows}
