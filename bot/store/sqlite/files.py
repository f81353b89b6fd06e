"""Operations on a database file outside the bot's connection: migrate it, back it up.

Both run synchronously (the CLI calls them directly; ``SqliteDb.open`` in a worker thread).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store.sqlite.schema import migrate

BUSY_TIMEOUT_S = 15.0
"""How long a statement waits for another process's write lock before failing."""


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
