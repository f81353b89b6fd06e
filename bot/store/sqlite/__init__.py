"""The SQLite backend: one file, one aiosqlite connection, numbered migrations in
``migrations/`` recorded in ``PRAGMA user_version``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.store.interface import Backend
from bot.store.sqlite.announcements import SqliteAnnouncements
from bot.store.sqlite.boards import SqliteBoards
from bot.store.sqlite.checkins import SqliteCheckins
from bot.store.sqlite.connection import SqliteDb
from bot.store.sqlite.digests import SqliteDigests
from bot.store.sqlite.exports import SqliteExports
from bot.store.sqlite.files import backup_file, migrate_file
from bot.store.sqlite.groups import SqliteGroups
from bot.store.sqlite.guilds import SqliteGuilds
from bot.store.sqlite.imports import SqliteImports
from bot.store.sqlite.leases import SqliteLeases
from bot.store.sqlite.live import SqliteLive
from bot.store.sqlite.members import SqliteMembers
from bot.store.sqlite.milestones import SqliteMilestones
from bot.store.sqlite.posts import SqlitePosts
from bot.store.sqlite.reminders import SqliteReminders
from bot.store.sqlite.settings import SqliteSettings
from bot.store.sqlite.startup import SqliteStartup
from bot.store.sqlite.threads import SqliteDayThreads
from bot.store.sqlite.ticks import SqliteTicks

__all__ = ["SqliteDb", "backend_over", "backup_file", "migrate_file", "open_sqlite"]


def backend_over(db: SqliteDb) -> Backend:
    """Every aggregate's queries over one opened connection."""
    return Backend(
        guilds=SqliteGuilds(db),
        groups=SqliteGroups(db),
        members=SqliteMembers(db),
        posts=SqlitePosts(db),
        ticks=SqliteTicks(db),
        checkins=SqliteCheckins(db),
        startup=SqliteStartup(db),
        imports=SqliteImports(db),
        exports=SqliteExports(db),
        leases=SqliteLeases(),
        reminders=SqliteReminders(db),
        settings=SqliteSettings(db),
        milestones=SqliteMilestones(db),
        announcements=SqliteAnnouncements(db),
        live=SqliteLive(db),
        threads=SqliteDayThreads(db),
        boards=SqliteBoards(db),
        digests=SqliteDigests(db),
    )


@asynccontextmanager
async def open_sqlite(path: Path) -> AsyncIterator[Backend]:
    """Migrate the file at ``path`` (created if missing), open it, close it after."""
    async with SqliteDb.open(path) as db:
        yield backend_over(db)
