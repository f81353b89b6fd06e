"""Day threads (``day_threads``)."""

from __future__ import annotations

import sqlite3

from bot.shards import ShardSet
from bot.store.features.threads import DayThread
from bot.store.shard_filter import shard_condition
from bot.store.sqlite.codec import instant, is_row_id, iso
from bot.store.sqlite.connection import SqliteDb

THREAD_COLS = "guild_id, group_id, day, message_id, thread_id, problem, created_at"

WANTED = (
    "SELECT g.id AS group_id FROM groups AS g "
    "JOIN group_settings AS s ON s.guild_id = g.guild_id AND s.group_id = g.id "
    "AND s.key = 'threads' AND s.value = '1' "
    "JOIN posts AS p ON p.guild_id = g.guild_id AND p.group_id = g.id AND p.state = 'sent' "
    "AND p.message_id IS NOT NULL "
    "AND p.day = (SELECT MAX(q.day) FROM posts AS q WHERE q.group_id = g.id AND q.state = 'sent') "
    "LEFT JOIN day_threads AS t ON t.group_id = p.group_id AND t.day = p.day "
    "WHERE g.state IN ('active', 'paused') AND t.day IS NULL AND {shards}"
)
"""Running groups with threads on (``'1'``: ``services.settings.encode`` of a flag) whose
latest sent post has no thread row; the caller's service skips a summary post."""


def thread_from_row(row: sqlite3.Row) -> DayThread:
    created = instant(row["created_at"])
    assert created is not None
    return DayThread(
        row["guild_id"],
        row["group_id"],
        row["day"],
        row["message_id"],
        row["thread_id"],
        row["problem"],
        created,
    )


class SqliteDayThreads:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def day_threads(self, guild_id: int, group_id: int) -> list[DayThread]:
        if not is_row_id(group_id):
            return []
        rows = await self._db.all(
            f"SELECT {THREAD_COLS} FROM day_threads WHERE guild_id = ? AND group_id = ? "
            "ORDER BY day",
            (guild_id, group_id),
        )
        return [thread_from_row(r) for r in rows]

    async def record_day_thread(self, thread: DayThread) -> bool:
        if not is_row_id(thread.group_id):
            return False
        changed = await self._db.write(
            f"INSERT INTO day_threads ({THREAD_COLS}) SELECT ?, ?, ?, ?, ?, ?, ? FROM groups "
            "WHERE guild_id = ? AND id = ? ON CONFLICT (group_id, day) DO NOTHING",
            (
                thread.guild_id,
                thread.group_id,
                thread.day,
                thread.message_id,
                thread.thread_id,
                thread.problem,
                iso(thread.created_at),
                thread.guild_id,
                thread.group_id,
            ),
        )
        return changed == 1

    async def threads_wanted_all_guilds(self, shards: ShardSet) -> set[int]:
        rows = await self._db.all(WANTED.format(shards=shard_condition(shards, "g.guild_id")))
        return {r["group_id"] for r in rows}
