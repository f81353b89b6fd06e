"""Which check-ins count (``scoring.counts``: not before the group's start, not 0 minutes),
kept by the triggers of migration ``counted_checkins`` and the counted reads, on every backend.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.services.scoring import counts
from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import GUILD_A, new_group

START = date(2026, 3, 2)  # new_group's start


async def totals_of(store: Store, group_id: int, user: int) -> tuple[int, date | None]:
    [mine] = [t for t in await store.member_totals(GUILD_A, group_id) if t.user_id == user]
    return mine.checkins_done, mine.last_checkin


async def test_checkins_before_the_start_or_of_0_minutes_are_kept_but_not_counted(
    store: Store,
) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    before = START - timedelta(days=1)
    await store.upsert_checkin(GUILD_A, group.id, 5, before, "early", 30, NOW)
    await store.upsert_checkin(GUILD_A, group.id, 5, START, "idle", 0, NOW)
    assert len(await store.checkins(GUILD_A, group.id, 5)) == 2  # both kept, notes too
    assert await totals_of(store, group.id, 5) == (0, None)
    assert await store.checkin_counts_since(GUILD_A, group.id, before) == {}
    assert await store.checkin_dates_of(GUILD_A, group.id, [5]) == {5: set()}

    counted = START + timedelta(days=1)
    await store.upsert_checkin(GUILD_A, group.id, 5, counted, None, None, NOW)
    assert await totals_of(store, group.id, 5) == (1, counted)
    assert await store.checkin_counts_since(GUILD_A, group.id, before) == {5: 1}
    assert await store.checkin_dates_of(GUILD_A, group.id, [5]) == {5: {counted}}


async def test_an_edit_to_or_from_0_minutes_moves_the_totals(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    first, second = START, START + timedelta(days=2)
    await store.upsert_checkin(GUILD_A, group.id, 5, first, None, 20, NOW)
    await store.upsert_checkin(GUILD_A, group.id, 5, second, None, None, NOW)
    assert await totals_of(store, group.id, 5) == (2, second)
    await store.upsert_checkin(GUILD_A, group.id, 5, second, None, 0, NOW)  # "0 minutes"
    assert await totals_of(store, group.id, 5) == (1, first)
    assert await store.checkin_dates_of(GUILD_A, group.id, [5]) == {5: {first}}
    await store.upsert_checkin(GUILD_A, group.id, 5, second, "after all", 45, NOW)
    assert await totals_of(store, group.id, 5) == (2, second)
    await store.upsert_checkin(GUILD_A, group.id, 5, second, "note only", None, NOW)
    assert await totals_of(store, group.id, 5) == (2, second)  # minutes kept


async def test_the_sql_rule_is_the_services_rule(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    cases = [
        (START + timedelta(days=k % 3 - 1), minutes)
        for k, minutes in enumerate((None, 0, 1, 30, None, 0, 1440, 0, None))
    ]
    for user, (day, minutes) in enumerate(cases, start=10):
        await store.add_member(GUILD_A, group.id, user, NOW)
        await store.upsert_checkin(GUILD_A, group.id, user, day, None, minutes, NOW)
        expected = 1 if counts(day, minutes, START) else 0
        assert (await totals_of(store, group.id, user))[0] == expected, (day, minutes)


async def test_the_stored_walk_keeps_its_freezes(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.upsert_checkin(GUILD_A, group.id, 5, START, None, None, NOW)
    await store.set_streak(GUILD_A, group.id, 5, START, 4, 1, 2)
    [t] = await store.member_totals(GUILD_A, group.id)
    assert (t.streak, t.streak_date, t.streak_freezes, t.streak_rule) == (4, START, 1, 2)
