"""The digest ledger (``digests``): one row per (group, week), claimed before sending."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import cast

from bot.shards import ShardSet
from bot.store.features.digests import Digest, DigestState
from bot.store.shard_filter import shard_condition
from bot.store.sqlite.codec import instant, iso
from bot.store.sqlite.connection import SqliteDb

DIGEST_COLS = (
    "guild_id, group_id, week_start, state, nonce, message_id, late, claimed_at, sent_at, "
    "error, search_from, attempt_at"
)


def digest_from_row(row: sqlite3.Row) -> Digest:
    return Digest(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        week_start=date.fromisoformat(row["week_start"]),
        state=cast(DigestState, row["state"]),
        nonce=row["nonce"],
        message_id=row["message_id"],
        late=bool(row["late"]),
        claimed_at=datetime.fromisoformat(row["claimed_at"]),
        sent_at=instant(row["sent_at"]),
        error=row["error"],
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
    )


_KEY = "guild_id = ? AND group_id = ? AND week_start = ?"


class SqliteDigests:
    def __init__(self, db: SqliteDb) -> None:
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
            " VALUES (?, ?, ?, 'claimed', ?, ?, ?) ON CONFLICT (group_id, week_start) DO NOTHING "
            f"RETURNING {DIGEST_COLS}",
            (guild_id, group_id, week_start.isoformat(), nonce, int(late), iso(now)),
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
            f"UPDATE digests SET search_from = ?, attempt_at = ? WHERE {_KEY} "
            "AND state = 'claimed'",
            (iso(search_from), iso(attempt_at), guild_id, group_id, week_start.isoformat()),
        )

    async def confirm_digest(
        self, guild_id: int, group_id: int, week_start: date, message_id: int, now: datetime
    ) -> None:
        await self._db.write(
            "UPDATE digests SET state = 'sent', message_id = ?, sent_at = ?, error = NULL "
            f"WHERE {_KEY}",
            (message_id, iso(now), guild_id, group_id, week_start.isoformat()),
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
            f"UPDATE digests SET state = ?, error = ? WHERE {_KEY}",
            (state, error, guild_id, group_id, week_start.isoformat()),
        )

    async def record_missed_digest(
        self, guild_id: int, group_id: int, week_start: date, nonce: str, now: datetime
    ) -> bool:
        changed = await self._db.write(
            "INSERT INTO digests (guild_id, group_id, week_start, state, nonce, claimed_at) "
            "VALUES (?, ?, ?, 'missed', ?, ?) ON CONFLICT (group_id, week_start) DO NOTHING",
            (guild_id, group_id, week_start.isoformat(), nonce, iso(now)),
        )
        return changed > 0

    async def digests(self, guild_id: int, group_id: int) -> list[Digest]:
        rows = await self._db.all(
            f"SELECT {DIGEST_COLS} FROM digests WHERE guild_id = ? AND group_id = ? "
            "ORDER BY week_start",
            (guild_id, group_id),
        )
        return [digest_from_row(r) for r in rows]

    async def latest_digests_all_guilds(self, shards: ShardSet) -> dict[int, Digest]:
        mine = shard_condition(shards, "g.guild_id")
        rows = await self._db.all(
            f"SELECT {', '.join('d.' + c for c in DIGEST_COLS.split(', '))} FROM digests AS d "
            "JOIN groups AS g ON g.guild_id = d.guild_id AND g.id = d.group_id "
            f"WHERE g.state = 'active' AND {mine} AND d.week_start = "
            "(SELECT MAX(week_start) FROM digests AS l WHERE l.group_id = d.group_id)"
        )
        return {r["group_id"]: digest_from_row(r) for r in rows}
