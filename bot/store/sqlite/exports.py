"""Every row, in chunks, for copying the database into another backend (``export_rows``), and
the counts that prove a copy complete (``row_counts``)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import date
from typing import Any

from bot.store.features.settings import GroupSetting
from bot.store.models import Guild, ImportBatch, Streak, Tick
from bot.store.sqlite.checkins import CHECKIN_COLS, checkin_from_row
from bot.store.sqlite.codec import instant
from bot.store.sqlite.connection import SqliteDb
from bot.store.sqlite.digests import DIGEST_COLS, digest_from_row
from bot.store.sqlite.groups import GROUP_COLS, group_from_row, pause_from_row
from bot.store.sqlite.live import EDIT_COLS, edit_from_row
from bot.store.sqlite.members import MEMBER_COLS, member_from_row
from bot.store.sqlite.milestones import GRANT_COLS, ROLE_COLS, grant_from_row, role_from_row
from bot.store.sqlite.posts import POST_COLS, post_from_row
from bot.store.sqlite.reminders import (
    PREF_EXPORT,
    REMINDER_EXPORT,
    ROLLCALL_EXPORT,
    pref_from_row,
    reminder_from_row,
    rollcall_from_row,
)
from bot.store.sqlite.settings import BREAK_COLS, break_from_row
from bot.store.sqlite.threads import THREAD_COLS, thread_from_row
from bot.store.tables import TABLES


def _tick(row: sqlite3.Row) -> Tick:
    done_at = instant(row["done_at"])
    assert done_at is not None
    return Tick(
        row["guild_id"], row["group_id"], row["user_id"], row["day"], row["task_id"], done_at
    )


def _streak(row: sqlite3.Row) -> Streak:
    through = date.fromisoformat(row["streak_date"])
    used = row["streak_freezes"] or 0
    return Streak(
        row["guild_id"],
        row["group_id"],
        row["user_id"],
        through,
        row["streak"],
        used,
        row["streak_rule"],
    )


_KINDS: dict[str, tuple[str, Callable[[sqlite3.Row], Any]]] = {
    "guilds": ("SELECT id, locale FROM guilds ORDER BY id", lambda r: Guild(r["id"], r["locale"])),
    "groups": (f"SELECT {GROUP_COLS} FROM groups ORDER BY id", group_from_row),
    "pauses": (
        "SELECT group_id, started_at, ended_at FROM group_pauses ORDER BY group_id, started_at",
        pause_from_row,
    ),
    "members": (f"SELECT {MEMBER_COLS} FROM members ORDER BY group_id, user_id", member_from_row),
    "posts": (f"SELECT {POST_COLS} FROM posts ORDER BY group_id, day", post_from_row),
    "ticks": (
        "SELECT guild_id, group_id, user_id, day, task_id, done_at FROM ticks "
        "ORDER BY group_id, user_id, day, task_id",
        _tick,
    ),
    "checkins": (
        f"SELECT {CHECKIN_COLS} FROM checkins ORDER BY group_id, user_id, local_date",
        checkin_from_row,
    ),
    "streaks": (
        "SELECT guild_id, group_id, user_id, streak, streak_date, streak_freezes, streak_rule "
        "FROM members "
        "WHERE streak IS NOT NULL AND streak_date IS NOT NULL ORDER BY group_id, user_id",
        _streak,
    ),
    "settings": (
        "SELECT guild_id, group_id, key, value FROM group_settings ORDER BY group_id, key",
        lambda r: GroupSetting(r["guild_id"], r["group_id"], r["key"], r["value"]),
    ),
    "breaks": (
        f"SELECT {BREAK_COLS} FROM member_breaks ORDER BY group_id, user_id, start_date",
        break_from_row,
    ),
    "milestone_roles": (
        f"SELECT {ROLE_COLS} FROM milestone_roles ORDER BY group_id, milestone",
        role_from_row,
    ),
    "milestone_grants": (
        f"SELECT {GRANT_COLS} FROM milestone_grants ORDER BY group_id, user_id, milestone",
        grant_from_row,
    ),
    "reminder_prefs": (PREF_EXPORT, pref_from_row),
    "reminders": (REMINDER_EXPORT, reminder_from_row),
    "rollcalls": (ROLLCALL_EXPORT, rollcall_from_row),
    "edits": (
        f"SELECT {EDIT_COLS} FROM message_edits ORDER BY group_id, kind, item",
        edit_from_row,
    ),
    "threads": (
        f"SELECT {THREAD_COLS} FROM day_threads ORDER BY group_id, day",
        thread_from_row,
    ),
    "digests": (
        f"SELECT {DIGEST_COLS} FROM digests ORDER BY group_id, week_start",
        digest_from_row,
    ),
}
COUNTS = (
    "SELECT (SELECT COUNT(*) FROM guilds) AS guilds, (SELECT COUNT(*) FROM groups) AS groups, "
    "(SELECT COUNT(*) FROM group_pauses) AS pauses, (SELECT COUNT(*) FROM members) AS members, "
    "(SELECT COUNT(*) FROM posts) AS posts, (SELECT COUNT(*) FROM ticks) AS ticks, "
    "(SELECT COUNT(*) FROM checkins) AS checkins, "
    "(SELECT COUNT(*) FROM members WHERE streak IS NOT NULL AND streak_date IS NOT NULL) "
    "AS streaks, "
    "(SELECT COUNT(*) FROM group_settings) AS settings, "
    "(SELECT COUNT(*) FROM member_breaks) AS breaks, "
    "(SELECT COUNT(*) FROM milestone_roles) AS milestone_roles, "
    "(SELECT COUNT(*) FROM milestone_grants) AS milestone_grants, "
    "(SELECT COUNT(*) FROM reminder_prefs) AS reminder_prefs, "
    "(SELECT COUNT(*) FROM reminders) AS reminders, "
    "(SELECT COUNT(*) FROM rollcalls) AS rollcalls, "
    "(SELECT COUNT(*) FROM message_edits) AS edits, "
    "(SELECT COUNT(*) FROM day_threads) AS threads, "
    "(SELECT COUNT(*) FROM digests) AS digests, "
    "(SELECT COALESCE(SUM(ticks_done), 0) FROM members) AS ticks_done, "
    "(SELECT COALESCE(SUM(checkins_done), 0) FROM members) AS checkins_done"
)


class SqliteExports:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def row_counts(self) -> dict[str, int]:
        row = await self._db.one(COUNTS)
        assert row is not None
        return {key: int(row[key]) for key in row.keys()}  # noqa: SIM118 (sqlite3.Row)

    async def export_rows(self, chunk: int) -> AsyncIterator[ImportBatch]:
        empty = ImportBatch()
        for kind in TABLES:
            sql, convert = _KINDS[kind]
            async with self._db.conn.execute(sql) as cur:
                while rows := await cur.fetchmany(chunk):
                    yield replace(empty, **{kind: [convert(r) for r in rows]})
