"""Tasks ticked off (``ticks``). A click on a task button is one read (``tick_target``) and one
call of ``studybot_tick`` (migration 0001) in a transaction: the guarded write, then the day's
count.

The count is a statement of its own inside that function, not part of the write: a PostgreSQL
statement sees the rows as they were when it started, so a count inside the write would miss
the write itself and a concurrent tick by the same member. The totals trigger locks the
member's row until commit, so one member's ticks are written one after another and each count
read after its own write sees the others' (``test_concurrent_ticks_each_get_their_own_count``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from bot.store.models import GroupPause, GroupState, Tick, TickTarget
from bot.store.postgres.codec import aware, is_row_id
from bot.store.postgres.connection import Conn, PgDb

_TICK_TARGET = (
    "SELECT g.channel_id, g.roadmap_id, g.state, g.start_date, g.post_time, g.timezone, g.pace, "
    "g.weekdays_only, "
    "ARRAY(SELECT ROW(p.started_at, p.ended_at) FROM group_pauses p "
    " WHERE p.guild_id = g.guild_id AND p.group_id = g.id ORDER BY p.started_at) AS pauses, "
    "EXISTS (SELECT 1 FROM members m WHERE m.group_id = g.id AND m.user_id = $3 "
    " AND m.guild_id = g.guild_id AND m.left_at IS NULL) AS member_active, "
    "EXISTS (SELECT 1 FROM ticks t WHERE t.group_id = g.id AND t.user_id = $3 "
    " AND t.day = $4 AND t.task_id = $5 AND t.guild_id = g.guild_id) AS task_done, "
    "(SELECT COUNT(*) FROM ticks t WHERE t.group_id = g.id AND t.guild_id = g.guild_id "
    " AND t.user_id = $3 AND t.day = $4) AS done_today "
    "FROM groups g WHERE g.guild_id = $1 AND g.id = $2"
)

# The guarded write and the count, in one call of ``studybot_tick`` (migration 0001), with the
# transaction id the exactly-once commit needs (``PgDb.run_with_xid``).
_COUNTED = (
    "SELECT done, txid_current_if_assigned() AS xid "
    "FROM studybot_tick($1, $2, $3, $4, $5, $6, $7, $8) AS done"
)


class PgTicks:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def tick_target(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str
    ) -> TickTarget | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.one(_TICK_TARGET, guild_id, group_id, user_id, day, task_id)
        if row is None:
            return None
        return TickTarget(
            group_id=group_id,
            channel_id=row["channel_id"],
            roadmap_id=row["roadmap_id"],
            state=cast(GroupState, row["state"]),
            start_date=row["start_date"],
            post_time=row["post_time"],
            timezone=row["timezone"],
            pace=row["pace"],
            weekdays_only=row["weekdays_only"],
            pauses=tuple(GroupPause(group_id, start, end) for start, end in row["pauses"]),
            member_active=row["member_active"],
            task_done=row["task_done"],
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
            (guild_id, group_id, channel_id, user_id, day, task_id, aware(now), True)
        )

    async def remove_tick_counted(
        self, guild_id: int, group_id: int, channel_id: int, user_id: int, day: int, task_id: str
    ) -> int | None:
        return await self._counted(
            (guild_id, group_id, channel_id, user_id, day, task_id, None, False)
        )

    async def _counted(self, args: tuple[Any, ...]) -> int | None:
        async def work(con: Conn) -> tuple[int | None, int | None]:
            row = await con.fetchrow(_COUNTED, *args)
            assert row is not None
            return row["done"], row["xid"]

        return await self._db.run_with_xid(work)

    async def ticks(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Tick]:
        rows = await self._db.all(
            "SELECT guild_id, group_id, user_id, day, task_id, done_at FROM ticks "
            "WHERE guild_id = $1 AND group_id = $2 AND ($3::bigint IS NULL OR user_id = $3) "
            'ORDER BY user_id, day, task_id COLLATE "C"',
            guild_id,
            group_id,
            user_id,
        )
        return [Tick(*r) for r in rows]

    async def tick_counts_between(
        self, guild_id: int, group_id: int, first_day: int, last_day: int
    ) -> dict[int, int]:
        rows = await self._db.all(
            "SELECT user_id, COUNT(*) AS done FROM ticks WHERE guild_id = $1 AND group_id = $2 "
            "AND day BETWEEN $3 AND $4 GROUP BY user_id",
            guild_id,
            group_id,
            first_day,
            last_day,
        )
        return {r["user_id"]: r["done"] for r in rows}

    async def tick_days(self, guild_id: int, group_id: int, user_id: int) -> dict[int, int]:
        rows = await self._db.all(
            "SELECT day, COUNT(*) AS done FROM ticks "
            "WHERE guild_id = $1 AND group_id = $2 AND user_id = $3 GROUP BY day",
            guild_id,
            group_id,
            user_id,
        )
        return {r["day"]: r["done"] for r in rows}
