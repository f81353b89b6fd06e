"""When a group's post falls across DST changes (times that do not exist or happen twice) and odd
offsets (half and quarter hours, fixed ``UTC±HH:MM``).

Expected instants are worked out by hand from the zone rules written next to each test.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.services.schedule import Schedule, day_at, local_date, next_release, post_instant
from tests.services.schedule_instants import releases, utc

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
