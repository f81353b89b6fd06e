"""Check-ins, on a real SQLite file: one a day in the member's own zone, streaks, refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group
from bot.services.membership import join_group_id, set_timezone
from bot.services.study import checkin, tick
from bot.store import Group, Store
from tests.explain import refused
from tests.services.study_setup import (
    ADMIN,
    DAY2,
    GUILD,
    HERE,
    ME,
    OTHER_GUILD,
    T0,
    THERE,
    at,
    joined_group,
    rows,
)


@pytest.fixture
async def group(store: Store, roadmaps: dict[str, Roadmap]) -> Group:
    return await joined_group(store, roadmaps)


async def test_second_checkin_the_same_day_edits_the_first(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    first = await checkin(store, roadmaps, ME, "read the paper", 45, at(3, 10))
    assert first.created
    assert first.checkin.local_date == date(2026, 3, 3)
    assert (first.checkin.note, first.checkin.minutes) == ("read the paper", 45)
    assert (first.streak, first.timezone) == (1, "UTC")
    second = await checkin(store, roadmaps, ME, "read it twice", None, at(3, 23, 59))
    assert not second.created
    assert (second.checkin.note, second.checkin.minutes) == ("read it twice", 45)
    assert second.checkin.created_at == at(3, 10)
    assert second.checkin.updated_at == at(3, 23, 59)
    assert second.streak == 1
    assert len(rows(db_path, "checkins")) == 1
    third = await checkin(store, roadmaps, ME, None, None, at(4, 0, 1))  # a new UTC day
    assert third.created and third.checkin.local_date == date(2026, 3, 4)
    assert third.streak == 2


async def test_checkin_day_follows_the_members_own_zone(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    tokyo = Actor(GUILD, HERE, 60)
    await join_group_id(store, roadmaps, tokyo, group.id, T0)
    await set_timezone(store, tokyo, "Asia/Tokyo", T0)
    # 14:00 UTC is 23:00 in Tokyo (UTC+9), 16:00 UTC is 01:00 the next day there.
    evening = await checkin(store, roadmaps, tokyo, None, None, at(3, 14))
    night = await checkin(store, roadmaps, tokyo, None, None, at(3, 16))
    assert evening.timezone == "Asia/Tokyo"
    assert (evening.checkin.local_date, evening.created) == (date(2026, 3, 3), True)
    assert (night.checkin.local_date, night.created) == (date(2026, 3, 4), True)
    assert night.streak == 2
    # The same two instants are one UTC day for a member on the group's zone.
    mine = await checkin(store, roadmaps, ME, None, None, at(3, 14))
    again = await checkin(store, roadmaps, ME, None, None, at(3, 16))
    assert (mine.checkin.local_date, mine.created) == (date(2026, 3, 3), True)
    assert (again.checkin.local_date, again.created) == (date(2026, 3, 3), False)


async def test_streak_counts_consecutive_days_and_a_gap_resets_it(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    streaks = []
    # 5 March missed: one of March's two freezes covers it (it adds no day).
    for day in (2, 3, 4, 6, 7):
        streaks.append((await checkin(store, roadmaps, ME, None, None, at(day))).streak)
    assert streaks == [1, 2, 3, 4, 5]
    # 8 and 9 March missed: the last freeze covers the 8th, the 9th breaks the streak.
    assert (await checkin(store, roadmaps, ME, None, None, at(10))).streak == 1


async def test_weekday_only_group_keeps_the_streak_over_a_weekend(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    started = await start_group(
        store, roadmaps, ADMIN, StartOptions("14day", weekdays_only=True), T0
    )
    await join_group_id(store, roadmaps, ME, started.group.id, T0)
    # Thursday 5, Friday 6, Monday 9 March: the weekend does not break it.
    streaks = [(await checkin(store, roadmaps, ME, None, None, at(d))).streak for d in (5, 6, 9)]
    assert streaks == [1, 2, 3]
    # A Saturday check-in is kept but adds nothing; missing Tuesday breaks the streak.
    assert (await checkin(store, roadmaps, ME, None, None, at(14))).streak == 0
    assert (await checkin(store, roadmaps, ME, None, None, at(16))).streak == 1


async def test_every_day_group_breaks_the_streak_over_a_weekend(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    streaks = [(await checkin(store, roadmaps, ME, None, None, at(d))).streak for d in (5, 6, 9)]
    assert streaks == [1, 2, 3]  # March's two freezes covered the weekend
    # 10-12 March missed, no freeze left: broken.
    assert (await checkin(store, roadmaps, ME, None, None, at(13))).streak == 1


async def test_checkin_needs_membership_and_valid_input(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    stranger = Actor(GUILD, HERE, 77)
    with refused("not in a study group"):
        await checkin(store, roadmaps, stranger, None, None, DAY2)
    with refused("Join the group first: `/join roadmap:14day`"):
        await checkin(store, roadmaps, stranger, None, None, DAY2, group_id=group.id)
    with refused("at most 500 characters"):
        await checkin(store, roadmaps, ME, "x" * 501, None, DAY2)
    with refused(r"between 0 and 1440.*Example: 45"):
        await checkin(store, roadmaps, ME, None, 1441, DAY2)
    with refused("between 0 and 1440"):
        await checkin(store, roadmaps, ME, None, -5, DAY2)
    with refused("does not belong"):
        await checkin(store, roadmaps, Actor(GUILD, THERE, 50), None, None, DAY2, group.id)
    with refused("does not belong"):
        await checkin(store, roadmaps, Actor(OTHER_GUILD, HERE, 50), None, None, DAY2, group.id)
    assert rows(db_path, "checkins") == []
    ok = await checkin(store, roadmaps, ME, "x" * 500, 1440, DAY2, group_id=group.id)
    assert ok.created and ok.checkin.minutes == 1440


async def test_a_stopped_group_records_nothing(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    from bot.services.groups import stop_group

    await stop_group(store, ADMIN, group.id, DAY2)
    with refused("was stopped"):
        await tick(store, roadmaps, ME, group.id, 2, "d02-try-nltk", DAY2)
    with refused("was stopped"):
        await checkin(store, roadmaps, ME, None, None, DAY2, group_id=group.id)
    assert rows(db_path, "ticks") == []
    assert rows(db_path, "checkins") == []
