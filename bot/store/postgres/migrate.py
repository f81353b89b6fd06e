"""PostgreSQL's numbered migrations (``migrations/NNNN_name.sql``, the same numbers as SQLite's)
and their ledger.

Applied versions are rows of ``studybot_migrations``. Every migration runs in one transaction
with its ledger row, under an advisory lock, so shard processes starting together apply each
one once and a crash mid-migration leaves the previous version. Shipped migrations are never
edited: add a new file instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

import asyncpg

from bot.store.errors import DatabaseTooNewError

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
MIGRATION_LOCK = 21331
"""The advisory lock key held while migrating (the leases use 21332)."""

_LEDGER = (
    "CREATE TABLE IF NOT EXISTS studybot_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """The shipped migrations, in order; versions must be 1..N without gaps."""
    found: list[Migration] = []
    for entry in resources.files("bot.store.postgres").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..{len(found)} without gaps")
    return found


async def schema_version(con: asyncpg.Connection) -> int:
    """The highest applied version (0 for an empty database)."""
    exists = await con.fetchval("SELECT to_regclass('studybot_migrations') IS NOT NULL")
    if not exists:
        return 0
    return int(await con.fetchval("SELECT COALESCE(MAX(version), 0) FROM studybot_migrations"))


async def migrate(con: asyncpg.Connection) -> list[int]:
    """Apply pending migrations; the versions run. ``DatabaseTooNewError`` (nothing changed)
    if the database is at a version this code lacks."""
    migrations = load_migrations()
    await con.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        current = await schema_version(con)
        if current > len(migrations):
            raise DatabaseTooNewError(current, len(migrations))
        applied: list[int] = []
        for migration in migrations[current:]:
            async with con.transaction():
                await con.execute(_LEDGER)
                await con.execute(migration.sql)
                await con.execute(
                    "INSERT INTO studybot_migrations (version, name) VALUES ($1, $2)",
                    migration.version,
                    migration.name,
                )
            log.info("applied migration %s", migration.name)
            applied.append(migration.version)
        return applied
    finally:
        await con.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
