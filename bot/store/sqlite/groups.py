"""Groups and their pauses (``groups``, ``group_pauses``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import cast

from bot.store.errors import ChannelBusyError
from bot.store.models import Group, GroupPause, GroupState, NewGroup
from bot.store.sqlite.codec import clock, instant, is_row_id, iso
from bot.store.sqlite.connection import SqliteDb

GROUP_COLS = (
    "id, guild_id, channel_id, roadmap_id, start_date, post_time, timezone, pace, weekdays_only, "
    "catch_up, state, created_by, created_at, ended_at, problem, language"
)


def group_from_row(row: sqlite3.Row) -> Group:
    return Group(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        roadmap_id=row["roadmap_id"],
        start_date=date.fromisoformat(row["start_date"]),
        post_time=time.fromisoformat(row["post_time"]),
        timezone=row["timezone"],
        pace=row["pace"],
        weekdays_only=bool(row["weekdays_only"]),
        catch_up=bool(row["catch_up"]),
        state=cast(GroupState, row["state"]),
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        ended_at=instant(row["ended_at"]),
        problem=row["problem"],
        language=row["language"],
    )


def pause_from_row(row: sqlite3.Row) -> GroupPause:
    return GroupPause(
        row["group_id"], datetime.fromisoformat(row["started_at"]), instant(row["ended_at"])
    )


class SqliteGroups:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def create_group(self, new: NewGroup, now: datetime) -> Group:
        async with self._db.transaction() as conn:
            existing = await self.running_group_in_channel(new.guild_id, new.channel_id)
            if existing is not None:
                raise ChannelBusyError(existing)
            await conn.execute(
                "INSERT INTO guilds (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                (new.guild_id, iso(now)),
            )
            async with conn.execute(
                "INSERT INTO groups (guild_id, channel_id, roadmap_id, start_date, post_time, "
                "timezone, pace, weekdays_only, catch_up, created_by, created_at, language) "
                f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {GROUP_COLS}",
                (
                    new.guild_id,
                    new.channel_id,
                    new.roadmap_id,
                    new.start_date.isoformat(),
                    clock(new.post_time),
                    new.timezone,
                    new.pace,
                    int(new.weekdays_only),
                    int(new.catch_up),
                    new.created_by,
                    iso(now),
                    new.language,
                ),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return group_from_row(row)

    async def get_group(self, guild_id: int, group_id: int) -> Group | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.one(
            f"SELECT {GROUP_COLS} FROM groups WHERE guild_id = ? AND id = ?", (guild_id, group_id)
        )
        return None if row is None else group_from_row(row)

    async def running_group_in_channel(self, guild_id: int, channel_id: int) -> Group | None:
        row = await self._db.one(
            f"SELECT {GROUP_COLS} FROM groups WHERE guild_id = ? AND channel_id = ? "
            "AND state IN ('active', 'paused')",
            (guild_id, channel_id),
        )
        return None if row is None else group_from_row(row)

    async def groups_in_guild(
        self, guild_id: int, states: Iterable[GroupState] = ("active", "paused")
    ) -> list[Group]:
        wanted = list(states)
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.all(
            f"SELECT {GROUP_COLS} FROM groups WHERE guild_id = ? AND state IN ({marks}) "
            "ORDER BY id",
            (guild_id, *wanted),
        )
        return [group_from_row(r) for r in rows]

    async def set_group_state(
        self, guild_id: int, group_id: int, state: GroupState, now: datetime
    ) -> bool:
        async with self._db.transaction() as conn:
            async with conn.execute(
                "UPDATE groups SET state = ?, ended_at = CASE WHEN ? IN ('stopped', 'finished') "
                "THEN ? ELSE ended_at END WHERE guild_id = ? AND id = ?",
                (state, state, iso(now), guild_id, group_id),
            ) as cur:
                changed = cur.rowcount
            if not changed:
                return False
            await conn.execute(
                "UPDATE group_pauses SET ended_at = ? "
                "WHERE guild_id = ? AND group_id = ? AND ended_at IS NULL",
                (iso(now), guild_id, group_id),
            )
            if state == "paused":
                await conn.execute(
                    "INSERT INTO group_pauses (guild_id, group_id, started_at) VALUES (?, ?, ?)",
                    (guild_id, group_id, iso(now)),
                )
        return True

    async def set_group_problem(self, guild_id: int, group_id: int, problem: str | None) -> None:
        await self._db.write(
            "UPDATE groups SET problem = ? WHERE guild_id = ? AND id = ?",
            (problem, guild_id, group_id),
        )

    async def update_group_schedule(
        self, guild_id: int, group_id: int, post_time: time, timezone: str
    ) -> bool:
        changed = await self._db.write(
            "UPDATE groups SET post_time = ?, timezone = ? WHERE guild_id = ? AND id = ?",
            (clock(post_time), timezone, guild_id, group_id),
        )
        return changed > 0

    async def set_group_language(self, guild_id: int, group_id: int, language: str | None) -> bool:
        changed = await self._db.write(
            "UPDATE groups SET language = ? WHERE guild_id = ? AND id = ?",
            (language, guild_id, group_id),
        )
        return changed > 0

    async def pauses(self, guild_id: int, group_id: int) -> list[GroupPause]:
        rows = await self._db.all(
            "SELECT group_id, started_at, ended_at FROM group_pauses "
            "WHERE guild_id = ? AND group_id = ? ORDER BY started_at",
            (guild_id, group_id),
        )
        return [pause_from_row(r) for r in rows]
