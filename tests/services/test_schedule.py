"""Which day a group is on, across year ends, weekdays only, paces and pauses. DST changes and odd
offsets are in ``test_schedule_zones.py``.

Expected instants are worked out by hand from the rules written next to each test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services import schedule as schedule_module
from bot.services.schedule import (
    Pause,
    Schedule,
    day_at,
    is_study_date,
    local_date,
    next_release,
    release_instant,
    study_dates_between,
)
from tests.services.schedule_instants import releases, utc

US = timedelta(microseconds=1)


# --- year ends, weekdays only and pace --------------------------------------------------------


def test_year_end_every_day() -> None:
    s = Schedule(date(2026, 12, 30), time(20), "UTC+08:00", total_days=3)
    assert releases(s) == [
        utc(2026, 12, 30, 12),
        utc(2026, 12, 31, 12),
        utc(2027, 1, 1, 12),
        utc(2027, 1, 2, 12),
    ]
    assert day_at(s, utc(2027, 1, 1, 11, 59)) == 2


def test_weekdays_only_across_new_year() -> None:
    # 2026-12-28 is a Monday; 2027-01-01 a Friday; 2027-01-02/03 the weekend.
    assert date(2026, 12, 28).weekday() == 0
    assert date(2027, 1, 1).weekday() == 4
    s = Schedule(date(2026, 12, 26), time(9), "Europe/London", total_days=6, weekdays_only=True)
    assert [r.date() for r in releases(s)] == [
        date(2026, 12, 28),
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 4),
        date(2027, 1, 5),
    ]
    assert day_at(s, utc(2026, 12, 27, 12)) == 0
    assert day_at(s, utc(2027, 1, 3, 23)) == 5
    assert next_release(s, utc(2027, 1, 2, 9)) == (6, utc(2027, 1, 4, 9))
    assert not is_study_date(s, date(2027, 1, 2))
    assert is_study_date(s, date(2027, 1, 1))
    assert study_dates_between(s, date(2026, 12, 1), date(2027, 1, 31)) == 5 + 20


def test_pace_two() -> None:
    # Day N comes on the (2N-1)th study date: Mar 2, 4, 6; the summary on Mar 8.
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=3, pace=2)
    assert releases(s) == [
        utc(2026, 3, 2, 9),
        utc(2026, 3, 4, 9),
        utc(2026, 3, 6, 9),
        utc(2026, 3, 8, 9),
    ]
    assert day_at(s, utc(2026, 3, 3, 12)) == 1
    assert day_at(s, utc(2026, 3, 4, 8, 59)) == 1
    assert day_at(s, utc(2026, 3, 4, 9)) == 2
    assert day_at(s, utc(2026, 3, 7, 9)) == 3
    assert next_release(s, utc(2026, 3, 4, 9)) == (3, utc(2026, 3, 6, 9))


def test_pace_two_weekdays_only() -> None:
    # Study dates from Fri 2026-03-06: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12.
    # Days come on the 1st, 3rd and 5th of them.
    s = Schedule(date(2026, 3, 6), time(9), "UTC", total_days=2, pace=2, weekdays_only=True)
    assert [r.date() for r in releases(s)] == [
        date(2026, 3, 6),
        date(2026, 3, 10),
        date(2026, 3, 12),
    ]


def test_before_start_is_day_zero() -> None:
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=3)
    assert day_at(s, utc(2026, 3, 2, 8, 59)) == 0
    assert day_at(s, utc(2020, 1, 1)) == 0
    assert next_release(s, utc(2020, 1, 1)) == (1, utc(2026, 3, 2, 9))
    assert not is_study_date(s, date(2026, 3, 1))


# --- pauses -----------------------------------------------------------------------------------


def test_paused_days_are_not_counted() -> None:
    # Posts at 09:00Z; the pause covers the posts of Mar 4 and Mar 5.
    pause = Pause(utc(2026, 3, 3, 12), utc(2026, 3, 6, 8))
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=5, pauses=(pause,))
    assert [r.date() for r in releases(s)] == [
        date(2026, 3, 2),
        date(2026, 3, 3),
        date(2026, 3, 6),
        date(2026, 3, 7),
        date(2026, 3, 8),
        date(2026, 3, 9),
    ]
    assert day_at(s, utc(2026, 3, 5, 23)) == 2
    assert next_release(s, utc(2026, 3, 4, 0)) == (3, utc(2026, 3, 6, 9))
    assert not is_study_date(s, date(2026, 3, 4))
    assert not is_study_date(s, date(2026, 3, 5))
    assert is_study_date(s, date(2026, 3, 6))
    assert study_dates_between(s, date(2026, 3, 1), date(2026, 3, 10)) == 7


def test_pause_bounds_are_half_open() -> None:
    # Starting exactly at a post pauses it; ending exactly at a post lets it through.
    pause = Pause(utc(2026, 3, 3, 9), utc(2026, 3, 4, 9))
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=3, pauses=(pause,))
    assert [r.date() for r in releases(s)] == [
        date(2026, 3, 2),
        date(2026, 3, 4),
        date(2026, 3, 5),
        date(2026, 3, 6),
    ]


def test_overlapping_and_early_pauses() -> None:
    pauses = (
        Pause(utc(2026, 2, 1), utc(2026, 3, 3)),  # from before the start: Mar 2 paused
        Pause(utc(2026, 3, 4), utc(2026, 3, 6)),  # Mar 4, 5
        Pause(utc(2026, 3, 5), utc(2026, 3, 7)),  # Mar 5, 6
    )
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=2, pauses=pauses)
    assert [r.date() for r in releases(s)] == [date(2026, 3, 3), date(2026, 3, 7), date(2026, 3, 8)]
    assert study_dates_between(s, date(2026, 3, 1), date(2026, 3, 8)) == 3


def test_still_open_pause() -> None:
    pause = Pause(utc(2026, 3, 3, 12), None)
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=5, pauses=(pause,))
    assert day_at(s, utc(2026, 3, 3, 12)) == 2
    assert day_at(s, utc(2027, 3, 3)) == 2
    assert next_release(s, utc(2026, 3, 20)) is None
    assert release_instant(s, 2) == utc(2026, 3, 3, 9)
    with pytest.raises(ValueError, match="pause"):
        release_instant(s, 3)
    assert not is_study_date(s, date(2026, 3, 10))
    assert study_dates_between(s, date(2026, 3, 1), date(2026, 12, 31)) == 2


def test_pause_in_a_weekday_only_group() -> None:
    # Paused Wed 2026-03-04 to Tue 03-10 00:00Z: Wed, Thu, Fri, Mon are lost; the weekend was
    # never counted.
    pause = Pause(utc(2026, 3, 4), utc(2026, 3, 10))
    s = Schedule(
        date(2026, 3, 2), time(9), "UTC", total_days=3, weekdays_only=True, pauses=(pause,)
    )
    assert [r.date() for r in releases(s)] == [
        date(2026, 3, 2),
        date(2026, 3, 3),
        date(2026, 3, 10),
        date(2026, 3, 11),
    ]


# --- general ----------------------------------------------------------------------------------


def test_release_instant_rejects_days_out_of_range() -> None:
    s = Schedule(date(2026, 3, 2), time(9), "UTC", total_days=3)
    with pytest.raises(ValueError, match="day"):
        release_instant(s, 0)
    with pytest.raises(ValueError, match="day"):
        release_instant(s, 5)


def test_schedule_validates_pace_and_length() -> None:
    with pytest.raises(ValueError, match="pace"):
        Schedule(date(2026, 3, 2), time(9), "UTC", total_days=3, pace=0)
    with pytest.raises(ValueError, match="total_days"):
        Schedule(date(2026, 3, 2), time(9), "UTC", total_days=0)


def test_local_date_needs_an_aware_instant() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 3, 2, 9), "UTC")


def test_day_at_does_not_walk_the_history(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = schedule_module.post_instant

    def counting(d: date, t: time, tz: str) -> datetime:
        nonlocal calls
        calls += 1
        return real(d, t, tz)

    monkeypatch.setattr(schedule_module, "post_instant", counting)
    pauses = (Pause(utc(2001, 1, 1), utc(2003, 1, 1)), Pause(utc(2010, 5, 1), utc(2010, 6, 1)))
    s = Schedule(
        date(2000, 1, 3), time(9), "Europe/London", 20000, weekdays_only=True, pauses=pauses
    )
    # Weekdays 2000-01-03 .. 2025-12-31 minus the weekdays of 2001-2002 and of May 2010.
    expected = study_dates_between(s, date(2000, 1, 3), date(2025, 12, 31))
    calls = 0
    assert day_at(s, utc(2026, 1, 1, 0)) == expected
    assert calls < 30


def test_study_dates_between_counts_weekdays_by_hand() -> None:
    s = Schedule(date(2026, 1, 1), time(9), "UTC", total_days=1, weekdays_only=True)
    # March 2026: starts on a Sunday, 31 days, 22 weekdays.
    assert study_dates_between(s, date(2026, 3, 1), date(2026, 3, 31)) == 22
    assert study_dates_between(s, date(2026, 3, 7), date(2026, 3, 8)) == 0
    assert study_dates_between(s, date(2026, 3, 8), date(2026, 3, 7)) == 0
    # 2026 has 261 weekdays; Dec 2025 counts nothing because the group starts in 2026.
    assert study_dates_between(s, date(2025, 12, 1), date(2026, 12, 31)) == 261


# --- property ---------------------------------------------------------------------------------

ZONES = [
    "UTC",
    "UTC+08:00",
    "UTC-03:30",
    "UTC+14:00",
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/Santiago",
    "America/Havana",
    "America/St_Johns",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Asia/Tehran",
]


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    start = draw(st.dates(date(2000, 1, 1), date(2037, 12, 31)))
    post_time = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 1, 15, 30, 45, 59])))
    base = datetime.combine(start, time(), UTC)
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        begin = base + timedelta(minutes=draw(st.integers(-3 * 1440, 60 * 1440)))
        length = timedelta(minutes=draw(st.integers(1, 20 * 1440)))
        pauses.append(Pause(begin, begin + length))
    return Schedule(
        start=start,
        post_time=post_time,
        timezone=draw(st.sampled_from(ZONES)),
        total_days=draw(st.integers(1, 40)),
        pace=draw(st.integers(1, 3)),
        weekdays_only=draw(st.booleans()),
        pauses=tuple(pauses),
    )


@settings(max_examples=150, deadline=None)
@given(schedules())
def test_day_at_and_release_instant_agree(s: Schedule) -> None:
    instants = releases(s)
    assert instants == sorted(set(instants))
    for n, r in enumerate(instants, start=1):
        assert day_at(s, r) == n
        assert day_at(s, r - US) == n - 1
        assert next_release(s, r - US) == (n, r)
    assert next_release(s, instants[-1]) is None
