"""Groups' settings and members' breaks, on every backend."""

from __future__ import annotations

from datetime import date, timedelta

from bot.shards import ShardSet
from bot.store import Store
from bot.store.features.settings import GroupSetting, MemberBreak
from bot.store.interface import EVERY_SHARD
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group


async def test_settings_are_kept_changed_and_removed(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.group_settings(GUILD_A, group.id) == {}
    assert await store.set_group_setting(GUILD_A, group.id, "reminders", "1")
    assert await store.set_group_setting(GUILD_A, group.id, "digest_weekday", "4")
    assert await store.set_group_setting(GUILD_A, group.id, "reminders", "0")
    assert await store.group_settings(GUILD_A, group.id) == {
        "reminders": "0",
        "digest_weekday": "4",
    }
    assert await store.set_group_setting(GUILD_A, group.id, "reminders", None)
    assert await store.group_settings(GUILD_A, group.id) == {"digest_weekday": "4"}


async def test_settings_are_scoped_by_server(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert not await store.set_group_setting(GUILD_B, group.id, "reminders", "1")
    assert not await store.set_group_setting(GUILD_A, 2**70, "reminders", "1")
    await store.set_group_setting(GUILD_A, group.id, "threads", "1")
    assert await store.group_settings(GUILD_B, group.id) == {}
    assert await store.group_settings(GUILD_A, 2**70) == {}


async def test_settings_of_running_groups_in_one_read(store: Store) -> None:
    first = await store.create_group(new_group(channel=1), NOW)
    second = await store.create_group(new_group(channel=2), NOW)
    stopped = await store.create_group(new_group(channel=3), NOW)
    for group in (first, second, stopped):
        await store.set_group_setting(GUILD_A, group.id, "board", "1")
    await store.set_group_state(GUILD_A, stopped.id, "stopped", NOW)
    found = await store.settings_all_guilds(EVERY_SHARD)
    assert found == {first.id: {"board": "1"}, second.id: {"board": "1"}}
    mine = (GUILD_A >> 22) % 2
    assert await store.settings_all_guilds(ShardSet(frozenset({1 - mine}), 2)) == {}


async def test_one_setting_of_running_groups_in_one_read(store: Store) -> None:
    on = await store.create_group(new_group(channel=1), NOW)
    off = await store.create_group(new_group(channel=2), NOW)
    default = await store.create_group(new_group(channel=3), NOW)
    stopped = await store.create_group(new_group(channel=4), NOW)
    for group, value in ((on, "1"), (off, "0"), (stopped, "1")):
        await store.set_group_setting(GUILD_A, group.id, "reminders", value)
    await store.set_group_setting(GUILD_A, default.id, "board", "1")
    await store.set_group_state(GUILD_A, stopped.id, "stopped", NOW)
    assert await store.setting_all_guilds(EVERY_SHARD, "reminders") == [
        GroupSetting(GUILD_A, on.id, "reminders", "1"),
        GroupSetting(GUILD_A, off.id, "reminders", "0"),
    ]
    assert await store.setting_all_guilds(EVERY_SHARD, "threads") == []
    mine = (GUILD_A >> 22) % 2
    assert await store.setting_all_guilds(ShardSet(frozenset({1 - mine}), 2), "board") == []


async def test_breaks_add_list_remove(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.add_member(GUILD_A, group.id, 6, NOW)
    first = MemberBreak(GUILD_A, group.id, 5, date(2026, 3, 10), date(2026, 3, 12), NOW)
    later = MemberBreak(GUILD_A, group.id, 5, date(2026, 4, 1), date(2026, 4, 1), NOW)
    other = MemberBreak(GUILD_A, group.id, 6, date(2026, 3, 9), date(2026, 3, 9), NOW)
    for brk in (later, first, other):
        assert await store.add_break(brk)
    assert not await store.add_break(first)
    assert await store.breaks(GUILD_A, group.id, 5) == [first, later]
    assert await store.breaks(GUILD_A, group.id) == [first, later, other]
    assert await store.remove_break(GUILD_A, group.id, 5, first.start)
    assert not await store.remove_break(GUILD_A, group.id, 5, first.start)
    assert await store.breaks(GUILD_A, group.id, 5) == [later]


async def test_breaks_need_a_member_and_the_right_server(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    day = date(2026, 3, 10)
    assert not await store.add_break(MemberBreak(GUILD_A, group.id, 99, day, day, NOW))
    assert not await store.add_break(MemberBreak(GUILD_B, group.id, 5, day, day, NOW))
    assert not await store.add_break(MemberBreak(GUILD_A, 2**70, 5, day, day, NOW))
    assert await store.add_break(MemberBreak(GUILD_A, group.id, 5, day, day + timedelta(1), NOW))
    assert await store.breaks(GUILD_B, group.id) == []
    assert not await store.remove_break(GUILD_B, group.id, 5, day)
    assert len(await store.breaks(GUILD_A, group.id)) == 1
