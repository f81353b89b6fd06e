"""Live edits (``message_edits``) and a day's ticks as its post counts them, on PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from bot.shards import ShardSet
from bot.store.features.live import EVERY_SHARD, DayTicks, EditRow
from bot.store.postgres.codec import aware, aware_or_none
from bot.store.postgres.connection import PgDb
from bot.store.shard_filter import shard_condition

EDIT_COLS = "guild_id, group_id, kind, item, dirty_at, edited_at, shown, stopped"


def edit_from_row(row: asyncpg.Record) -> EditRow:
    return EditRow(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        kind=row["kind"],
        item=row["item"],
        dirty_at=row["dirty_at"],
        edited_at=row["edited_at"],
        shown=row["shown"],
        stopped=row["stopped"],
    )


# The group's current members and their ticks on the day in one round trip: the count on
# every row, and one row with no tick when nobody ticked.
_DAY_TICKS = (
    "SELECT c.n, t.user_id, t.task_id FROM "
    "(SELECT COUNT(*) AS n FROM members "
    "WHERE guild_id = $1 AND group_id = $2 AND left_at IS NULL) AS c "
    "LEFT JOIN (SELECT t.user_id, t.task_id FROM ticks AS t JOIN members AS m "
    "ON m.group_id = t.group_id AND m.user_id = t.user_id AND m.left_at IS NULL "
    "WHERE t.guild_id = $1 AND t.group_id = $2 AND t.day = $3) AS t ON true"
)


class PgLive:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def mark_edit(
        self, guild_id: int, group_id: int, kind: str, item: int, now: datetime
    ) -> EditRow | None:
        row = await self._db.write_returning(
            "INSERT INTO message_edits (guild_id, group_id, kind, item, dirty_at) "
            "SELECT $1, $2, $3, $4, $5 WHERE EXISTS "
            "(SELECT 1 FROM groups WHERE guild_id = $1 AND id = $2) "
            "ON CONFLICT (group_id, kind, item) DO UPDATE SET "
            "dirty_at = COALESCE(message_edits.dirty_at, excluded.dirty_at) "
            "WHERE message_edits.guild_id = excluded.guild_id "
            f"RETURNING {EDIT_COLS}",
            guild_id,
            group_id,
            kind,
            item,
            aware(now),
        )
        return None if row is None else edit_from_row(row)

    async def finish_edit(
        self,
        guild_id: int,
        group_id: int,
        kind: str,
        item: int,
        *,
        dirty_at: datetime | None,
        edited_at: datetime | None,
        shown: str | None,
        stopped: bool,
    ) -> None:
        await self._db.write(
            "UPDATE message_edits SET dirty_at = $1, edited_at = $2, shown = $3, stopped = $4 "
            "WHERE guild_id = $5 AND group_id = $6 AND kind = $7 AND item = $8",
            aware_or_none(dirty_at),
            aware_or_none(edited_at),
            shown,
            stopped,
            guild_id,
            group_id,
            kind,
            item,
        )

    async def pending_edits_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> list[EditRow]:
        rows = await self._db.all(
            f"SELECT {EDIT_COLS} FROM message_edits WHERE dirty_at IS NOT NULL AND NOT stopped "
            f"AND {shard_condition(shards, 'guild_id')} ORDER BY dirty_at"
        )
        return [edit_from_row(r) for r in rows]

    async def day_ticks(self, guild_id: int, group_id: int, day: int) -> DayTicks:
        rows = await self._db.all(_DAY_TICKS, guild_id, group_id, day)
        done: dict[int, set[str]] = {}
        for row in rows:
            if row["user_id"] is not None:
                done.setdefault(row["user_id"], set()).add(row["task_id"])
        members = int(rows[0]["n"]) if rows else 0
        return DayTicks(members, {user: frozenset(tasks) for user, tasks in done.items()})
