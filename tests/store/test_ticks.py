"""The tick button's queries: one read (``tick_target``) and one guarded write that returns the
day's count (``add_tick_counted`` / ``remove_tick_counted``), on a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from bot.store import GroupPause, NewGroup, Store
from tests.conftest import NOW

GUILD_A, GUILD_B = 1001, 2002
CHANNEL = 11
USER = 5


def new_group(guild: int = GUILD_A, channel: int = CHANNEL) -> NewGroup:
    return NewGroup(
        guild_id=guild,
        channel_id=channel,
        roadmap_id="14day",
        start_date=date(2026, 3, 2),
        post_time=time(9, 30),
        timezone="Europe/London",
        created_by=77,
        pace=2,
        weekdays_only=True,
    )


@pytest.fixture
async def group_id(store: Store) -> int:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    return group.id


def tick_rows(db_path: Path) -> list[tuple[int, int, int, str]]:
    """The ticks as another connection sees them: only what is committed."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT group_id, user_id, day, task_id FROM ticks ORDER BY 1, 2, 3, 4"
        ).fetchall()
    finally:
        conn.close()


async def add(store: Store, group_id: int, task: str, day: int = 1, **kw: int) -> int | None:
    guild, channel, user = (
        kw.get("guild", GUILD_A),
        kw.get("channel", CHANNEL),
        kw.get("user", USER),
    )
    return await store.add_tick_counted(guild, group_id, channel, user, day, task, NOW)


async def test_target_carries_the_schedule_membership_and_the_days_ticks(
    store: Store, group_id: int
) -> None:
    await store.add_tick(GUILD_A, group_id, USER, 1, "d01-a", NOW)
    await store.add_tick(GUILD_A, group_id, USER, 1, "d01-b", NOW)
    await store.add_tick(GUILD_A, group_id, USER, 2, "d02-a", NOW)
    target = await store.tick_target(GUILD_A, group_id, USER, 1, "d01-a")
    assert target is not None
    group = await store.get_group(GUILD_A, group_id)
    assert group is not None
    assert (target.group_id, target.channel_id, target.roadmap_id, target.state) == (
        group.id,
        group.channel_id,
        group.roadmap_id,
        group.state,
    )
    assert (target.start_date, target.post_time, target.timezone) == (
        group.start_date,
        group.post_time,
        group.timezone,
    )
    assert (target.pace, target.weekdays_only, target.pauses) == (2, True, ())
    assert (target.member_active, target.task_done, target.done_today) == (True, True, 2)
    other_task = await store.tick_target(GUILD_A, group_id, USER, 1, "d01-c")
    assert other_task is not None and (other_task.task_done, other_task.done_today) == (False, 2)
    stranger = await store.tick_target(GUILD_A, group_id, 6, 1, "d01-a")
    assert stranger is not None
    assert (stranger.member_active, stranger.task_done, stranger.done_today) == (False, False, 0)


async def test_target_pauses_are_the_same_as_the_pauses_query(store: Store, group_id: int) -> None:
    for hours, state in ((1, "paused"), (2, "active"), (30, "paused")):
        await store.set_group_state(GUILD_A, group_id, state, NOW + timedelta(hours=hours))  # type: ignore[arg-type]
    target = await store.tick_target(GUILD_A, group_id, USER, 1, "d01-a")
    assert target is not None
    assert target.pauses == tuple(await store.pauses(GUILD_A, group_id))
    assert target.pauses[0] == GroupPause(
        group_id, NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    )
    assert target.pauses[1].ended_at is None
    assert target.state == "paused"


async def test_target_is_scoped_by_guild_and_refuses_impossible_ids(
    store: Store, group_id: int
) -> None:
    assert await store.tick_target(GUILD_B, group_id, USER, 1, "d01-a") is None
    assert await store.tick_target(GUILD_A, group_id + 1, USER, 1, "d01-a") is None
    for forged in (0, -1, 2**63, 10**19):
        assert await store.tick_target(GUILD_A, forged, USER, 1, "d01-a") is None


async def test_counted_writes_return_the_days_count_and_are_committed(
    store: Store, group_id: int, db_path: Path
) -> None:
    assert await add(store, group_id, "d01-a") == 1
    assert tick_rows(db_path) == [(group_id, USER, 1, "d01-a")]  # committed on return
    assert await add(store, group_id, "d01-b") == 2
    assert await add(store, group_id, "d01-b") is None  # already there: nothing written
    assert await add(store, group_id, "d03-a", day=3) == 1  # counts are per day
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") == 1
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") is None
    assert tick_rows(db_path) == [(group_id, USER, 1, "d01-b"), (group_id, USER, 3, "d03-a")]


async def test_counted_writes_refuse_what_the_read_could_not_see_change(
    store: Store, group_id: int, db_path: Path
) -> None:
    await store.add_member(GUILD_A, group_id, 6, NOW)
    await store.leave_member(GUILD_A, group_id, 6, NOW)
    assert await add(store, group_id, "d01-a", user=6) is None  # left the group
    assert await add(store, group_id, "d01-a", user=7) is None  # never joined
    assert await add(store, group_id, "d01-a", channel=CHANNEL + 1) is None  # not its channel
    assert await add(store, group_id, "d01-a", guild=GUILD_B) is None  # not its server
    assert await add(store, group_id, "d01-a") == 1
    await store.leave_member(GUILD_A, group_id, USER, NOW)
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") is None
    await store.add_member(GUILD_A, group_id, USER, NOW)
    await store.set_group_state(GUILD_A, group_id, "stopped", NOW)
    assert await add(store, group_id, "d01-b") is None
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") is None
    assert tick_rows(db_path) == [(group_id, USER, 1, "d01-a")]


@pytest.mark.parametrize("state", ["paused", "finished"])
async def test_counted_writes_accept_paused_and_finished_groups(
    store: Store, group_id: int, state: str
) -> None:
    await store.set_group_state(GUILD_A, group_id, state, NOW)  # type: ignore[arg-type]
    assert await add(store, group_id, "d01-a") == 1


async def test_counts_stay_right_with_triggers_on_ticks(
    store: Store, group_id: int, db_path: Path
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
    totals = await store._conn.execute_fetchall("SELECT group_id, user_id, n FROM tick_totals")
    assert [tuple(r) for r in totals] == [(group_id, USER, 1)]


async def test_concurrent_ticks_each_get_their_own_count(store: Store, group_id: int) -> None:
    tasks = [f"d01-{k}" for k in "abcdefgh"]
    counts = await asyncio.gather(*(add(store, group_id, t) for t in tasks))
    assert sorted(c for c in counts if c is not None) == list(range(1, len(tasks) + 1))


async def test_a_tick_waits_for_a_transaction_that_holds_the_write_lock(
    store: Store, group_id: int, db_path: Path
) -> None:
    # Written while another coroutine's BEGIN IMMEDIATE ... is open, the tick must not become
    # part of that transaction: it would vanish with its rollback although it was acknowledged.
    started: list[asyncio.Task[int | None]] = []

    async def rolled_back() -> None:
        async with store._transaction() as conn:
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
    store: Store, group_id: int, db_path: Path
) -> None:
    pending = asyncio.create_task(add(store, group_id, "d01-a"))
    await asyncio.sleep(0)  # one yield, not a wait: the tick's statement is now queued

    async def rolled_back() -> None:
        async with store._transaction() as conn:
            await conn.execute(
                "UPDATE groups SET problem = 'x' WHERE guild_id = ? AND id = ?", (GUILD_A, group_id)
            )
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError, match="roll back"):
        await rolled_back()
    assert await pending == 1
    assert tick_rows(db_path) == [(group_id, USER, 1, "d01-a")]


async def test_counted_writes_refuse_cleanly_on_an_unwritable_database(
    store: Store, group_id: int
) -> None:
    from bot.store import StorageUnavailableError

    await store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageUnavailableError):
        await add(store, group_id, "d01-a")
    await store._conn.execute("PRAGMA query_only = OFF")
    assert await add(store, group_id, "d01-a") == 1
