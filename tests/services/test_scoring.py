"""Points and check-in streaks: the rules that rank members."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.schedule import Pause, Schedule, is_study_date, previous_study_date
from bot.services.scoring import after_checkin, current_streak, points, streak


def utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


# -- points --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "checkins", "streak", "expected"),
    [
        (0, 0, 0, 0),
        (1, 0, 0, 10),
        (0, 1, 0, 5),
        (0, 1, 1, 7),
        (3, 2, 4, 48),  # 30 + 10 + 8
        (1, 0, 10, 30),  # bonus 20, the cap
        (0, 0, 15, 20),  # capped
        (43, 14, 14, 430 + 70 + 20),
    ],
)
def test_points(done: int, checkins: int, streak: int, expected: int) -> None:
    assert points(done, checkins, streak) == expected


# --- streaks ----------------------------------------------------------------------------------


def every_day(d: date) -> bool:
    return True


def weekdays(d: date) -> bool:
    return d.weekday() < 5


MON = date(2026, 3, 2)


def days(*offsets: int) -> set[date]:
    return {MON + timedelta(days=o) for o in offsets}


def test_streak_every_day() -> None:
    assert streak(days(0, 1, 2), MON + timedelta(days=2), every_day) == 3
    # Thursday without a check-in yet: the streak still ends yesterday.
    assert streak(days(0, 1, 2), MON + timedelta(days=3), every_day) == 3
    # Friday: Thursday was missed.
    assert streak(days(0, 1, 2), MON + timedelta(days=4), every_day) == 0
    assert streak(days(0, 2), MON + timedelta(days=2), every_day) == 1
    assert streak(set(), MON, every_day) == 0
    assert streak([MON, MON], MON, every_day) == 1


def test_streak_over_a_weekend_in_weekday_groups() -> None:
    # Thu, Fri, Mon.
    assert streak(days(3, 4, 7), MON + timedelta(days=7), weekdays) == 3
    assert streak(days(3, 4, 7), MON + timedelta(days=8), weekdays) == 3
    # A Saturday check-in neither counts nor breaks.
    assert streak(days(4, 5, 7), MON + timedelta(days=7), weekdays) == 2
    # Sunday itself: nothing due, the streak stands.
    assert streak(days(3, 4), MON + timedelta(days=6), weekdays) == 2


def test_streak_skips_paused_dates_and_dates_before_start() -> None:
    pause = Pause(utc(2026, 3, 4), utc(2026, 3, 6))
    s = Schedule(MON, time(9), "UTC", total_days=10, pauses=(pause,))

    def is_study(d: date) -> bool:
        return is_study_date(s, d)

    # Mon, Tue, (Wed, Thu paused), Fri.
    assert streak(days(0, 1, 4), MON + timedelta(days=4), is_study) == 3
    assert streak(days(-3, -1, 0, 1), MON + timedelta(days=1), is_study) == 2


def test_after_checkin_shows_todays_streak_and_stores_the_latest() -> None:
    tue = MON + timedelta(days=1)
    # Monday and Tuesday; the check-in just made is Tuesday's.
    assert after_checkin(days(0, 1), tue, every_day) == (2, tue, 2)
    # A member whose zone is ahead already checked in "tomorrow": store as of that date.
    assert after_checkin(days(0, 1, 2), tue, every_day) == (2, tue + timedelta(days=1), 3)


@given(
    offsets=st.sets(st.integers(min_value=0, max_value=60), max_size=40),
    today_offset=st.integers(min_value=0, max_value=60),
    weekdays_only=st.booleans(),
    pause=st.none() | st.tuples(st.integers(0, 60), st.integers(1, 10)),
)
def test_streak_from_the_last_checkin_matches_the_schedule_rule(
    offsets: set[int], today_offset: int, weekdays_only: bool, pause: tuple[int, int] | None
) -> None:
    """The leaderboard's shortcut (the streak stored at the latest check-in, still counting
    while no study date has passed since) equals counting back from today over every date."""
    start = date(2026, 3, 2)
    pauses = ()
    if pause is not None:
        first = datetime(2026, 3, 2, 10, tzinfo=UTC) + timedelta(days=pause[0])
        pauses = (Pause(first, first + timedelta(days=pause[1])),)
    sched = Schedule(start, time(9), "UTC", 60, weekdays_only=weekdays_only, pauses=pauses)

    def is_study(d: date) -> bool:
        return is_study_date(sched, d)

    today = start + timedelta(days=today_offset)
    dates = {start + timedelta(days=o) for o in offsets if o <= today_offset}
    expected = streak(dates, today, is_study)
    last = max(dates, default=None)
    stored = streak(dates, last, is_study) if last else 0
    assert current_streak(last, stored, previous_study_date(sched, today)) == expected
