"""Groups, their pauses, servers and the bot's settings, on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from bot.store import ChannelBusyError, Guild, Store
from tests.conftest import NOW
from tests.store.samples import CHANNEL, GUILD_A, GUILD_B, new_group


async def test_group_round_trip(store: Store) -> None:
    created = await store.create_group(new_group(), NOW)
    fetched = await store.get_group(GUILD_A, created.id)
    assert fetched == created
    assert (created.roadmap_id, created.post_time, created.timezone) == (
        "14day",
        time(9, 30),
        "Europe/London",
    )
    assert (created.pace, created.weekdays_only, created.state) == (2, True, "active")
    assert created.created_at == NOW
    assert (created.ended_at, created.problem) == (None, None)


async def test_one_running_group_per_channel(store: Store) -> None:
    first = await store.create_group(new_group(), NOW)
    with pytest.raises(ChannelBusyError) as info:
        await store.create_group(new_group(roadmap="3month"), NOW)
    assert info.value.existing.id == first.id
    await store.set_group_state(GUILD_A, first.id, "stopped", NOW)
    second = await store.create_group(new_group(roadmap="3month"), NOW)
    assert second.id != first.id
    assert await store.running_group_in_channel(GUILD_A, first.channel_id) == second


async def test_a_group_of_guild_a_is_invisible_from_guild_b(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.add_tick_counted(GUILD_A, group.id, group.channel_id, 5, 1, "d01-a", NOW)
    assert await store.get_group(GUILD_B, group.id) is None
    assert await store.running_group_in_channel(GUILD_B, group.channel_id) is None
    assert await store.groups_in_guild(GUILD_B) == []
    assert await store.members(GUILD_B, group.id) == []
    assert await store.ticks(GUILD_B, group.id) == []
    assert await store.tick_counts_between(GUILD_B, group.id, 1, 99) == {}
    assert await store.pauses(GUILD_B, group.id) == []
    assert await store.posts(GUILD_B, group.id) == []
    assert not await store.set_group_state(GUILD_B, group.id, "stopped", NOW)
    assert not await store.update_group_schedule(GUILD_B, group.id, time(7), "UTC")
    assert not await store.set_group_language(GUILD_B, group.id, "zh")
    await store.set_group_problem(GUILD_B, group.id, "forged")
    with pytest.raises(LookupError):
        await store.add_member(GUILD_B, group.id, 6, NOW)
    assert await store.get_group(GUILD_A, group.id) == group


async def test_forged_ids_find_nothing(store: Store) -> None:
    await store.create_group(new_group(), NOW)
    for forged in (0, -1, 2**63, 10**19):
        assert await store.get_group(GUILD_A, forged) is None


async def test_groups_in_guild_by_state(store: Store) -> None:
    a = await store.create_group(new_group(channel=1), NOW)
    b = await store.create_group(new_group(channel=2), NOW)
    await store.set_group_state(GUILD_A, a.id, "finished", NOW + timedelta(days=1))
    assert [g.id for g in await store.groups_in_guild(GUILD_A)] == [b.id]
    finished = await store.groups_in_guild(GUILD_A, ("finished",))
    assert [(g.id, g.state, g.ended_at) for g in finished] == [
        (a.id, "finished", NOW + timedelta(days=1))
    ]
    both = await store.groups_in_guild(GUILD_A, ("active", "finished"))
    assert [g.id for g in both] == [a.id, b.id]


async def test_pause_and_resume_are_recorded(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.set_group_state(GUILD_A, group.id, "paused", NOW)
    await store.set_group_state(GUILD_A, group.id, "active", NOW + timedelta(days=2))
    pauses = await store.pauses(GUILD_A, group.id)
    assert [(p.started_at, p.ended_at) for p in pauses] == [(NOW, NOW + timedelta(days=2))]


async def test_schedule_and_problem_changes(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.update_group_schedule(GUILD_A, group.id, time(18, 5), "Asia/Tokyo")
    await store.set_group_problem(GUILD_A, group.id, "no access to the channel")
    changed = await store.get_group(GUILD_A, group.id)
    assert changed is not None
    assert (changed.post_time, changed.timezone) == (time(18, 5), "Asia/Tokyo")
    assert changed.problem == "no access to the channel"
    await store.set_group_problem(GUILD_A, group.id, None)
    assert (await store.get_group(GUILD_A, group.id)).problem is None  # type: ignore[union-attr]
    assert changed.language is None  # follows the server
    assert await store.set_group_language(GUILD_A, group.id, "zh")
    assert (await store.get_group(GUILD_A, group.id)).language == "zh"  # type: ignore[union-attr]
    assert await store.set_group_language(GUILD_A, group.id, None)
    assert (await store.get_group(GUILD_A, group.id)).language is None  # type: ignore[union-attr]
    chinese = await store.create_group(replace(new_group(channel=CHANNEL + 1), language="zh"), NOW)
    assert chinese.language == "zh"


async def test_guilds_and_bot_settings(store: Store) -> None:
    assert await store.get_guild(GUILD_A) is None
    assert await store.upsert_guild(GUILD_A, "zh-CN", NOW) == Guild(GUILD_A, "zh-CN")
    await store.upsert_guild(GUILD_A, "en-GB", NOW)
    assert await store.get_guild(GUILD_A) == Guild(GUILD_A, "en-GB")
    await store.create_group(new_group(guild=GUILD_B), NOW)  # creates its server
    assert await store.get_guild(GUILD_B) == Guild(GUILD_B, "en-US")
    assert await store.get_meta("commands") is None
    await store.set_meta("commands", "abc")
    await store.set_meta("commands", "def")
    assert await store.get_meta("commands") == "def"
