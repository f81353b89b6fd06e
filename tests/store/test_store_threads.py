"""Day threads, on every backend: recorded once per day, scoped by server, and the start-up
read of groups whose latest post still wants its thread."""

from __future__ import annotations

from bot.shards import ShardSet
from bot.store import Store
from bot.store.features.threads import DayThread
from bot.store.interface import EVERY_SHARD
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group


async def sent(store: Store, group_id: int, day: int, message_id: int) -> None:
    await store.claim_post(GUILD_A, group_id, day, f"n{group_id}-{day}", NOW, late=False)
    await store.confirm_post(GUILD_A, group_id, day, message_id, NOW)


async def test_a_day_is_recorded_once_and_read_back(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    first = DayThread(GUILD_A, group.id, 1, 500, 500, None, NOW)
    assert await store.record_day_thread(first)
    assert not await store.record_day_thread(DayThread(GUILD_A, group.id, 1, 500, 600, None, NOW))
    refused = DayThread(GUILD_A, group.id, 2, 501, None, "Missing Permissions", NOW)
    assert await store.record_day_thread(refused)
    assert await store.day_threads(GUILD_A, group.id) == [first, refused]


async def test_day_threads_are_scoped_by_server(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert not await store.record_day_thread(DayThread(GUILD_B, group.id, 1, 5, 5, None, NOW))
    assert not await store.record_day_thread(DayThread(GUILD_A, 2**70, 1, 5, 5, None, NOW))
    await store.record_day_thread(DayThread(GUILD_A, group.id, 1, 5, 5, None, NOW))
    assert await store.day_threads(GUILD_B, group.id) == []
    assert await store.day_threads(GUILD_A, 2**70) == []


async def test_groups_whose_latest_post_wants_a_thread(store: Store) -> None:
    wanting = await store.create_group(new_group(channel=1), NOW)
    done = await store.create_group(new_group(channel=2), NOW)
    off = await store.create_group(new_group(channel=3), NOW)
    stopped = await store.create_group(new_group(channel=4), NOW)
    for group in (wanting, done, stopped):
        await store.set_group_setting(GUILD_A, group.id, "threads", "1")
    for k, group in enumerate((wanting, done, off, stopped)):
        await sent(store, group.id, 1, 100 + k)
        await sent(store, group.id, 2, 200 + k)
    await store.record_day_thread(DayThread(GUILD_A, wanting.id, 1, 100, 100, None, NOW))
    await store.record_day_thread(DayThread(GUILD_A, done.id, 2, 201, None, "refused", NOW))
    await store.set_group_state(GUILD_A, stopped.id, "stopped", NOW)
    assert await store.threads_wanted_all_guilds(EVERY_SHARD) == {wanting.id}
    mine = (GUILD_A >> 22) % 2
    assert await store.threads_wanted_all_guilds(ShardSet(frozenset({1 - mine}), 2)) == set()
