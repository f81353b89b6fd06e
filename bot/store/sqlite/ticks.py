"""Tasks ticked off (``ticks``). A click on a task button is one read (``tick_target``) and, when
it changes something, one guarded write that returns the day's count: two trips to aiosqlite's
thread (bench row 1 measures them)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, cast

from bot.store.models import GroupPause, GroupState, Tick, TickTarget
from bot.store.sqlite.codec import instant, is_row_id, iso
from bot.store.sqlite.connection import SqliteDb

_TICK_TARGET = (
    "SELECT g.channel_id, g.roadmap_id, g.state, g.start_date, g.post_time, g.timezone, g.pace, "
    "g.weekdays_only, "
    "(SELECT group_concat(p.started_at || ' ' || COALESCE(p.ended_at, ''), ',') "
    " FROM group_pauses p WHERE p.guild_id = g.guild_id AND p.group_id = g.id) AS pauses, "
    "EXISTS (SELECT 1 FROM members m WHERE m.group_id = g.id AND m.user_id = :user "
    " AND m.guild_id = g.guild_id AND m.left_at IS NULL) AS member_active, "
    "EXISTS (SELECT 1 FROM ticks t WHERE t.group_id = g.id AND t.user_id = :user "
    " AND t.day = :day AND t.task_id = :task AND t.guild_id = g.guild_id) AS task_done, "
    "(SELECT COUNT(*) FROM ticks t WHERE t.group_id = g.id AND t.guild_id = g.guild_id "
    " AND t.user_id = :user AND t.day = :day) AS done_today "
    "FROM groups g WHERE g.guild_id = :guild AND g.id = :group"
)

# The write re-checks, in the same statement, what may have changed since the read: the clicker
# is still an active member and the group is still this channel's and not stopped. The day's
# count comes back from ``RETURNING``, whose subquery sees the statement's own change (and is
# unaffected by triggers that write other tables).
_TICK_GUARD = (
    "EXISTS (SELECT 1 FROM members WHERE group_id = :group AND user_id = :user "
    " AND guild_id = :guild AND left_at IS NULL) "
    "AND EXISTS (SELECT 1 FROM groups WHERE id = :group AND guild_id = :guild "
    " AND channel_id = :channel AND state <> 'stopped')"
)
_DAY_COUNT = (
    "(SELECT COUNT(*) FROM ticks WHERE group_id = :group AND guild_id = :guild "
    " AND user_id = :user AND day = :day) AS done_today"
)


# One member's ticks per day, read through the primary key (group, user, ...): the unary plus
# keeps SQLite from taking the group's by-day index, which matches as many columns and would
# read every tick of the group (tests/store/sqlite/test_sqlite_plans.py).
TICK_DAYS = (
    "SELECT day, COUNT(*) AS done FROM ticks "
    "WHERE +guild_id = ? AND group_id = ? AND user_id = ? GROUP BY day"
)


def _pauses(group_id: int, text: str | None) -> tuple[GroupPause, ...]:
    """``"start end,start end"`` (end empty while paused), oldest first as ``pauses`` returns."""
    if not text:
        return ()
    return tuple(
        GroupPause(group_id, datetime.fromisoformat(start), instant(end or None))
        for start, _, end in (p.partition(" ") for p in sorted(text.split(",")))
    )


class SqliteTicks:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def tick_target(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str
    ) -> TickTarget | None:
        if not is_row_id(group_id):
            return None
        params = {
            "guild": guild_id,
            "group": group_id,
            "user": user_id,
            "day": day,
            "task": task_id,
        }
        row = await self._db.one(_TICK_TARGET, params)
        if row is None:
            return None
        return TickTarget(
            group_id=group_id,
            channel_id=row["channel_id"],
            roadmap_id=row["roadmap_id"],
            state=cast(GroupState, row["state"]),
            start_date=date.fromisoformat(row["start_date"]),
            post_time=time.fromisoformat(row["post_time"]),
            timezone=row["timezone"],
            pace=row["pace"],
            weekdays_only=bool(row["weekdays_only"]),
            pauses=_pauses(group_id, row["pauses"]),
            member_active=bool(row["member_active"]),
            task_done=bool(row["task_done"]),
            done_today=row["done_today"],
        )

    async def add_tick_counted(
        self,
        guild_id: int,
        group_id: int,
        channel_id: int,
        user_id: int,
        day: int,
        task_id: str,
        now: datetime,
    ) -> int | None:
        return await self._counted(
            "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
            f"SELECT :guild, :group, :user, :day, :task, :now WHERE {_TICK_GUARD} "
            f"ON CONFLICT DO NOTHING RETURNING {_DAY_COUNT}",
            {
                "guild": guild_id,
                "group": group_id,
                "channel": channel_id,
                "user": user_id,
                "day": day,
                "task": task_id,
                "now": iso(now),
            },
        )

    async def remove_tick_counted(
        self, guild_id: int, group_id: int, channel_id: int, user_id: int, day: int, task_id: str
    ) -> int | None:
        return await self._counted(
            "DELETE FROM ticks WHERE group_id = :group AND user_id = :user AND day = :day "
            f"AND task_id = :task AND guild_id = :guild AND {_TICK_GUARD} "
            f"RETURNING {_DAY_COUNT}",
            {
                "guild": guild_id,
                "group": group_id,
                "channel": channel_id,
                "user": user_id,
                "day": day,
                "task": task_id,
            },
        )

    async def _counted(self, sql: str, params: dict[str, Any]) -> int | None:
        row = await self._db.write_in_one_trip(sql, params)
        return None if row is None else int(row["done_today"])

    async def ticks(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Tick]:
        sql = (
            "SELECT guild_id, group_id, user_id, day, task_id, done_at FROM ticks "
            "WHERE guild_id = ? AND group_id = ?"
        )
        params: list[Any] = [guild_id, group_id]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = await self._db.all(sql + " ORDER BY user_id, day, task_id", params)
        return [
            Tick(
                r["guild_id"],
                r["group_id"],
                r["user_id"],
                r["day"],
                r["task_id"],
                datetime.fromisoformat(r["done_at"]),
            )
            for r in rows
        ]

    async def tick_counts_between(
        self, guild_id: int, group_id: int, first_day: int, last_day: int
    ) -> dict[int, int]:
        rows = await self._db.all(
            "SELECT user_id, COUNT(*) AS done FROM ticks WHERE guild_id = ? AND group_id = ? "
            "AND day BETWEEN ? AND ? GROUP BY user_id",
            (guild_id, group_id, first_day, last_day),
        )
        return {r["user_id"]: r["done"] for r in rows}

    async def tick_days(self, guild_id: int, group_id: int, user_id: int) -> dict[int, int]:
        rows = await self._db.all(TICK_DAYS, (guild_id, group_id, user_id))
        return {r["day"]: r["done"] for r in rows}
