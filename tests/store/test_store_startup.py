"""The batch reads of start-up reconciliation: every server at once, running groups only, on every
backend."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.store import GroupPause, NewGroup, PostSpan, Store
from tests.conftest import NOW

GUILD_A, GUILD_B = 1001, 2002


def new_group(guild: int, channel: int) -> NewGroup:
    return NewGroup(
        guild_id=guild,
        channel_id=channel,
        roadmap_id="14day",
        start_date=date(2026, 3, 2),
        post_time=time(9, 0),
        timezone="UTC",
        created_by=77,
    )


async def post(store: Store, guild: int, group: int, day: int, state: str) -> None:
    if state == "missed":
        await store.record_missed_post(guild, group, day, f"n{day}", NOW)
        return
    await store.claim_post(guild, group, day, f"n{day}", NOW, late=False)
    if state == "sent":
        await store.confirm_post(guild, group, day, 10 + day, NOW)
    elif state == "failed":
        await store.mark_post(guild, group, day, "failed", "no access")


async def test_running_groups_of_every_server(store: Store) -> None:
    a = await store.create_group(new_group(GUILD_A, 11), NOW)
    b = await store.create_group(new_group(GUILD_B, 21), NOW)
    paused = await store.create_group(new_group(GUILD_B, 22), NOW)
    for channel, state in ((31, "stopped"), (32, "finished")):
        group = await store.create_group(new_group(GUILD_A, channel), NOW)
        await store.set_group_state(GUILD_A, group.id, state, NOW)  # type: ignore[arg-type]
    await store.set_group_state(GUILD_B, paused.id, "paused", NOW)
    running = await store.running_groups_all_guilds()
    assert [(g.id, g.state) for g in running] == [
        (a.id, "active"),
        (b.id, "active"),
        (paused.id, "paused"),
    ]


async def test_pauses_of_running_groups_of_every_server(store: Store) -> None:
    a = await store.create_group(new_group(GUILD_A, 11), NOW)
    b = await store.create_group(new_group(GUILD_B, 21), NOW)
    stopped = await store.create_group(new_group(GUILD_B, 22), NOW)
    for group in (a, b, stopped):
        await store.set_group_state(group.guild_id, group.id, "paused", NOW)
        await store.set_group_state(group.guild_id, group.id, "active", NOW + timedelta(days=1))
    await store.set_group_state(GUILD_A, a.id, "paused", NOW + timedelta(days=2))
    await store.set_group_state(GUILD_B, stopped.id, "stopped", NOW + timedelta(days=2))
    pauses = await store.pauses_all_guilds()
    assert pauses == {
        a.id: [
            GroupPause(a.id, NOW, NOW + timedelta(days=1)),
            GroupPause(a.id, NOW + timedelta(days=2), None),
        ],
        b.id: [GroupPause(b.id, NOW, NOW + timedelta(days=1))],
    }
    assert pauses[a.id] == await store.pauses(GUILD_A, a.id)


async def test_post_spans_of_active_groups_of_every_server(store: Store) -> None:
    a = await store.create_group(new_group(GUILD_A, 11), NOW)
    b = await store.create_group(new_group(GUILD_B, 21), NOW)
    paused = await store.create_group(new_group(GUILD_B, 22), NOW)
    await store.create_group(new_group(GUILD_A, 12), NOW)  # no post yet: no entry
    for day, state in [(2, "sent"), (3, "missed"), (4, "failed"), (6, "claimed"), (7, "failed")]:
        await post(store, GUILD_A, a.id, day, state)
    for day in (1, 2, 3):
        await post(store, GUILD_B, b.id, day, "sent")
        await post(store, GUILD_B, paused.id, day, "sent")
    await store.set_group_state(GUILD_B, paused.id, "paused", NOW)
    assert await store.post_spans_all_guilds() == {
        a.id: PostSpan(2, 7, 5, frozenset({6}), frozenset({4, 7})),
        b.id: PostSpan(1, 3, 3, frozenset(), frozenset()),
    }


async def test_the_batch_reads_keep_to_a_process_shards(store: Store) -> None:
    from bot.shards import ShardSet, shard_of

    guilds = [(k << 22) | 7 for k in range(8)]  # shard k % 4 of 4
    groups = {}
    for n, guild in enumerate(guilds):
        group = await store.create_group(new_group(guild, 100 + n), NOW)
        await post(store, guild, group.id, 1, "claimed")
        await store.set_group_state(guild, group.id, "paused", NOW)
        await store.set_group_state(guild, group.id, "active", NOW + timedelta(hours=1))
        groups[group.id] = guild
    mine = ShardSet.of({0, 1}, 4)
    expected = {gid for gid, guild in groups.items() if shard_of(guild, 4) in (0, 1)}
    assert len(expected) == 4
    assert {g.id for g in await store.running_groups_all_guilds(mine)} == expected
    assert set(await store.pauses_all_guilds(mine)) == expected
    assert set(await store.post_spans_all_guilds(mine)) == expected
    assert len(await store.running_groups_all_guilds()) == len(guilds)  # all by default
    everything = ShardSet.of(range(4), 4)
    assert len(await store.running_groups_all_guilds(everything)) == len(guilds)
    biggest = (2**63 - 1) >> 22 << 22  # the formula holds for the largest snowflakes too
    big = await store.create_group(new_group(biggest, 999), NOW)
    owner = ShardSet.of({shard_of(biggest, 4)}, 4)
    assert big.id in {g.id for g in await store.running_groups_all_guilds(owner)}
