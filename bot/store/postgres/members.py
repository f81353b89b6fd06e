"""Memberships and the per-member totals (``members``; its counters are kept by the triggers of
``migrations/0003_member_totals.sql``)."""

from __future__ import annotations

from datetime import date, datetime

import asyncpg

from bot.store.models import Member, MemberTotals
from bot.store.postgres.codec import aware
from bot.store.postgres.connection import Conn, PgDb

MEMBER_COLS = "guild_id, group_id, user_id, joined_at, left_at, timezone"


def member_from_row(row: asyncpg.Record) -> Member:
    return Member(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        joined_at=row["joined_at"],
        left_at=row["left_at"],
        timezone=row["timezone"],
    )


class PgMembers:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def add_member(
        self, guild_id: int, group_id: int, user_id: int, now: datetime
    ) -> tuple[Member, bool]:
        async def work(con: Conn) -> tuple[asyncpg.Record | None, bool]:
            status: str = await con.execute(
                "INSERT INTO members (guild_id, group_id, user_id, joined_at) "
                "SELECT $1, $2, $3, $4 WHERE EXISTS "
                "(SELECT 1 FROM groups WHERE guild_id = $1 AND id = $2) "
                "ON CONFLICT (group_id, user_id) DO UPDATE SET left_at = NULL "
                "WHERE members.left_at IS NOT NULL",
                guild_id,
                group_id,
                user_id,
                aware(now),
            )
            row = await con.fetchrow(
                f"SELECT {MEMBER_COLS} FROM members "
                "WHERE guild_id = $1 AND group_id = $2 AND user_id = $3",
                guild_id,
                group_id,
                user_id,
            )
            return row, status != "INSERT 0 0"

        row, changed = await self._db.run(work)
        if row is None:
            raise LookupError(f"group {group_id} does not exist in guild {guild_id}")
        return member_from_row(row), changed

    async def leave_member(self, guild_id: int, group_id: int, user_id: int, now: datetime) -> bool:
        changed = await self._db.write(
            "UPDATE members SET left_at = $1 "
            "WHERE guild_id = $2 AND group_id = $3 AND user_id = $4 AND left_at IS NULL",
            aware(now),
            guild_id,
            group_id,
            user_id,
        )
        return changed > 0

    async def get_member(self, guild_id: int, group_id: int, user_id: int) -> Member | None:
        row = await self._db.one(
            f"SELECT {MEMBER_COLS} FROM members "
            "WHERE guild_id = $1 AND group_id = $2 AND user_id = $3",
            guild_id,
            group_id,
            user_id,
        )
        return None if row is None else member_from_row(row)

    async def members(
        self, guild_id: int, group_id: int, *, include_left: bool = False
    ) -> list[Member]:
        rows = await self._db.all(
            f"SELECT {MEMBER_COLS} FROM members WHERE guild_id = $1 AND group_id = $2 "
            + ("" if include_left else "AND left_at IS NULL ")
            + "ORDER BY joined_at, user_id",
            guild_id,
            group_id,
        )
        return [member_from_row(r) for r in rows]

    async def memberships_in_guild(self, guild_id: int, user_id: int) -> list[Member]:
        rows = await self._db.all(
            f"SELECT {MEMBER_COLS} FROM members WHERE guild_id = $1 AND user_id = $2 "
            "AND left_at IS NULL ORDER BY group_id",
            guild_id,
            user_id,
        )
        return [member_from_row(r) for r in rows]

    async def member_totals(self, guild_id: int, group_id: int) -> list[MemberTotals]:
        rows = await self._db.all(
            "SELECT user_id, ticks_done, checkins_done, last_checkin, streak, streak_date, "
            "streak_freezes, streak_rule FROM members "
            "WHERE guild_id = $1 AND group_id = $2 AND left_at IS NULL "
            "ORDER BY joined_at, user_id",
            guild_id,
            group_id,
        )
        return [MemberTotals(*r) for r in rows]

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
            "UPDATE members SET streak = $1, streak_date = $2, streak_freezes = $6, "
            "streak_rule = $7 "
            "WHERE guild_id = $3 AND group_id = $4 AND user_id = $5",
            streak,
            through,
            guild_id,
            group_id,
            user_id,
            freezes_used,
            rule,
        )

    async def set_member_timezone(self, guild_id: int, user_id: int, timezone: str | None) -> int:
        return await self._db.write(
            "UPDATE members SET timezone = $1 WHERE guild_id = $2 AND user_id = $3",
            timezone,
            guild_id,
            user_id,
        )
