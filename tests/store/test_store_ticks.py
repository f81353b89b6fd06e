"""The tick button's queries: one read (``tick_target``) and one guarded write that returns the
day's count (``add_tick_counted`` / ``remove_tick_counted``), on every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.store import GroupPause, Store
from tests.conftest import NOW
from tests.store.backends import Database
from tests.store.samples import CHANNEL, GUILD_A, GUILD_B, USER, new_group


@pytest.fixture
async def group_id(store: Store) -> int:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    return group.id


async def committed(database: Database) -> list[tuple[int, int, int, str]]:
    """The ticks as another connection sees them: only what is committed."""
    async with database.open() as other:
        groups = await other.groups_in_guild(GUILD_A, ("active", "paused", "stopped", "finished"))
        ticks = [t for g in groups for t in await other.ticks(GUILD_A, g.id)]
    return [(t.group_id, t.user_id, t.day, t.task_id) for t in ticks]


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
    await add(store, group_id, "d01-a")
    await add(store, group_id, "d01-b")
    await add(store, group_id, "d02-a", day=2)
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
    store: Store, group_id: int, database: Database
) -> None:
    assert await add(store, group_id, "d01-a") == 1
    assert await committed(database) == [(group_id, USER, 1, "d01-a")]  # committed on return
    assert await add(store, group_id, "d01-b") == 2
    assert await add(store, group_id, "d01-b") is None  # already there: nothing written
    assert await add(store, group_id, "d03-a", day=3) == 1  # counts are per day
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") == 1
    assert await store.remove_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, "d01-a") is None
    assert await committed(database) == [(group_id, USER, 1, "d01-b"), (group_id, USER, 3, "d03-a")]


async def test_counted_writes_refuse_what_the_read_could_not_see_change(
    store: Store, group_id: int, database: Database
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
    assert await committed(database) == [(group_id, USER, 1, "d01-a")]


@pytest.mark.parametrize("state", ["paused", "finished"])
async def test_counted_writes_accept_paused_and_finished_groups(
    store: Store, group_id: int, state: str
) -> None:
    await store.set_group_state(GUILD_A, group_id, state, NOW)  # type: ignore[arg-type]
    assert await add(store, group_id, "d01-a") == 1


async def test_concurrent_ticks_each_get_their_own_count(store: Store, group_id: int) -> None:
    tasks = [f"d01-{k}" for k in "abcdefgh"]
    counts = await asyncio.gather(*(add(store, group_id, t) for t in tasks))
    assert sorted(c for c in counts if c is not None) == list(range(1, len(tasks) + 1))


async def test_tick_counts_by_user_and_by_day(store: Store, group_id: int) -> None:
    await store.add_member(GUILD_A, group_id, 6, NOW)
    for day, task in ((1, "d01-a"), (1, "d01-b"), (3, "d03-a")):
        await add(store, group_id, task, day=day)
    await add(store, group_id, "d01-a", user=6)
    assert await store.tick_counts_between(GUILD_A, group_id, 1, 2) == {USER: 2, 6: 1}
    assert await store.tick_counts_between(GUILD_A, group_id, 2, 3) == {USER: 1}
    assert await store.tick_counts_between(GUILD_B, group_id, 1, 3) == {}
    assert await store.tick_days(GUILD_A, group_id, USER) == {1: 2, 3: 1}
    assert await store.tick_days(GUILD_B, group_id, USER) == {}
    mine = await store.ticks(GUILD_A, group_id, USER)
    assert [(t.day, t.task_id, t.done_at) for t in mine] == [
        (1, "d01-a", NOW),
        (1, "d01-b", NOW),
        (3, "d03-a", NOW),
    ]
    assert [t.user_id for t in await store.ticks(GUILD_A, group_id)] == [USER] * 3 + [6]
