"""The database file outside the bot's connection: its numbered migrations, and a backup.

A migration is ``migrations/NNNN_name.sql`` (version N is the number), applied at start-up and
recorded in ``PRAGMA user_version``. Each runs in one transaction together with the bump of
``user_version``, so a crash mid-migration leaves the previous version. Shipped migrations are
never edited: add a new file instead.

These run synchronously: the CLI calls them directly, ``SqliteDb.open`` in a worker thread.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bot.store.errors import DatabaseTooNewError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 15.0
"""How long a statement waits for another process's write lock before failing."""

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """The shipped migrations, in order; versions must be 1..N without gaps."""
    found: list[Migration] = []
    for entry in resources.files("bot.store.sqlite").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise RuntimeError(f"migration versions must be 1..{len(found)} without gaps")
    return found


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply pending migrations on a sync connection in autocommit mode; return the versions run.

    ``DatabaseTooNewError`` (and nothing changed) if the file is at a version this code lacks.
    """
    migrations = load_migrations()
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > len(migrations):
        raise DatabaseTooNewError(current, len(migrations))
    applied: list[int] = []
    for migration in migrations[current:]:
        script = (
            f"BEGIN IMMEDIATE;\n{migration.sql}\n"
            f"PRAGMA user_version = {migration.version};\nCOMMIT;"
        )
        try:
            conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("applied migration %s", migration.name)
        applied.append(migration.version)
    return applied


def migrate_file(path: Path) -> list[int]:
    """Apply pending migrations to the file at ``path`` (created if missing); the versions run."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return migrate(conn)
    finally:
        conn.close()


def backup_file(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API (safe while the bot writes)."""
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
