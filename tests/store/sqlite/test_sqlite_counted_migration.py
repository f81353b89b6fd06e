"""Migration ``counted_checkins`` on a SQLite file written before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import migrate_file
from bot.store.sqlite.files import load_migrations
from tests.store.counted_rows import EXPECTED, ROWS


def test_totals_count_only_counted_checkins_after_the_migration(db_path: Path) -> None:
    migrations = load_migrations()
    mine = next(m.version for m in migrations if m.name.endswith("_counted_checkins.sql"))
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        for m in migrations[: mine - 1]:
            conn.executescript(f"BEGIN;\n{m.sql}\nPRAGMA user_version = {m.version};\nCOMMIT;")
        conn.executescript(ROWS)
    finally:
        conn.close()
    assert migrate_file(db_path)[0] == mine
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT user_id, checkins_done, last_checkin, streak FROM members ORDER BY user_id"
        ).fetchall()
    assert rows == EXPECTED
