"""Daily check-ins (``checkins``), one per member and local date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import asyncpg

from bot.store.models import Checkin
from bot.store.postgres.codec import aware
from bot.store.postgres.connection import PgDb

CHECKIN_COLS = "guild_id, group_id, user_id, local_date, note, minutes, created_at, updated_at"

COUNTED = "(c.minutes IS NULL OR c.minutes > 0) AND c.local_date >= g.start_date"
"""Check-ins ``c`` of group ``g`` that count for points and streaks (``scoring.counts``; the
trigger of migration 0007_counted_checkins keeps ``members.checkins_done`` by the same rule)."""


def checkin_from_row(row: asyncpg.Record) -> Checkin:
    return Checkin(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        local_date=row["local_date"],
        note=row["note"],
        minutes=row["minutes"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class PgCheckins:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def upsert_checkin(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        local_date: date,
        note: str | None,
        minutes: int | None,
        now: datetime,
    ) -> tuple[Checkin, bool]:
        # xmax = 0 only on a row this statement inserted (an update leaves the locker's id)
        row = await self._db.write_returning(
            "INSERT INTO checkins (guild_id, group_id, user_id, local_date, note, minutes, "
            "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
            "ON CONFLICT (group_id, user_id, local_date) DO UPDATE SET "
            "note = COALESCE(EXCLUDED.note, checkins.note), "
            "minutes = COALESCE(EXCLUDED.minutes, checkins.minutes), "
            "updated_at = EXCLUDED.updated_at "
            f"RETURNING {CHECKIN_COLS}, (xmax = 0) AS created",
            guild_id,
            group_id,
            user_id,
            local_date,
            note,
            minutes,
            aware(now),
        )
        assert row is not None
        return checkin_from_row(row), bool(row["created"])

    async def checkins(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[Checkin]:
        rows = await self._db.all(
            f"SELECT {CHECKIN_COLS} FROM checkins WHERE guild_id = $1 AND group_id = $2 "
            "AND ($3::bigint IS NULL OR user_id = $3) ORDER BY user_id, local_date",
            guild_id,
            group_id,
            user_id,
        )
        return [checkin_from_row(r) for r in rows]

    async def checkin_counts_since(
        self, guild_id: int, group_id: int, since: date
    ) -> dict[int, int]:
        rows = await self._db.all(
            "SELECT c.user_id, COUNT(*) AS done FROM checkins c JOIN groups g ON g.id = c.group_id "
            "WHERE c.guild_id = $1 AND c.group_id = $2 AND c.local_date >= $3 "
            f"AND {COUNTED} GROUP BY c.user_id",
            guild_id,
            group_id,
            since,
        )
        return {r["user_id"]: r["done"] for r in rows}

    async def checkin_dates_of(
        self, guild_id: int, group_id: int, user_ids: Sequence[int]
    ) -> dict[int, set[date]]:
        out: dict[int, set[date]] = {u: set() for u in user_ids}
        if not user_ids:
            return out
        rows = await self._db.all(
            "SELECT c.user_id, c.local_date FROM checkins c JOIN groups g ON g.id = c.group_id "
            f"WHERE c.guild_id = $1 AND c.group_id = $2 AND {COUNTED} "
            "AND c.user_id = ANY($3::bigint[])",
            guild_id,
            group_id,
            list(user_ids),
        )
        for r in rows:
            out[r["user_id"]].add(r["local_date"])
        return out
