"""Which day a group is on, across DST changes, odd offsets, year ends, paces and pauses.

Expected instants are worked out by hand from the zone rules written next to each test.
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
    post_instant,
    release_instant,
    study_dates_between,
)

US = timedelta(microseconds=1)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def releases(s: Schedule) -> list[datetime]:
    return [release_instant(s, n) for n in range(1, s.total_days + 2)]


# --- post_instant -------------------------------------------------------------------


def test_post_instant_on_fixed_offset() -> None:
    assert post_instant(date(2026, 5, 1), time(9), "UTC+08:00") == utc(2026, 5, 1, 1)
    assert post_instant(date(2026, 5, 1), time(9), "UTC-03:30") == utc(2026, 5, 1, 12, 30)
    assert post_instant(date(2026, 5, 1), time(9), "UTC") == utc(2026, 5, 1, 9)


def test_post_instant_is_utc_aware() -> None:
    p = post_instant(date(2026, 7, 1), time(9), "America/New_York")
    assert p.utcoffset() == timedelta(0)
    assert p == utc(2026, 7, 1, 13)


# New York 2026: EST (-5) until Sun Mar 8 02:00, when clocks jump to 03:00 EDT (-4), i.e. 07:00Z.
def test_new_york_nonexistent_0230_posts_at_the_jump() -> None:
    assert post_instant(date(2026, 3, 8), time(2, 30), "America/New_York") == utc(2026, 3, 8, 7)
    assert post_instant(date(2026, 3, 8), time(2, 0), "America/New_York") == utc(2026, 3, 8, 7)
    assert post_instant(date(2026, 3, 8), time(2, 59), "America/New_York") == utc(2026, 3, 8, 7)
    assert post_instant(date(2026, 3, 8), time(3, 0), "America/New_York") == utc(2026, 3, 8, 7)
    assert post_instant(date(2026, 3, 8), time(1, 59), "America/New_York") == utc(2026, 3, 8, 6, 59)


def test_new_york_nonexistent_0230_group() -> None:
    s = Schedule(date(2026, 3, 7), time(2, 30), "America/New_York", total_days=2)
    # Mar 7 02:30 EST = 07:30Z; Mar 8 jump 07:00Z; Mar 9 02:30 EDT = 06:30Z.
    assert releases(s) == [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7), utc(2026, 3, 9, 6, 30)]
    assert day_at(s, utc(2026, 3, 8, 6, 59, 59)) == 1
    assert day_at(s, utc(2026, 3, 8, 7)) == 2
    assert next_release(s, utc(2026, 3, 7, 12)) == (2, utc(2026, 3, 8, 7))


# New York 2026: EDT (-4) until Sun Nov 1 02:00, back to 01:00 EST (-5): 01:30 happens at 05:30Z
# and again at 06:30Z.
def test_new_york_repeated_0130_posts_once_at_the_first() -> None:
    assert post_instant(date(2026, 11, 1), time(1, 30), "America/New_York") == utc(
        2026, 11, 1, 5, 30
    )
    s = Schedule(date(2026, 10, 31), time(1, 30), "America/New_York", total_days=3)
    assert releases(s) == [
        utc(2026, 10, 31, 5, 30),
        utc(2026, 11, 1, 5, 30),
        utc(2026, 11, 2, 6, 30),
        utc(2026, 11, 3, 6, 30),
    ]
    assert day_at(s, utc(2026, 11, 1, 5, 29)) == 1
    assert day_at(s, utc(2026, 11, 1, 5, 30)) == 2
    # The second 01:30 is not a new post.
    assert day_at(s, utc(2026, 11, 1, 6, 30)) == 2
    assert next_release(s, utc(2026, 11, 1, 6, 30)) == (3, utc(2026, 11, 2, 6, 30))


def test_new_york_0900_on_both_sides_of_spring_forward() -> None:
    s = Schedule(date(2026, 3, 6), time(9), "America/New_York", total_days=5)
    assert releases(s) == [
        utc(2026, 3, 6, 14),
        utc(2026, 3, 7, 14),
        utc(2026, 3, 8, 13),
        utc(2026, 3, 9, 13),
        utc(2026, 3, 10, 13),
        utc(2026, 3, 11, 13),
    ]
    assert day_at(s, utc(2026, 3, 8, 12, 59)) == 2
    assert day_at(s, utc(2026, 3, 8, 13)) == 3
    assert day_at(s, utc(2026, 3, 11, 13)) == 6
    assert day_at(s, utc(2027, 1, 1)) == 6
    assert next_release(s, utc(2026, 3, 11, 13)) is None


# London 2026: GMT until Sun Mar 29 01:00 (-> 02:00 BST); BST until Sun Oct 25 02:00 (-> 01:00).
def test_london_both_changes() -> None:
    spring = Schedule(date(2026, 3, 28), time(9), "Europe/London", total_days=1)
    assert releases(spring) == [utc(2026, 3, 28, 9), utc(2026, 3, 29, 8)]
    autumn = Schedule(date(2026, 10, 24), time(9), "Europe/London", total_days=1)
    assert releases(autumn) == [utc(2026, 10, 24, 8), utc(2026, 10, 25, 9)]
    assert post_instant(date(2026, 3, 29), time(1, 30), "Europe/London") == utc(2026, 3, 29, 1)
    assert post_instant(date(2026, 10, 25), time(1, 30), "Europe/London") == utc(
        2026, 10, 25, 0, 30
    )


# Lord Howe: +10:30 standard, +11 in summer, a 30-minute shift. 2026: summer time ends Sun Apr 5
# at 02:00 (-> 01:30) and starts Sun Oct 4 at 02:00 (-> 02:30), i.e. Oct 3 15:30Z.
def test_lord_howe_half_hour_gap_and_overlap() -> None:
    tz = "Australia/Lord_Howe"
    assert post_instant(date(2026, 10, 4), time(2, 15), tz) == utc(2026, 10, 3, 15, 30)
    assert post_instant(date(2026, 10, 4), time(2, 0), tz) == utc(2026, 10, 3, 15, 30)
    assert post_instant(date(2026, 10, 4), time(2, 30), tz) == utc(2026, 10, 3, 15, 30)
    assert post_instant(date(2026, 10, 4), time(1, 59), tz) == utc(2026, 10, 3, 15, 29)
    # 01:45 on Apr 5 happens at 14:45Z (+11) and again at 15:15Z (+10:30): the first one.
    assert post_instant(date(2026, 4, 5), time(1, 45), tz) == utc(2026, 4, 4, 14, 45)


def test_lord_howe_0900_group_across_both_changes() -> None:
    tz = "Australia/Lord_Howe"
    april = Schedule(date(2026, 4, 4), time(9), tz, total_days=1)
    assert releases(april) == [utc(2026, 4, 3, 22), utc(2026, 4, 4, 22, 30)]
    october = Schedule(date(2026, 10, 3), time(9), tz, total_days=1)
    assert releases(october) == [utc(2026, 10, 2, 22, 30), utc(2026, 10, 3, 22)]
    assert day_at(october, utc(2026, 10, 3, 21, 59)) == 1
    assert day_at(october, utc(2026, 10, 3, 22)) == 2


# Kolkata is +05:30 and Kathmandu +05:45 all year.
def test_kolkata_half_hour_offset() -> None:
    s = Schedule(date(2026, 1, 10), time(9), "Asia/Kolkata", total_days=2)
    assert releases(s) == [
        utc(2026, 1, 10, 3, 30),
        utc(2026, 1, 11, 3, 30),
        utc(2026, 1, 12, 3, 30),
    ]
    assert local_date(utc(2026, 1, 10, 18, 29), "Asia/Kolkata") == date(2026, 1, 10)
    assert local_date(utc(2026, 1, 10, 18, 30), "Asia/Kolkata") == date(2026, 1, 11)
    assert day_at(s, utc(2026, 1, 11, 3, 29)) == 1


def test_kathmandu_45_minute_offset_across_new_year() -> None:
    s = Schedule(date(2026, 12, 31), time(0, 10), "Asia/Kathmandu", total_days=2)
    # 00:10 +05:45 is 18:25Z the evening before.
    assert releases(s) == [
        utc(2026, 12, 30, 18, 25),
        utc(2026, 12, 31, 18, 25),
        utc(2027, 1, 1, 18, 25),
    ]
    assert local_date(utc(2026, 12, 31, 18, 14), "Asia/Kathmandu") == date(2026, 12, 31)
    assert local_date(utc(2026, 12, 31, 18, 15), "Asia/Kathmandu") == date(2027, 1, 1)
    assert day_at(s, utc(2026, 12, 31, 18, 24)) == 1
    assert day_at(s, utc(2026, 12, 31, 18, 25)) == 2


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
