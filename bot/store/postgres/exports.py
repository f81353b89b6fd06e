"""Every row, in chunks, for copying the database into another backend (``export_rows``), and
the counts that prove a copy complete (``row_counts``). The export reads one snapshot
(a read-only repeatable-read transaction), whatever is written meanwhile."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import asyncpg

from bot.store.features.settings import GroupSetting
from bot.store.models import Guild, ImportBatch, Streak, Tick
from bot.store.postgres.checkins import CHECKIN_COLS, checkin_from_row
from bot.store.postgres.connection import PgDb
from bot.store.postgres.digests import DIGEST_COLS, digest_from_row
from bot.store.postgres.groups import GROUP_COLS, group_from_row, pause_from_row
from bot.store.postgres.live import EDIT_COLS, edit_from_row
from bot.store.postgres.members import MEMBER_COLS, member_from_row
from bot.store.postgres.milestones import GRANT_COLS, ROLE_COLS, grant_from_row, role_from_row
from bot.store.postgres.posts import POST_COLS, post_from_row
from bot.store.postgres.reminders import (
    PREF_EXPORT,
    REMINDER_EXPORT,
    ROLLCALL_EXPORT,
    pref_from_row,
    reminder_from_row,
    rollcall_from_row,
)
from bot.store.postgres.settings import BREAK_COLS, break_from_row
from bot.store.postgres.threads import THREAD_COLS, thread_from_row
from bot.store.tables import TABLES

_KINDS: dict[str, tuple[str, Callable[[asyncpg.Record], Any]]] = {
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
        'ORDER BY group_id, user_id, day, task_id COLLATE "C"',
        lambda r: Tick(*r),
    ),
    "checkins": (
        f"SELECT {CHECKIN_COLS} FROM checkins ORDER BY group_id, user_id, local_date",
        checkin_from_row,
    ),
    "streaks": (
        "SELECT guild_id, group_id, user_id, streak_date, streak, "
        "COALESCE(streak_freezes, 0), streak_rule FROM members "
        "WHERE streak IS NOT NULL AND streak_date IS NOT NULL ORDER BY group_id, user_id",
        lambda r: Streak(*r),
    ),
    "settings": (
        "SELECT guild_id, group_id, key, value FROM group_settings "
        'ORDER BY group_id, key COLLATE "C"',
        lambda r: GroupSetting(r["guild_id"], r["group_id"], r["key"], r["value"]),
    ),
    "breaks": (
        f"SELECT {BREAK_COLS} FROM member_breaks ORDER BY group_id, user_id, start_date",
        break_from_row,
    ),
    "milestone_roles": (
        f'SELECT {ROLE_COLS} FROM milestone_roles ORDER BY group_id, milestone COLLATE "C"',
        role_from_row,
    ),
    "milestone_grants": (
        f"SELECT {GRANT_COLS} FROM milestone_grants "
        'ORDER BY group_id, user_id, milestone COLLATE "C"',
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


class PgExports:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def row_counts(self) -> dict[str, int]:
        row = await self._db.one(COUNTS)
        assert row is not None
        return {key: int(value) for key, value in row.items()}

    async def export_rows(self, chunk: int) -> AsyncIterator[ImportBatch]:
        empty = ImportBatch()
        async with (
            self._db.pool.acquire() as con,
            con.transaction(isolation="repeatable_read", readonly=True),
        ):
            for kind in TABLES:
                sql, convert = _KINDS[kind]
                rows: list[Any] = []
                async for record in con.cursor(sql, prefetch=chunk):
                    rows.append(convert(record))
                    if len(rows) == chunk:
                        yield replace(empty, **{kind: rows})
                        rows = []
                if rows:
                    yield replace(empty, **{kind: rows})
