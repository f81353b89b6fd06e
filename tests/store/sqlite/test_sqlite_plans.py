"""How SQLite runs the queries whose cost depends on the index it picks."""

from __future__ import annotations

from bot.store.sqlite import SqliteDb
from bot.store.sqlite.ticks import TICK_DAYS


async def test_one_members_ticks_are_read_through_the_primary_key(sqlite_db: SqliteDb) -> None:
    """``tick_days`` (``/progress member:``, the progress card) reads the member's own rows,
    not every tick of the group by day (1,000 members x 84 days: ~300,000 rows)."""
    plan = await sqlite_db.all("EXPLAIN QUERY PLAN " + TICK_DAYS, (1, 2, 3))
    details = " ".join(str(row["detail"]) for row in plan)
    assert "sqlite_autoindex_ticks_1 (group_id=? AND user_id=?)" in details, details
    assert "ticks_by_group_day" not in details
