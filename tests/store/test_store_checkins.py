"""Check-ins, on every backend."""

from __future__ import annotations

from datetime import date, timedelta

from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group


async def test_checkin_twice_the_same_day_edits(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    first, created = await store.upsert_checkin(
        GUILD_A, group.id, 5, date(2026, 3, 2), "read", 30, NOW
    )
    assert created and (first.note, first.minutes) == ("read", 30)
    assert first.created_at == first.updated_at == NOW
    later = NOW + timedelta(hours=2)
    second, created = await store.upsert_checkin(
        GUILD_A, group.id, 5, date(2026, 3, 2), "read more", None, later
    )
    assert not created
    assert (second.note, second.minutes, second.created_at, second.updated_at) == (
        "read more",
        30,
        NOW,
        later,
    )
    assert await store.checkins(GUILD_A, group.id, 5) == [second]


async def test_checkin_counts_and_dates(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    day = date(2026, 3, 2)
    for user, offsets in ((5, (0, 1, 3)), (6, (3,)), (7, ())):
        await store.add_member(GUILD_A, group.id, user, NOW)
        for k in offsets:
            await store.upsert_checkin(
                GUILD_A, group.id, user, day + timedelta(days=k), None, None, NOW
            )
    assert await store.checkin_counts_since(GUILD_A, group.id, day + timedelta(days=1)) == {
        5: 2,
        6: 1,
    }
    assert await store.checkin_counts_since(GUILD_B, group.id, day) == {}
    assert await store.checkin_dates_of(GUILD_A, group.id, [5, 7]) == {
        5: {day, day + timedelta(days=1), day + timedelta(days=3)},
        7: set(),
    }
    assert await store.checkin_dates_of(GUILD_B, group.id, [5]) == {5: set()}
    assert [(c.user_id, c.local_date) for c in await store.checkins(GUILD_A, group.id)] == [
        (5, day),
        (5, day + timedelta(days=1)),
        (5, day + timedelta(days=3)),
        (6, day + timedelta(days=3)),
    ]
    assert await store.checkins(GUILD_B, group.id) == []


async def test_checkin_dates_of_many_users(store: Store) -> None:
    """More users than one query binds."""
    group = await store.create_group(new_group(), NOW)
    users = list(range(1, 1202))
    for user in (1, 600, 1201):
        await store.add_member(GUILD_A, group.id, user, NOW)
        await store.upsert_checkin(GUILD_A, group.id, user, date(2026, 3, 2), None, None, NOW)
    dates = await store.checkin_dates_of(GUILD_A, group.id, users)
    assert len(dates) == len(users)
    assert {u for u, d in dates.items() if d} == {1, 600, 1201}
