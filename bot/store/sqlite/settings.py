"""Groups' settings and members' breaks (``group_settings``, ``member_breaks``)."""

from __future__ import annotations

import sqlite3
from datetime import date

from bot.shards import ShardSet
from bot.store.features.settings import GroupSetting, MemberBreak
from bot.store.shard_filter import shard_condition
from bot.store.sqlite.codec import instant, is_row_id, iso
from bot.store.sqlite.connection import SqliteDb

BREAK_COLS = "guild_id, group_id, user_id, start_date, end_date, created_at"


def break_from_row(row: sqlite3.Row) -> MemberBreak:
    created = instant(row["created_at"])
    assert created is not None
    return MemberBreak(
        row["guild_id"],
        row["group_id"],
        row["user_id"],
        date.fromisoformat(row["start_date"]),
        date.fromisoformat(row["end_date"]),
        created,
    )


class SqliteSettings:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def group_settings(self, guild_id: int, group_id: int) -> dict[str, str]:
        if not is_row_id(group_id):
            return {}
        rows = await self._db.all(
            "SELECT key, value FROM group_settings WHERE guild_id = ? AND group_id = ?",
            (guild_id, group_id),
        )
        return {r["key"]: r["value"] for r in rows}

    async def set_group_setting(
        self, guild_id: int, group_id: int, key: str, value: str | None
    ) -> bool:
        if not is_row_id(group_id):
            return False
        found = await self._db.one(
            "SELECT 1 FROM groups WHERE guild_id = ? AND id = ?", (guild_id, group_id)
        )
        if found is None:
            return False
        if value is None:
            await self._db.write(
                "DELETE FROM group_settings WHERE guild_id = ? AND group_id = ? AND key = ?",
                (guild_id, group_id, key),
            )
        else:
            await self._db.write(
                "INSERT INTO group_settings (guild_id, group_id, key, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (group_id, key) DO UPDATE SET value = excluded.value",
                (guild_id, group_id, key, value),
            )
        return True

    async def settings_all_guilds(self, shards: ShardSet) -> dict[int, dict[str, str]]:
        rows = await self._db.all(
            "SELECT s.group_id, s.key, s.value FROM group_settings AS s "
            "JOIN groups AS g ON g.guild_id = s.guild_id AND g.id = s.group_id "
            f"WHERE g.state IN ('active', 'paused') AND {shard_condition(shards, 'g.guild_id')}"
        )
        found: dict[int, dict[str, str]] = {}
        for row in rows:
            found.setdefault(row["group_id"], {})[row["key"]] = row["value"]
        return found

    async def setting_all_guilds(self, shards: ShardSet, key: str) -> list[GroupSetting]:
        rows = await self._db.all(
            "SELECT s.guild_id, s.group_id, s.value FROM group_settings AS s "
            "JOIN groups AS g ON g.guild_id = s.guild_id AND g.id = s.group_id "
            "WHERE s.key = ? AND g.state IN ('active', 'paused') "
            f"AND {shard_condition(shards, 'g.guild_id')} ORDER BY s.group_id",
            (key,),
        )
        return [GroupSetting(r["guild_id"], r["group_id"], key, r["value"]) for r in rows]

    async def add_break(self, brk: MemberBreak) -> bool:
        if not is_row_id(brk.group_id):
            return False
        changed = await self._db.write(
            f"INSERT INTO member_breaks ({BREAK_COLS}) SELECT ?, ?, ?, ?, ?, ? FROM members "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ? "
            "ON CONFLICT (group_id, user_id, start_date) DO NOTHING",
            (
                brk.guild_id,
                brk.group_id,
                brk.user_id,
                brk.start.isoformat(),
                brk.end.isoformat(),
                iso(brk.created_at),
                brk.guild_id,
                brk.group_id,
                brk.user_id,
            ),
        )
        return changed == 1

    async def breaks(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[MemberBreak]:
        if not is_row_id(group_id):
            return []
        if user_id is None:
            rows = await self._db.all(
                f"SELECT {BREAK_COLS} FROM member_breaks WHERE guild_id = ? AND group_id = ? "
                "ORDER BY user_id, start_date",
                (guild_id, group_id),
            )
        else:
            rows = await self._db.all(
                f"SELECT {BREAK_COLS} FROM member_breaks "
                "WHERE guild_id = ? AND group_id = ? AND user_id = ? ORDER BY start_date",
                (guild_id, group_id, user_id),
            )
        return [break_from_row(r) for r in rows]

    async def remove_break(self, guild_id: int, group_id: int, user_id: int, start: date) -> bool:
        if not is_row_id(group_id):
            return False
        changed = await self._db.write(
            "DELETE FROM member_breaks "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ? AND start_date = ?",
            (guild_id, group_id, user_id, start.isoformat()),
        )
        return changed == 1
