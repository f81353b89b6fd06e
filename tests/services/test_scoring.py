"""Points and check-in streaks: the rules that rank members."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.breaks import break_test, on_break
from bot.services.schedule import Pause, Schedule, is_study_date
from bot.services.scoring import (
    Walk,
    after_checkin,
    continue_streak,
    counts,
    freezes_left,
    points,
    streak,
    walk_to,
)


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
    assert after_checkin(days(0, 1), tue, every_day) == (2, tue, Walk(2, 0))
    # A member whose zone is ahead already checked in "tomorrow": store as of that date.
    assert after_checkin(days(0, 1, 2), tue, every_day) == (
        2,
        tue + timedelta(days=1),
        Walk(3, 0),
    )
    assert after_checkin(set(), tue, every_day) is None


# --- which check-ins count ----------------------------------------------------------------------


def test_checkins_before_the_start_or_with_0_minutes_do_not_count() -> None:
    assert counts(MON, None, MON)
    assert counts(MON, 1, MON)
    assert not counts(MON, 0, MON)
    assert not counts(MON - timedelta(days=1), 30, MON)


# --- freezes -----------------------------------------------------------------------------------


def test_a_missed_day_spends_a_freeze_and_the_streak_survives_without_growing() -> None:
    # Mon, Tue, (Wed missed), Thu: a freeze covers Wednesday.
    state = walk_to(days(0, 1, 3), MON + timedelta(days=3), every_day, freezes=2)
    assert state.streak == 3
    assert state.frozen == (MON + timedelta(days=2),)
    assert freezes_left(state, MON + timedelta(days=3), 2) == 1
    # Without freezes it broke.
    assert streak(days(0, 1, 3), MON + timedelta(days=3), every_day) == 1


def test_freezes_run_out_within_a_month() -> None:
    # Mon, then three missed days, then Fri: two freezes cover Tue and Wed, Thu breaks it.
    state = walk_to(days(0, 4), MON + timedelta(days=4), every_day, freezes=2)
    assert state.streak == 1
    assert state.frozen == (MON + timedelta(days=1), MON + timedelta(days=2))
    assert freezes_left(state, MON + timedelta(days=4), 2) == 0


def test_no_freeze_is_spent_without_a_streak_to_save() -> None:
    state = walk_to(days(0, 5), MON + timedelta(days=5), every_day, freezes=2)
    # Tue and Wed frozen, Thu broke it, Fri with nothing to save spends nothing.
    assert state.frozen == (MON + timedelta(days=1), MON + timedelta(days=2))
    assert state.streak == 1


def test_freezes_come_back_with_a_new_calendar_month() -> None:
    jan30 = date(2026, 1, 30)
    dates = {jan30 + timedelta(days=o) for o in (0, 2, 4, 6)}  # Jan 30, Feb 1, 3, 5
    # Jan 31 spends January's only freeze; Feb 2 and Feb 4 spend February's... only one.
    state = walk_to(dates, date(2026, 2, 5), every_day, freezes=1)
    assert state.frozen == (date(2026, 1, 31), date(2026, 2, 2))
    assert state.streak == 1  # Feb 4 broke it
    assert freezes_left(state, date(2026, 2, 5), 1) == 0
    assert freezes_left(state, date(2026, 3, 1), 1) == 1
    with_two = walk_to(dates, date(2026, 2, 5), every_day, freezes=2)
    assert with_two.streak == 4
    assert freezes_left(with_two, date(2026, 2, 5), 2) == 0


def test_weekends_and_pauses_never_spend_freezes() -> None:
    # Weekday group: Fri, (Sat, Sun), Mon: nothing missed.
    state = walk_to(days(4, 7), MON + timedelta(days=7), weekdays, freezes=2)
    assert (state.streak, state.frozen) == (2, ())
    pause = Pause(utc(2026, 3, 4), utc(2026, 3, 6))
    s = Schedule(MON, time(9), "UTC", total_days=10, pauses=(pause,))
    state = walk_to(
        days(0, 1, 4), MON + timedelta(days=4), lambda d: is_study_date(s, d), freezes=2
    )
    assert (state.streak, state.frozen) == (3, ())


# --- breaks ------------------------------------------------------------------------------------


class Span:
    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end


def test_break_days_neither_break_the_streak_nor_count() -> None:
    breaks = [Span(MON + timedelta(days=2), MON + timedelta(days=4))]  # Wed-Fri
    assert on_break(breaks, MON + timedelta(days=2)) and on_break(breaks, MON + timedelta(days=4))
    assert not on_break(breaks, MON + timedelta(days=5))
    state = walk_to(days(0, 1, 5), MON + timedelta(days=5), every_day, on_break=break_test(breaks))
    assert (state.streak, state.frozen) == (3, ())
    # A check-in on a break day counts: they studied anyway.
    state = walk_to(
        days(0, 1, 2, 5), MON + timedelta(days=5), every_day, on_break=break_test(breaks)
    )
    assert state.streak == 4
    # A break day before today's miss does not save it: Sat missed, no freezes.
    assert streak(days(0, 1), MON + timedelta(days=6), every_day, on_break=break_test(breaks)) == 0


def test_a_break_comes_before_freezes() -> None:
    breaks = [Span(MON + timedelta(days=1), MON + timedelta(days=1))]
    state = walk_to(
        days(0, 3), MON + timedelta(days=3), every_day, freezes=1, on_break=break_test(breaks)
    )
    # Tue on break, Wed frozen.
    assert (state.streak, state.frozen) == (2, (MON + timedelta(days=2),))


@given(
    offsets=st.sets(st.integers(min_value=0, max_value=70), max_size=40),
    today_offset=st.integers(min_value=0, max_value=70),
    weekdays_only=st.booleans(),
    pause=st.none() | st.tuples(st.integers(0, 60), st.integers(1, 10)),
    freezes=st.integers(0, 3),
    rest=st.none() | st.tuples(st.integers(0, 70), st.integers(0, 14)),
)
def test_streak_from_the_last_checkin_matches_the_whole_walk(
    offsets: set[int],
    today_offset: int,
    weekdays_only: bool,
    pause: tuple[int, int] | None,
    freezes: int,
    rest: tuple[int, int] | None,
) -> None:
    """The leaderboard's shortcut (the walk stored at the latest check-in, continued to today
    without check-ins) equals walking every date from the first check-in, freezes and breaks
    included, across month boundaries (March 2 .. May 11)."""
    start = date(2026, 3, 2)
    pauses = ()
    if pause is not None:
        first = datetime(2026, 3, 2, 10, tzinfo=UTC) + timedelta(days=pause[0])
        pauses = (Pause(first, first + timedelta(days=pause[1])),)
    sched = Schedule(start, time(9), "UTC", 80, weekdays_only=weekdays_only, pauses=pauses)

    def is_study(d: date) -> bool:
        return is_study_date(sched, d)

    breaks = []
    if rest is not None:
        breaks = [Span(start + timedelta(days=rest[0]), start + timedelta(days=sum(rest)))]
    rules = {"freezes": freezes, "on_break": break_test(breaks)}
    today = start + timedelta(days=today_offset)
    dates = {start + timedelta(days=o) for o in offsets if o <= today_offset}
    expected = streak(dates, today, is_study, **rules)  # type: ignore[arg-type]
    stored = after_checkin(dates, max(dates, default=today), is_study, **rules)  # type: ignore[arg-type]
    if stored is None:
        assert expected == 0
        return
    got = continue_streak(stored.stored, stored.latest, today, is_study, **rules)  # type: ignore[arg-type]
    assert got == expected


def test_a_streak_breaks_if_missed_only_without_freezes_or_a_break() -> None:
    from bot.services.scoring import breaks_if_missed

    assert breaks_if_missed(3, 0, resting=False)
    assert not breaks_if_missed(3, 1, resting=False)
    assert not breaks_if_missed(3, 0, resting=True)
    assert not breaks_if_missed(0, 0, resting=False)
