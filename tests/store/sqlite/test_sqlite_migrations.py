from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import DatabaseTooNewError, Store, migrate_file
from bot.store.sqlite.files import load_migrations


def latest_version() -> int:
    return len(load_migrations())


TABLES = {"bot_meta", "guilds", "groups", "group_pauses", "members", "posts", "ticks", "checkins"}
TABLES |= {"group_settings", "member_breaks"}
TABLES |= {"milestone_roles", "milestone_grants"}  # milestone roles (issue 15)
TABLES |= {"announcements"}
TABLES |= {"reminder_prefs", "reminders", "rollcalls"}
TABLES |= {"message_edits"}
TABLES |= {"day_threads"}
TABLES |= {"group_boards"}
TABLES |= {"digests"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows} - {"sqlite_sequence"}


def test_migrates_an_empty_file_to_the_latest_version(db_path: Path) -> None:
    assert migrate_file(db_path) == list(range(1, latest_version() + 1))
    assert _tables(db_path) == TABLES
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_rerunning_migrations_changes_nothing(db_path: Path) -> None:
    migrate_file(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO guilds (id, created_at) VALUES (1, 'x')")
    assert migrate_file(db_path) == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM guilds").fetchone()[0] == 1


async def test_a_database_newer_than_the_code_is_refused_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(DatabaseTooNewError, match="newer studybot"):
        async with Store.open(db_path):
            pass
    assert _tables(db_path) == set()


def test_member_totals_are_backfilled_from_existing_rows(db_path: Path) -> None:
    """A database written before migration 0003 gets exact totals; streaks are left unset,
    so the leaderboard recomputes them (never shows a wrong one)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        for m in load_migrations()[:2]:
            conn.executescript(f"BEGIN;\n{m.sql}\nPRAGMA user_version = {m.version};\nCOMMIT;")
        conn.executescript(
            """
            INSERT INTO guilds (id, created_at) VALUES (1, 'x');
            INSERT INTO groups (id, guild_id, channel_id, roadmap_id, start_date, post_time,
                timezone, created_by, created_at)
                VALUES (7, 1, 2, '14day', '2026-03-02', '09:00', 'UTC', 3, 'x');
            INSERT INTO members (guild_id, group_id, user_id, joined_at) VALUES
                (1, 7, 10, 'x'), (1, 7, 11, 'x');
            INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) VALUES
                (1, 7, 10, 1, 'a', 'x'), (1, 7, 10, 2, 'b', 'x'), (1, 7, 11, 1, 'a', 'x');
            INSERT INTO checkins (guild_id, group_id, user_id, local_date, created_at,
                updated_at) VALUES (1, 7, 10, '2026-03-02', 'x', 'x'),
                (1, 7, 10, '2026-03-04', 'x', 'x');
            """
        )
    finally:
        conn.close()
    assert migrate_file(db_path) == list(range(3, latest_version() + 1))
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT user_id, ticks_done, checkins_done, last_checkin, streak FROM members "
            "ORDER BY user_id"
        ).fetchall()
    assert rows == [(10, 2, 2, "2026-03-04", None), (11, 1, 0, None, None)]


def test_claims_of_earlier_versions_get_a_search_window(db_path: Path) -> None:
    """A post claimed before migration 0005 (no attempts recorded) is searched from its claim to
    15 minutes past it; sent and missed rows need no search."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        for m in load_migrations()[:4]:
            conn.executescript(f"BEGIN;\n{m.sql}\nPRAGMA user_version = {m.version};\nCOMMIT;")
        conn.executescript(
            """
            INSERT INTO guilds (id, created_at) VALUES (1, 'x');
            INSERT INTO groups (id, guild_id, channel_id, roadmap_id, start_date, post_time,
                timezone, created_by, created_at)
                VALUES (7, 1, 2, '14day', '2026-03-02', '09:00', 'UTC', 3, 'x');
            INSERT INTO posts (guild_id, group_id, day, state, nonce, claimed_at) VALUES
                (1, 7, 1, 'sent', 'sb7d1', '2026-03-02T09:00:00+00:00'),
                (1, 7, 2, 'claimed', 'sb7d2', '2026-03-03T23:50:00.250000+00:00'),
                (1, 7, 3, 'failed', 'sb7d3', '2026-03-04T09:00:00+00:00');
            """
        )
    finally:
        conn.close()
    assert migrate_file(db_path) == list(range(5, latest_version() + 1))
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT day, search_from, attempt_at FROM posts ORDER BY day"
        ).fetchall()
    assert rows[0] == (1, None, None)
    assert rows[1][1] == "2026-03-03T23:50:00.250000+00:00"
    assert datetime.fromisoformat(rows[1][2]) == datetime(2026, 3, 4, 0, 5, 0, 250000, UTC)
    assert datetime.fromisoformat(rows[2][2]) == datetime(2026, 3, 4, 9, 15, tzinfo=UTC)
