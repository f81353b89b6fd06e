"""Memberships and the totals the leaderboard reads, on every backend."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group


async def test_leave_and_rejoin_keeps_progress(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    member, changed = await store.add_member(GUILD_A, group.id, 5, NOW)
    assert changed and member.active
    _, again = await store.add_member(GUILD_A, group.id, 5, NOW)
    assert not again
    assert await store.add_tick_counted(GUILD_A, group.id, group.channel_id, 5, 1, "d01-a", NOW)
    assert await store.leave_member(GUILD_A, group.id, 5, NOW)
    assert not await store.leave_member(GUILD_A, group.id, 5, NOW)
    assert await store.members(GUILD_A, group.id) == []
    left = await store.get_member(GUILD_A, group.id, 5)
    assert left is not None and left.left_at == NOW
    assert await store.members(GUILD_A, group.id, include_left=True) == [left]
    rejoined, changed = await store.add_member(GUILD_A, group.id, 5, NOW + timedelta(days=1))
    assert changed and rejoined.active and rejoined.joined_at == NOW
    assert [t.task_id for t in await store.ticks(GUILD_A, group.id, 5)] == ["d01-a"]


async def test_members_in_join_order(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    for user, minutes in ((9, 0), (7, 5), (8, 0)):
        await store.add_member(GUILD_A, group.id, user, NOW + timedelta(minutes=minutes))
    assert [m.user_id for m in await store.members(GUILD_A, group.id)] == [8, 9, 7]
    assert [t.user_id for t in await store.member_totals(GUILD_A, group.id)] == [8, 9, 7]


async def test_member_timezone_applies_to_all_groups_in_the_guild(store: Store) -> None:
    g1 = await store.create_group(new_group(channel=1), NOW)
    g2 = await store.create_group(new_group(channel=2), NOW)
    for g in (g1, g2):
        await store.add_member(GUILD_A, g.id, 5, NOW)
    assert await store.set_member_timezone(GUILD_A, 5, "Asia/Tokyo") == 2
    assert await store.set_member_timezone(GUILD_B, 5, "UTC") == 0
    mine = await store.memberships_in_guild(GUILD_A, 5)
    assert [(m.group_id, m.timezone) for m in mine] == [
        (g1.id, "Asia/Tokyo"),
        (g2.id, "Asia/Tokyo"),
    ]
    assert await store.memberships_in_guild(GUILD_B, 5) == []


async def test_member_totals_follow_every_write(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    ch = group.channel_id
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.add_member(GUILD_A, group.id, 6, NOW)
    await store.add_tick_counted(GUILD_A, group.id, ch, 5, 1, "a", NOW)
    await store.add_tick_counted(GUILD_A, group.id, ch, 5, 1, "a", NOW)  # no-op: counted once
    await store.add_tick_counted(GUILD_A, group.id, ch, 5, 2, "b", NOW)
    await store.add_tick_counted(GUILD_A, group.id, ch, 6, 1, "a", NOW)
    await store.remove_tick_counted(GUILD_A, group.id, ch, 6, 1, "a")
    await store.remove_tick_counted(GUILD_A, group.id, ch, 6, 1, "a")  # nothing to remove
    day = NOW.date() + timedelta(days=3)  # check-ins before the group's start do not count
    await store.upsert_checkin(GUILD_A, group.id, 5, day, "x", None, NOW)
    await store.upsert_checkin(GUILD_A, group.id, 5, day, "edit", 30, NOW)  # an edit
    await store.upsert_checkin(GUILD_A, group.id, 5, day - timedelta(days=3), None, None, NOW)
    await store.set_streak(GUILD_A, group.id, 5, day, 1)

    totals = {t.user_id: t for t in await store.member_totals(GUILD_A, group.id)}
    assert (totals[5].ticks_done, totals[5].checkins_done, totals[5].last_checkin) == (2, 2, day)
    assert (totals[5].streak, totals[5].streak_date) == (1, day)
    assert (totals[6].ticks_done, totals[6].checkins_done, totals[6].last_checkin) == (0, 0, None)
    assert (totals[6].streak, totals[6].streak_date) == (None, None)
    assert await store.member_totals(GUILD_B, group.id) == []

    # Leaving hides the member; re-joining brings the same totals back.
    await store.leave_member(GUILD_A, group.id, 5, NOW)
    assert [t.user_id for t in await store.member_totals(GUILD_A, group.id)] == [6]
    await store.add_member(GUILD_A, group.id, 5, NOW)
    again = {t.user_id: t for t in await store.member_totals(GUILD_A, group.id)}
    assert again[5] == totals[5]
