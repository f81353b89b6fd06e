"""Memberships and the per-member totals (``members``; its counters are kept by the triggers of
``migrations/0003_member_totals.sql``)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.store.models import Member, MemberTotals
from bot.store.sqlite.codec import day, instant, iso
from bot.store.sqlite.connection import SqliteDb

MEMBER_COLS = "guild_id, group_id, user_id, joined_at, left_at, timezone"


def member_from_row(row: sqlite3.Row) -> Member:
    return Member(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        joined_at=datetime.fromisoformat(row["joined_at"]),
        left_at=instant(row["left_at"]),
        timezone=row["timezone"],
    )


class SqliteMembers:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def add_member(
        self, guild_id: int, group_id: int, user_id: int, now: datetime
    ) -> tuple[Member, bool]:
        async with self._db.transaction() as conn:
            async with conn.execute(
                "INSERT INTO members (guild_id, group_id, user_id, joined_at) "
                "SELECT ?, ?, ?, ? WHERE EXISTS "
                "(SELECT 1 FROM groups WHERE guild_id = ? AND id = ?) "
                "ON CONFLICT (group_id, user_id) DO UPDATE SET left_at = NULL "
                "WHERE left_at IS NOT NULL",
                (guild_id, group_id, user_id, iso(now), guild_id, group_id),
            ) as cur:
                changed = cur.rowcount > 0
            async with conn.execute(
                f"SELECT {MEMBER_COLS} FROM members "
                "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
                (guild_id, group_id, user_id),
            ) as cur:
                row = await cur.fetchone()
        if row is None:
            raise LookupError(f"group {group_id} does not exist in guild {guild_id}")
        return member_from_row(row), changed

    async def leave_member(self, guild_id: int, group_id: int, user_id: int, now: datetime) -> bool:
        changed = await self._db.write(
            "UPDATE members SET left_at = ? "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ? AND left_at IS NULL",
            (iso(now), guild_id, group_id, user_id),
        )
        return changed > 0

    async def get_member(self, guild_id: int, group_id: int, user_id: int) -> Member | None:
        row = await self._db.one(
            f"SELECT {MEMBER_COLS} FROM members "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (guild_id, group_id, user_id),
        )
        return None if row is None else member_from_row(row)

    async def members(
        self, guild_id: int, group_id: int, *, include_left: bool = False
    ) -> list[Member]:
        rows = await self._db.all(
            f"SELECT {MEMBER_COLS} FROM members WHERE guild_id = ? AND group_id = ? "
            + ("" if include_left else "AND left_at IS NULL ")
            + "ORDER BY joined_at, user_id",
            (guild_id, group_id),
        )
        return [member_from_row(r) for r in rows]

    async def memberships_in_guild(self, guild_id: int, user_id: int) -> list[Member]:
        rows = await self._db.all(
            f"SELECT {MEMBER_COLS} FROM members WHERE guild_id = ? AND user_id = ? "
            "AND left_at IS NULL ORDER BY group_id",
            (guild_id, user_id),
        )
        return [member_from_row(r) for r in rows]

    async def member_totals(self, guild_id: int, group_id: int) -> list[MemberTotals]:
        rows = await self._db.all(
            "SELECT user_id, ticks_done, checkins_done, last_checkin, streak, streak_date, "
            "streak_freezes, streak_rule FROM members "
            "WHERE guild_id = ? AND group_id = ? AND left_at IS NULL "
            "ORDER BY joined_at, user_id",
            (guild_id, group_id),
        )
        return [
            MemberTotals(
                r["user_id"],
                r["ticks_done"],
                r["checkins_done"],
                day(r["last_checkin"]),
                r["streak"],
                day(r["streak_date"]),
                r["streak_freezes"],
                r["streak_rule"],
            )
            for r in rows
        ]

    async def set_streak(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        through: date,
        streak: int,
        freezes_used: int = 0,
        rule: int | None = None,
    ) -> None:
        await self._db.write(
            "UPDATE members SET streak = ?, streak_date = ?, streak_freezes = ?, streak_rule = ? "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (streak, through.isoformat(), freezes_used, rule, guild_id, group_id, user_id),
        )

    async def set_member_timezone(self, guild_id: int, user_id: int, timezone: str | None) -> int:
        return await self._db.write(
            "UPDATE members SET timezone = ? WHERE guild_id = ? AND user_id = ?",
            (timezone, guild_id, user_id),
        )
