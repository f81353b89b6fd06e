from __future__ import annotations

import sqlite3
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from bot.store import ChannelBusyError, NewGroup, Store, backup_file
from tests.conftest import NOW

GUILD_A, GUILD_B = 1001, 2002


def new_group(guild: int = GUILD_A, channel: int = 11, roadmap: str = "14day") -> NewGroup:
    return NewGroup(
        guild_id=guild,
        channel_id=channel,
        roadmap_id=roadmap,
        start_date=date(2026, 3, 2),
        post_time=time(9, 30),
        timezone="Europe/London",
        created_by=77,
        pace=2,
        weekdays_only=True,
    )


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


async def test_one_running_group_per_channel(store: Store) -> None:
    first = await store.create_group(new_group(), NOW)
    with pytest.raises(ChannelBusyError) as info:
        await store.create_group(new_group(roadmap="3month"), NOW)
    assert info.value.existing.id == first.id
    await store.set_group_state(GUILD_A, first.id, "stopped", NOW)
    second = await store.create_group(new_group(roadmap="3month"), NOW)
    assert second.id != first.id


async def test_a_group_of_guild_a_is_invisible_from_guild_b(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.add_tick(GUILD_A, group.id, 5, 1, "d01-a", NOW)
    assert await store.get_group(GUILD_B, group.id) is None
    assert await store.running_group_in_channel(GUILD_B, group.channel_id) is None
    assert await store.groups_in_guild(GUILD_B) == []
    assert await store.members(GUILD_B, group.id) == []
    assert await store.ticks(GUILD_B, group.id) == []
    assert await store.tick_counts_between(GUILD_B, group.id, 1, 99) == {}
    assert not await store.set_group_state(GUILD_B, group.id, "stopped", NOW)
    with pytest.raises(LookupError):
        await store.add_member(GUILD_B, group.id, 6, NOW)
    assert (await store.get_group(GUILD_A, group.id)).state == "active"  # type: ignore[union-attr]


async def test_cross_guild_tick_is_rejected_by_the_schema(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    with pytest.raises(sqlite3.IntegrityError):
        await store.add_tick(GUILD_B, group.id, 5, 1, "d01-a", NOW)
    assert await store.ticks(GUILD_A, group.id) == []


async def test_leave_and_rejoin_keeps_progress(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    member, changed = await store.add_member(GUILD_A, group.id, 5, NOW)
    assert changed and member.active
    _, again = await store.add_member(GUILD_A, group.id, 5, NOW)
    assert not again
    assert await store.add_tick(GUILD_A, group.id, 5, 1, "d01-a", NOW)
    assert await store.leave_member(GUILD_A, group.id, 5, NOW)
    assert await store.members(GUILD_A, group.id) == []
    rejoined, changed = await store.add_member(GUILD_A, group.id, 5, NOW + timedelta(days=1))
    assert changed and rejoined.active and rejoined.joined_at == NOW
    assert [t.task_id for t in await store.ticks(GUILD_A, group.id, 5)] == ["d01-a"]


async def test_ticks_are_idempotent_and_undoable(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    assert await store.add_tick(GUILD_A, group.id, 5, 1, "d01-a", NOW)
    assert not await store.add_tick(GUILD_A, group.id, 5, 1, "d01-a", NOW)
    await store.add_tick(GUILD_A, group.id, 5, 3, "d03-a", NOW)
    assert await store.tick_counts_between(GUILD_A, group.id, 1, 2) == {5: 1}
    assert await store.tick_counts_between(GUILD_A, group.id, 1, 3) == {5: 2}
    assert await store.remove_tick(GUILD_A, group.id, 5, 1, "d01-a")
    assert not await store.remove_tick(GUILD_A, group.id, 5, 1, "d01-a")


async def test_posts_are_claimed_once(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    claimed = await store.claim_post(GUILD_A, group.id, 1, "n1", NOW, late=False)
    assert claimed is not None and claimed.state == "claimed"
    assert await store.claim_post(GUILD_A, group.id, 1, "n2", NOW, late=False) is None
    assert (await store.post_spans_all_guilds())[group.id].claimed == {1}
    await store.confirm_post(GUILD_A, group.id, 1, 555, NOW)
    post = await store.get_post(GUILD_A, group.id, 1)
    assert post is not None and (post.state, post.message_id, post.nonce) == ("sent", 555, "n1")
    assert (await store.post_spans_all_guilds())[group.id].claimed == frozenset()


async def test_checkin_twice_the_same_day_edits(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    first, created = await store.upsert_checkin(
        GUILD_A, group.id, 5, date(2026, 3, 2), "read", 30, NOW
    )
    assert created and first.note == "read"
    later = NOW + timedelta(hours=2)
    second, created = await store.upsert_checkin(
        GUILD_A, group.id, 5, date(2026, 3, 2), "read more", None, later
    )
    assert not created
    assert (second.note, second.minutes, second.updated_at) == ("read more", 30, later)
    assert len(await store.checkins(GUILD_A, group.id, 5)) == 1


async def test_pause_and_resume_are_recorded(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.set_group_state(GUILD_A, group.id, "paused", NOW)
    await store.set_group_state(GUILD_A, group.id, "active", NOW + timedelta(days=2))
    pauses = await store.pauses(GUILD_A, group.id)
    assert [(p.started_at, p.ended_at) for p in pauses] == [(NOW, NOW + timedelta(days=2))]


async def test_member_timezone_applies_to_all_groups_in_the_guild(store: Store) -> None:
    g1 = await store.create_group(new_group(channel=1), NOW)
    g2 = await store.create_group(new_group(channel=2), NOW)
    for g in (g1, g2):
        await store.add_member(GUILD_A, g.id, 5, NOW)
    assert await store.set_member_timezone(GUILD_A, 5, "Asia/Tokyo") == 2
    assert {m.timezone for m in await store.memberships_in_guild(GUILD_A, 5)} == {"Asia/Tokyo"}


async def test_backup_copies_a_live_database(store: Store, db_path: Path, tmp_path: Path) -> None:
    await store.create_group(new_group(), NOW)
    target = tmp_path / "copy.db"
    backup_file(db_path, target)
    async with Store.open(target) as copy:
        assert len(await copy.groups_in_guild(GUILD_A)) == 1


async def test_unwritable_database_refuses_writes_cleanly(store: Store) -> None:
    from bot.store import StorageUnavailableError

    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store._conn.execute("PRAGMA query_only = ON")  # what a read-only file does to writes
    with pytest.raises(StorageUnavailableError, match="nothing was changed"):
        await store.add_tick(GUILD_A, group.id, 5, 1, "d01-a", NOW)
    with pytest.raises(StorageUnavailableError):
        await store.upsert_checkin(GUILD_A, group.id, 5, date(2026, 3, 2), None, None, NOW)
    await store._conn.execute("PRAGMA query_only = OFF")
    assert await store.add_tick(GUILD_A, group.id, 5, 1, "d01-a", NOW)  # and it recovers


async def test_member_totals_follow_every_write(store: Store, db_path: Path) -> None:
    """Triggers keep ticks_done, checkins_done and last_checkin exact, whoever writes."""
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.add_member(GUILD_A, group.id, 6, NOW)
    await store.add_tick(GUILD_A, group.id, 5, 1, "a", NOW)
    await store.add_tick(GUILD_A, group.id, 5, 1, "a", NOW)  # no-op: counted once
    await store.add_tick(GUILD_A, group.id, 5, 2, "b", NOW)
    await store.add_tick(GUILD_A, group.id, 6, 1, "a", NOW)
    await store.remove_tick(GUILD_A, group.id, 6, 1, "a")
    await store.remove_tick(GUILD_A, group.id, 6, 1, "a")  # nothing to remove
    day = NOW.date()
    await store.upsert_checkin(GUILD_A, group.id, 5, day, "x", None, NOW)
    await store.upsert_checkin(GUILD_A, group.id, 5, day, "edit", 30, NOW)  # an edit
    await store.upsert_checkin(GUILD_A, group.id, 5, day - timedelta(days=3), None, None, NOW)
    await store.set_streak(GUILD_A, group.id, 5, day, 1)

    totals = {t.user_id: t for t in await store.member_totals(GUILD_A, group.id)}
    assert (totals[5].ticks_done, totals[5].checkins_done, totals[5].last_checkin) == (2, 2, day)
    assert (totals[5].streak, totals[5].streak_date) == (1, day)
    assert (totals[6].ticks_done, totals[6].checkins_done, totals[6].last_checkin) == (0, 0, None)
    assert await store.member_totals(GUILD_B, group.id) == []

    # Leaving hides the member; re-joining brings the same totals back.
    await store.leave_member(GUILD_A, group.id, 5, NOW)
    assert [t.user_id for t in await store.member_totals(GUILD_A, group.id)] == [6]
    await store.add_member(GUILD_A, group.id, 5, NOW)
    again = {t.user_id: t for t in await store.member_totals(GUILD_A, group.id)}
    assert again[5] == totals[5]

    with sqlite3.connect(db_path) as raw:  # a deleted check-in moves last_checkin back
        raw.execute("DELETE FROM checkins WHERE user_id = 5 AND local_date = ?", (str(day),))
    back = {t.user_id: t for t in await store.member_totals(GUILD_A, group.id)}
    assert (back[5].checkins_done, back[5].last_checkin) == (1, day - timedelta(days=3))
    assert await store.checkin_counts_since(GUILD_A, group.id, day - timedelta(days=3)) == {5: 1}
    assert await store.checkin_counts_since(GUILD_B, group.id, day - timedelta(days=3)) == {}
