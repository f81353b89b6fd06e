"""Live edits' rows (``message_edits``) and a day's ticks as its post counts them, on every
backend: a pending edit is recorded once, survives reopening, and is scoped by server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.shards import ShardSet
from bot.store import Store
from tests.conftest import NOW
from tests.store.backends import Database
from tests.store.samples import CHANNEL, GUILD_A, GUILD_B, USER, new_group


@pytest.fixture
async def group_id(store: Store) -> int:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    return group.id


async def test_a_mark_records_the_first_dirty_instant(store: Store, group_id: int) -> None:
    first = await store.mark_edit(GUILD_A, group_id, "day", 1, NOW)
    assert first is not None
    assert (first.kind, first.item, first.dirty_at, first.edited_at, first.shown) == (
        "day",
        1,
        NOW,
        None,
        None,
    )
    assert not first.stopped
    again = await store.mark_edit(GUILD_A, group_id, "day", 1, NOW + timedelta(seconds=9))
    assert again is not None and again.dirty_at == NOW  # the first mark's instant stays


async def test_a_finished_edit_is_no_longer_pending(
    store: Store, group_id: int, database: Database
) -> None:
    await store.mark_edit(GUILD_A, group_id, "day", 1, NOW)
    await store.mark_edit(GUILD_A, group_id, "day", 2, NOW)
    assert len(await store.pending_edits_all_guilds()) == 2
    edited = NOW + timedelta(seconds=5)
    await store.finish_edit(
        GUILD_A, group_id, "day", 1, dirty_at=None, edited_at=edited, shown="abc", stopped=False
    )
    async with database.open() as other:  # committed, seen by another connection
        [pending] = await other.pending_edits_all_guilds()
        assert (pending.item, pending.dirty_at) == (2, NOW)
    row = await store.mark_edit(GUILD_A, group_id, "day", 1, NOW + timedelta(seconds=20))
    assert row is not None
    assert (row.dirty_at, row.edited_at, row.shown) == (NOW + timedelta(seconds=20), edited, "abc")


async def test_a_stopped_message_is_not_pending(store: Store, group_id: int) -> None:
    await store.mark_edit(GUILD_A, group_id, "day", 3, NOW)
    await store.finish_edit(
        GUILD_A, group_id, "day", 3, dirty_at=None, edited_at=None, shown=None, stopped=True
    )
    row = await store.mark_edit(GUILD_A, group_id, "day", 3, NOW)
    assert row is not None and row.stopped
    assert await store.pending_edits_all_guilds() == []


async def test_marks_are_scoped_by_server_and_shard(store: Store, group_id: int) -> None:
    assert await store.mark_edit(GUILD_B, group_id, "day", 1, NOW) is None  # forged server
    assert await store.mark_edit(GUILD_A, 2**40, "day", 1, NOW) is None  # no such group
    await store.mark_edit(GUILD_A, group_id, "board", 0, NOW)
    assert len(await store.pending_edits_all_guilds(ShardSet.all())) == 1
    shard = (GUILD_A >> 22) % 2
    assert len(await store.pending_edits_all_guilds(ShardSet(frozenset({shard}), 2))) == 1
    assert await store.pending_edits_all_guilds(ShardSet(frozenset({1 - shard}), 2)) == []


async def test_day_ticks_count_current_members(store: Store, group_id: int) -> None:
    other = USER + 1
    gone = USER + 2
    for user in (other, gone):
        await store.add_member(GUILD_A, group_id, user, NOW)
    for user, task in ((USER, "d01-a"), (USER, "d01-b"), (other, "d01-a"), (gone, "d01-a")):
        await store.add_tick_counted(GUILD_A, group_id, CHANNEL, user, 1, task, NOW)
    await store.add_tick_counted(GUILD_A, group_id, CHANNEL, other, 2, "d02-a", NOW)
    await store.leave_member(GUILD_A, group_id, gone, NOW)
    ticks = await store.day_ticks(GUILD_A, group_id, 1)
    assert ticks.members == 2
    assert dict(ticks.done) == {USER: {"d01-a", "d01-b"}, other: {"d01-a"}}
    assert (await store.day_ticks(GUILD_B, group_id, 1)).done == {}
