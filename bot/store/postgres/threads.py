"""Day threads (``day_threads``)."""

from __future__ import annotations

import asyncpg

from bot.shards import ShardSet
from bot.store.features.threads import DayThread
from bot.store.postgres.codec import aware, is_row_id
from bot.store.postgres.connection import PgDb
from bot.store.shard_filter import shard_condition

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
"""The same as SQLite's (``bot/store/sqlite/threads.py``)."""


def thread_from_row(row: asyncpg.Record) -> DayThread:
    return DayThread(
        row["guild_id"],
        row["group_id"],
        row["day"],
        row["message_id"],
        row["thread_id"],
        row["problem"],
        row["created_at"],
    )


class PgDayThreads:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def day_threads(self, guild_id: int, group_id: int) -> list[DayThread]:
        if not is_row_id(group_id):
            return []
        rows = await self._db.all(
            f"SELECT {THREAD_COLS} FROM day_threads WHERE guild_id = $1 AND group_id = $2 "
            "ORDER BY day",
            guild_id,
            group_id,
        )
        return [thread_from_row(r) for r in rows]

    async def record_day_thread(self, thread: DayThread) -> bool:
        if not is_row_id(thread.group_id):
            return False
        changed = await self._db.write(
            f"INSERT INTO day_threads ({THREAD_COLS}) SELECT $1, $2, $3, $4, $5, $6, $7 "
            "FROM groups WHERE guild_id = $1 AND id = $2 ON CONFLICT (group_id, day) DO NOTHING",
            thread.guild_id,
            thread.group_id,
            thread.day,
            thread.message_id,
            thread.thread_id,
            thread.problem,
            aware(thread.created_at),
        )
        return changed == 1

    async def threads_wanted_all_guilds(self, shards: ShardSet) -> set[int]:
        rows = await self._db.all(WANTED.format(shards=shard_condition(shards, "g.guild_id")))
        return {r["group_id"] for r in rows}
