"""Daily check-ins (``checkins``), one per member and local date."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.store.models import Checkin
from bot.store.sqlite.codec import iso
from bot.store.sqlite.connection import SqliteDb

CHECKIN_COLS = "guild_id, group_id, user_id, local_date, note, minutes, created_at, updated_at"

COUNTED = "(c.minutes IS NULL OR c.minutes > 0) AND c.local_date >= g.start_date"
"""Check-ins ``c`` of group ``g`` that count for points and streaks (``scoring.counts``; the
triggers of migration 0007_counted_checkins keep ``members.checkins_done`` by the same rule)."""

_IDS_PER_QUERY = 500
"""Below SQLite's limit on bound parameters."""


def checkin_from_row(row: sqlite3.Row) -> Checkin:
    return Checkin(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        local_date=date.fromisoformat(row["local_date"]),
        note=row["note"],
        minutes=row["minutes"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class SqliteCheckins:
    def __init__(self, db: SqliteDb) -> None:
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
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM checkins WHERE guild_id = ? AND group_id = ? AND user_id = ? "
                "AND local_date = ?",
                (guild_id, group_id, user_id, local_date.isoformat()),
            ) as cur:
                existed = await cur.fetchone() is not None
            async with conn.execute(
                "INSERT INTO checkins (guild_id, group_id, user_id, local_date, note, minutes, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (group_id, user_id, local_date) DO UPDATE SET "
                "note = COALESCE(excluded.note, note), "
                "minutes = COALESCE(excluded.minutes, minutes), updated_at = excluded.updated_at "
                f"RETURNING {CHECKIN_COLS}",
                (
                    guild_id,
                    group_id,
                    user_id,
                    local_date.isoformat(),
                    note,
                    minutes,
                    iso(now),
                    iso(now),
                ),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return checkin_from_row(row), not existed

    async def checkins(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[Checkin]:
        sql = f"SELECT {CHECKIN_COLS} FROM checkins WHERE guild_id = ? AND group_id = ?"
        params: list[Any] = [guild_id, group_id]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = await self._db.all(sql + " ORDER BY user_id, local_date", params)
        return [checkin_from_row(r) for r in rows]

    async def checkin_counts_since(
        self, guild_id: int, group_id: int, since: date
    ) -> dict[int, int]:
        rows = await self._db.all(
            "SELECT c.user_id, COUNT(*) AS done FROM checkins c JOIN groups g ON g.id = c.group_id "
            "WHERE c.guild_id = ? AND c.group_id = ? AND c.local_date >= ? "
            f"AND {COUNTED} GROUP BY c.user_id",
            (guild_id, group_id, since.isoformat()),
        )
        return {r["user_id"]: r["done"] for r in rows}

    async def checkin_dates_of(
        self, guild_id: int, group_id: int, user_ids: Sequence[int]
    ) -> dict[int, set[date]]:
        out: dict[int, set[date]] = {u: set() for u in user_ids}
        for chunk in range(0, len(user_ids), _IDS_PER_QUERY):
            ids = user_ids[chunk : chunk + _IDS_PER_QUERY]
            marks = ", ".join("?" for _ in ids)
            rows = await self._db.all(
                "SELECT c.user_id, c.local_date FROM checkins c JOIN groups g ON g.id = c.group_id "
                f"WHERE c.guild_id = ? AND c.group_id = ? AND {COUNTED} "
                f"AND c.user_id IN ({marks})",
                (guild_id, group_id, *ids),
            )
            for r in rows:
                out[r["user_id"]].add(date.fromisoformat(r["local_date"]))
        return out
