"""Groups and their pauses (``groups``, ``group_pauses``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import cast

import asyncpg

from bot.store.errors import ChannelBusyError
from bot.store.models import Group, GroupPause, GroupState, NewGroup
from bot.store.postgres.codec import aware, clock, is_row_id
from bot.store.postgres.connection import Conn, PgDb

GROUP_COLS = (
    "id, guild_id, channel_id, roadmap_id, start_date, post_time, timezone, pace, weekdays_only, "
    "catch_up, state, created_by, created_at, ended_at, problem, language"
)


def group_from_row(row: asyncpg.Record) -> Group:
    return Group(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        roadmap_id=row["roadmap_id"],
        start_date=row["start_date"],
        post_time=row["post_time"],
        timezone=row["timezone"],
        pace=row["pace"],
        weekdays_only=row["weekdays_only"],
        catch_up=row["catch_up"],
        state=cast(GroupState, row["state"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        ended_at=row["ended_at"],
        problem=row["problem"],
        language=row["language"],
    )


def pause_from_row(row: asyncpg.Record) -> GroupPause:
    return GroupPause(row["group_id"], row["started_at"], row["ended_at"])


class PgGroups:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def create_group(self, new: NewGroup, now: datetime) -> Group:
        async def work(con: Conn) -> asyncpg.Record | None:
            await con.execute(
                "INSERT INTO guilds (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                new.guild_id,
                aware(now),
            )
            row: asyncpg.Record | None = await con.fetchrow(
                "INSERT INTO groups (guild_id, channel_id, roadmap_id, start_date, post_time, "
                "timezone, pace, weekdays_only, catch_up, created_by, created_at, language) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                f"RETURNING {GROUP_COLS}",
                new.guild_id,
                new.channel_id,
                new.roadmap_id,
                new.start_date,
                clock(new.post_time),
                new.timezone,
                new.pace,
                new.weekdays_only,
                new.catch_up,
                new.created_by,
                aware(now),
                new.language,
            )
            return row

        try:
            row = await self._db.run(work)
        except asyncpg.UniqueViolationError as exc:
            existing = await self.running_group_in_channel(new.guild_id, new.channel_id)
            if existing is None:
                raise
            raise ChannelBusyError(existing) from exc
        assert row is not None
        return group_from_row(row)

    async def get_group(self, guild_id: int, group_id: int) -> Group | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.one(
            f"SELECT {GROUP_COLS} FROM groups WHERE guild_id = $1 AND id = $2", guild_id, group_id
        )
        return None if row is None else group_from_row(row)

    async def running_group_in_channel(self, guild_id: int, channel_id: int) -> Group | None:
        row = await self._db.one(
            f"SELECT {GROUP_COLS} FROM groups WHERE guild_id = $1 AND channel_id = $2 "
            "AND state IN ('active', 'paused')",
            guild_id,
            channel_id,
        )
        return None if row is None else group_from_row(row)

    async def groups_in_guild(
        self, guild_id: int, states: Iterable[GroupState] = ("active", "paused")
    ) -> list[Group]:
        rows = await self._db.all(
            f"SELECT {GROUP_COLS} FROM groups WHERE guild_id = $1 AND state = ANY($2::text[]) "
            "ORDER BY id",
            guild_id,
            list(states),
        )
        return [group_from_row(r) for r in rows]

    async def set_group_state(
        self, guild_id: int, group_id: int, state: GroupState, now: datetime
    ) -> bool:
        async def work(con: Conn) -> bool:
            status: str = await con.execute(
                "UPDATE groups SET state = $1, ended_at = CASE WHEN $1 IN ('stopped', 'finished') "
                "THEN $2 ELSE ended_at END WHERE guild_id = $3 AND id = $4",
                state,
                aware(now),
                guild_id,
                group_id,
            )
            if status == "UPDATE 0":
                return False
            await con.execute(
                "UPDATE group_pauses SET ended_at = $1 "
                "WHERE guild_id = $2 AND group_id = $3 AND ended_at IS NULL",
                aware(now),
                guild_id,
                group_id,
            )
            if state == "paused":
                await con.execute(
                    "INSERT INTO group_pauses (guild_id, group_id, started_at) VALUES ($1, $2, $3)",
                    guild_id,
                    group_id,
                    aware(now),
                )
            return True

        return await self._db.run(work)

    async def set_group_problem(self, guild_id: int, group_id: int, problem: str | None) -> None:
        await self._db.write(
            "UPDATE groups SET problem = $1 WHERE guild_id = $2 AND id = $3",
            problem,
            guild_id,
            group_id,
        )

    async def set_group_language(self, guild_id: int, group_id: int, language: str | None) -> bool:
        changed = await self._db.write(
            "UPDATE groups SET language = $1 WHERE guild_id = $2 AND id = $3",
            language,
            guild_id,
            group_id,
        )
        return changed > 0

    async def update_group_schedule(
        self, guild_id: int, group_id: int, post_time: time, timezone: str
    ) -> bool:
        changed = await self._db.write(
            "UPDATE groups SET post_time = $1, timezone = $2 WHERE guild_id = $3 AND id = $4",
            clock(post_time),
            timezone,
            guild_id,
            group_id,
        )
        return changed > 0

    async def pauses(self, guild_id: int, group_id: int) -> list[GroupPause]:
        rows = await self._db.all(
            "SELECT group_id, started_at, ended_at FROM group_pauses "
            "WHERE guild_id = $1 AND group_id = $2 ORDER BY started_at",
            guild_id,
            group_id,
        )
        return [pause_from_row(r) for r in rows]
