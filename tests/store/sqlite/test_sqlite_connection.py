"""The SQLite connection: its pragmas, the write lock around transactions, refused writes, and
what the schema and its triggers enforce whoever writes."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.store import StorageUnavailableError, Store, backup_file
from bot.store.sqlite import SqliteDb
from tests.conftest import NOW
from tests.explain import refused
from tests.store.samples import CHANNEL, GUILD_A, GUILD_B, USER, new_group


@pytest.fixture
async def group_id(store: Store) -> int:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    return group.id


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    """What another connection sees: only what is committed."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def tick_rows(db_path: Path) -> list[tuple[object, ...]]:
    return rows(db_path, "SELECT group_id, user_id, day, task_id FROM ticks ORDER BY 1, 2, 3, 4")


async def add(store: Store, group_id: int, task: str) -> int | None:
    return await store.add_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, task, NOW)


async def pragma(db: SqliteDb, name: str) -> object:
    row = await db.one(f"PRAGMA {name}")
    assert row is not None
    return row[0]


async def test_connection_pragmas(sqlite_db: SqliteDb) -> None:
    assert await pragma(sqlite_db, "journal_mode") == "wal"
    assert await pragma(sqlite_db, "foreign_keys") == 1
    assert await pragma(sqlite_db, "synchronous") == 1  # NORMAL
    assert await pragma(sqlite_db, "busy_timeout") >= 5000  # type: ignore[operator]


async def test_a_tick_waits_for_a_transaction_that_holds_the_write_lock(
    store: Store, sqlite_db: SqliteDb, group_id: int, db_path: Path
) -> None:
    # Written while another coroutine's BEGIN IMMEDIATE ... is open, the tick must not become
    # part of that transaction: it would vanish with its rollback although it was acknowledged.
    started: list[asyncio.Task[int | None]] = []

    async def rolled_back() -> None:
        async with sqlite_db.transaction() as conn:
            await conn.execute(
                "UPDATE groups SET problem = 'x' WHERE guild_id = ? AND id = ?", (GUILD_A, group_id)
            )
            started.append(asyncio.create_task(add(store, group_id, "d01-a")))
            finished, _ = await asyncio.wait(started, timeout=0.05)
            assert not finished  # it waits for the lock
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError, match="roll back"):
        await rolled_back()
    assert await started[0] == 1
    assert tick_rows(db_path) == [(group_id, USER, 1, "d01-a")]
    group = await store.get_group(GUILD_A, group_id)
    assert group is not None and group.problem is None  # the transaction was rolled back


async def test_a_tick_queued_before_a_transaction_is_not_part_of_it(
    store: Store, sqlite_db: SqliteDb, group_id: int, db_path: Path
) -> None:
    pending = asyncio.create_task(add(store, group_id, "d01-a"))
    await asyncio.sleep(0)  # one yield, not a wait: the tick's statement is now queued

    async def rolled_back() -> None:
        async with sqlite_db.transaction() as conn:
            await conn.execute(
                "UPDATE groups SET problem = 'x' WHERE guild_id = ? AND id = ?", (GUILD_A, group_id)
            )
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError, match="roll back"):
        await rolled_back()
    assert await pending == 1
    assert tick_rows(db_path) == [(group_id, USER, 1, "d01-a")]


async def test_an_unwritable_database_refuses_writes_cleanly(
    store: Store, sqlite_db: SqliteDb, group_id: int
) -> None:
    await sqlite_db.conn.execute("PRAGMA query_only = ON")  # what a read-only file does to writes
    with refused("nothing was changed", StorageUnavailableError):
        await add(store, group_id, "d01-a")
    with pytest.raises(StorageUnavailableError):
        await store.upsert_checkin(GUILD_A, group_id, USER, date(2026, 3, 2), None, None, NOW)
    with pytest.raises(StorageUnavailableError):
        await store.claim_post(GUILD_A, group_id, 1, "n1", NOW, late=False)
    with pytest.raises(StorageUnavailableError):
        await store.set_meta("k", "v")
    await sqlite_db.conn.execute("PRAGMA query_only = OFF")
    assert await add(store, group_id, "d01-a") == 1  # and it recovers


async def test_counts_stay_right_with_triggers_on_ticks(
    store: Store, sqlite_db: SqliteDb, group_id: int, db_path: Path
) -> None:
    # Per-member counters kept by AFTER INSERT / DELETE triggers on ticks (as a later migration
    # may add) must not change what the writes return.
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.executescript(
            """
            CREATE TABLE tick_totals (group_id INTEGER, user_id INTEGER, n INTEGER,
                                      PRIMARY KEY (group_id, user_id));
            CREATE TRIGGER count_in AFTER INSERT ON ticks BEGIN
                INSERT INTO tick_totals VALUES (new.group_id, new.user_id, 1)
                ON CONFLICT DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER count_out AFTER DELETE ON ticks BEGIN
                UPDATE tick_totals SET n = n - 1
                WHERE group_id = old.group_id AND user_id = old.user_id;
            END;
            """
        )
    finally:
        conn.close()
    assert await add(store, group_id, "d01-a") == 1
    assert await add(store, group_id, "d01-b") == 2
    assert await add(store, group_id, "d01-b") is None
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") == 1
    totals = await sqlite_db.all("SELECT group_id, user_id, n FROM tick_totals")
    assert [tuple(r) for r in totals] == [(group_id, USER, 1)]


async def test_the_schema_refuses_a_tick_under_another_server(
    store: Store, group_id: int, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
                "VALUES (?, ?, ?, 1, 'd01-a', 'x')",
                (GUILD_B, group_id, USER),
            )
    finally:
        conn.close()
    assert await store.ticks(GUILD_A, group_id) == []


async def test_a_deleted_checkin_moves_the_totals_back(
    store: Store, group_id: int, db_path: Path
) -> None:
    """The triggers keep the totals exact whoever writes, the bot's store or not."""
    day = NOW.date() + timedelta(days=3)  # the group's start is NOW's date
    await store.upsert_checkin(GUILD_A, group_id, USER, day, None, None, NOW)
    await store.upsert_checkin(GUILD_A, group_id, USER, day - timedelta(days=3), None, None, NOW)
    with sqlite3.connect(db_path) as raw:
        raw.execute("DELETE FROM checkins WHERE user_id = ? AND local_date = ?", (USER, str(day)))
    [back] = await store.member_totals(GUILD_A, group_id)
    assert (back.checkins_done, back.last_checkin) == (1, day - timedelta(days=3))
    assert await store.checkin_counts_since(GUILD_A, group_id, day - timedelta(days=3)) == {USER: 1}


async def test_backup_copies_a_live_database(store: Store, db_path: Path, tmp_path: Path) -> None:
    await store.create_group(new_group(), NOW)
    target = tmp_path / "copy.db"
    backup_file(db_path, target)
    async with Store.open(target) as copy:
        assert len(await copy.groups_in_guild(GUILD_A)) == 1
