"""Start-up's batch reads over every server of a process's shards: the scheduler and
reconciliation check every running group with these three queries."""

from __future__ import annotations

from bot.shards import ShardSet
from bot.store.interface import EVERY_SHARD
from bot.store.models import Group, GroupPause, PostSpan
from bot.store.postgres.connection import PgDb
from bot.store.postgres.groups import GROUP_COLS, group_from_row, pause_from_row
from bot.store.shard_filter import shard_condition


class PgStartup:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def running_groups_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> list[Group]:
        rows = await self._db.all(
            f"SELECT {GROUP_COLS} FROM groups WHERE state IN ('active', 'paused') "
            f"AND {shard_condition(shards, 'guild_id')} ORDER BY id"
        )
        return [group_from_row(r) for r in rows]

    async def pauses_all_guilds(
        self, shards: ShardSet = EVERY_SHARD
    ) -> dict[int, list[GroupPause]]:
        rows = await self._db.all(
            "SELECT p.group_id, p.started_at, p.ended_at FROM group_pauses AS p "
            "JOIN groups AS g ON g.guild_id = p.guild_id AND g.id = p.group_id "
            "WHERE g.state IN ('active', 'paused') "
            f"AND {shard_condition(shards, 'g.guild_id')} ORDER BY p.group_id, p.started_at"
        )
        pauses: dict[int, list[GroupPause]] = {}
        for row in rows:
            pauses.setdefault(row["group_id"], []).append(pause_from_row(row))
        return pauses

    async def post_spans_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> dict[int, PostSpan]:
        """One row per group, however many days it has posted."""
        rows = await self._db.all(
            "SELECT p.group_id, MIN(p.day) AS first_day, MAX(p.day) AS last_day, "
            "COUNT(*) AS row_count, "
            "array_agg(p.day) FILTER (WHERE p.state = 'claimed') AS claimed, "
            "array_agg(p.day) FILTER (WHERE p.state = 'failed') AS failed "
            "FROM posts AS p JOIN groups AS g ON g.id = p.group_id AND g.guild_id = p.guild_id "
            f"WHERE g.state = 'active' AND {shard_condition(shards, 'g.guild_id')} "
            "GROUP BY p.group_id"
        )
        return {
            r["group_id"]: PostSpan(
                r["first_day"],
                r["last_day"],
                r["row_count"],
                frozenset(r["claimed"] or ()),
                frozenset(r["failed"] or ()),
            )
            for r in rows
        }
