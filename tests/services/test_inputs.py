"""Times and start dates as people type them, in English and Chinese: every accepted form, every
refusal and the data an answer needs (examples always after the injected today)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.errors import AmbiguousDate, BadStartDate, BadTime, NotOnCalendar, StartTooFar
from bot.services.inputs import START_WINDOW_DAYS, parse_start, parse_time, start_example

# --- parse_time -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", time(9)),
        ("09", time(9)),
        ("0", time(0)),
        ("23", time(23)),
        ("09:00", time(9)),
        ("9:00", time(9)),
        ("9am", time(9)),
        ("9 AM", time(9)),
        ("9 a.m.", time(9)),
        ("9pm", time(21)),
        ("9:30pm", time(21, 30)),
        ("9:30 PM", time(21, 30)),
        ("21:30", time(21, 30)),
        ("00:00", time(0)),
        ("23:59", time(23, 59)),
        ("12am", time(0)),
        ("12:15am", time(0, 15)),
        ("12pm", time(12)),
        ("12:45pm", time(12, 45)),
        ("1pm", time(13)),
        ("11pm", time(23)),
        ("  07:05  ", time(7, 5)),
        ("9h30", time(9, 30)),
        ("noon", time(12)),
        ("Midnight", time(0)),
        ("２１：３０", time(21, 30)),
    ],
)
def test_parse_time_accepts(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9点", time(9)),
        ("21点", time(21)),
        ("21点半", time(21, 30)),
        ("9点半", time(9, 30)),
        ("9点30", time(9, 30)),
        ("9点30分", time(9, 30)),
        ("9点05分", time(9, 5)),
        ("9点整", time(9)),
        ("9点一刻", time(9, 15)),
        ("9点三刻", time(9, 45)),
        ("21时30分", time(21, 30)),
        ("九点", time(9)),
        ("九点半", time(9, 30)),
        ("二十一点", time(21)),
        ("十点十五分", time(10, 15)),
        ("晚上9点", time(21)),
        ("晚上九点半", time(21, 30)),
        ("晚上9:30", time(21, 30)),
        ("晚上 9 点", time(21)),
        ("晚上11点", time(23)),
        ("晚上12点", time(0)),
        ("晚上21点", time(21)),
        ("下午3点", time(15)),
        ("下午3点半", time(15, 30)),
        ("下午12点", time(12)),
        ("傍晚6点", time(18)),
        ("上午10点", time(10)),
        ("上午10点15分", time(10, 15)),
        ("早上8点", time(8)),
        ("早上七点半", time(7, 30)),
        ("凌晨1点", time(1)),
        ("凌晨12点", time(0)),
        ("中午12点", time(12)),
        ("中午1点", time(13)),
        ("中午", time(12)),
        ("午夜", time(0)),
        ("两点", time(2)),
    ],
)
def test_parse_time_accepts_chinese(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00",
        "24:00",
        "9:75",
        "9:7",
        "abc",
        "13pm",
        "0am",
        "00pm",
        "",
        "9:00:00",
        "-1",
        "9 pmx",
        "25点",
        "9点60分",
        "上午21点",
        "下午",
        "晚上9pm",
        "中午5点",
        "点",
        "九十点",
    ],
)
def test_parse_time_refuses(text: str) -> None:
    with pytest.raises(BadTime) as caught:
        parse_time(text)
    assert caught.value.typed == text


# --- parse_start -------------------------------------------------------------------------------

TODAY = date(2026, 3, 2)  # a Monday
FAR = date(2031, 8, 14)  # a Thursday, years from the wall clock's today: nothing reads it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today", TODAY),
        (" TODAY ", TODAY),
        ("tomorrow", date(2026, 3, 3)),
        ("day after tomorrow", date(2026, 3, 4)),
        ("yesterday", date(2026, 3, 1)),
        ("last friday", date(2026, 2, 27)),
        ("2 days ago", date(2026, 2, 28)),
        ("next monday", date(2026, 3, 9)),
        ("monday", date(2026, 3, 9)),
        ("friday", date(2026, 3, 6)),
        ("Dec 1", date(2026, 12, 1)),
        ("1 December", date(2026, 12, 1)),
        ("December 1st", date(2026, 12, 1)),
        ("march 1", date(2027, 3, 1)),  # already past this year: next year's
        ("in 3 days", date(2026, 3, 5)),
        ("5th", date(2026, 3, 5)),
        ("the 1st", date(2026, 4, 1)),
        ("2026-03-10", date(2026, 3, 10)),
        ("2026-3-1", date(2026, 3, 1)),
        ("2026/03/10", date(2026, 3, 10)),
        ("2026.3.10", date(2026, 3, 10)),
        ("2026-01-01", date(2026, 1, 1)),
        ("2027-03-03", date(2027, 3, 3)),  # 366 days ahead
        ("2025-03-01", date(2025, 3, 1)),  # 366 days back
        ("13/1", date(2027, 1, 13)),  # only one reading is a date
        ("5/5", date(2026, 5, 5)),  # both readings are the same day
        ("1/13/2027", date(2027, 1, 13)),
    ],
)
def test_parse_start_accepts(text: str, expected: date) -> None:
    assert parse_start(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天", TODAY),
        ("明天", date(2026, 3, 3)),
        ("后天", date(2026, 3, 4)),
        ("大后天", date(2026, 3, 5)),
        ("下周一", date(2026, 3, 9)),
        ("下星期一", date(2026, 3, 9)),
        ("下个礼拜三", date(2026, 3, 11)),
        ("下周日", date(2026, 3, 15)),
        ("下下周一", date(2026, 3, 16)),
        ("本周五", date(2026, 3, 6)),
        ("这周日", date(2026, 3, 8)),
        ("周一", date(2026, 3, 9)),  # today is Monday: the next one
        ("星期三", date(2026, 3, 4)),
        ("12月1日", date(2026, 12, 1)),
        ("12月1号", date(2026, 12, 1)),
        ("十二月一日", date(2026, 12, 1)),
        ("3月1日", date(2027, 3, 1)),  # already past this year
        ("3月2日", TODAY),
        ("2026年12月1日", date(2026, 12, 1)),
        ("5号", date(2026, 3, 5)),
        ("1号", date(2026, 4, 1)),
        ("下个月1号", date(2026, 4, 1)),
        ("下月15日", date(2026, 4, 15)),
        ("3天后", date(2026, 3, 5)),
        ("三天后", date(2026, 3, 5)),
        ("两周后", date(2026, 3, 16)),
        ("2026-12-01", date(2026, 12, 1)),
    ],
)
def test_parse_start_accepts_chinese(text: str, expected: date) -> None:
    assert parse_start(text, TODAY) == expected


def test_weeks_start_on_monday_whatever_the_day() -> None:
    sunday = date(2026, 3, 8)
    assert parse_start("下周一", sunday) == date(2026, 3, 9)  # tomorrow: next week's Monday
    assert parse_start("周一", sunday) == date(2026, 3, 9)
    assert parse_start("本周一", sunday) == date(2026, 3, 2)


def test_dates_are_read_from_the_injected_today() -> None:
    assert parse_start("tomorrow", FAR) == FAR + timedelta(days=1)
    assert parse_start("next monday", FAR) == date(2031, 8, 18)
    assert parse_start("Dec 1", FAR) == date(2031, 12, 1)
    assert parse_start("下周一", FAR) == date(2031, 8, 18)
    assert parse_start("in 3 days", FAR) == date(2031, 8, 17)


def test_parse_start_leap_day_and_year_end() -> None:
    assert parse_start("2028-02-29", date(2027, 6, 1)) == date(2028, 2, 29)
    assert parse_start("2月29日", date(2027, 6, 1)) == date(2028, 2, 29)
    assert parse_start("tomorrow", date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_start("1月1日", date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("12/1", (date(2026, 12, 1), date(2027, 1, 12))),
        ("1/12", (date(2027, 1, 12), date(2026, 12, 1))),
        ("3.4", (date(2026, 3, 4), date(2026, 4, 3))),
        ("10-03-2026", (date(2026, 10, 3), date(2026, 3, 10))),
        ("04/05/26", (date(2026, 4, 5), date(2026, 5, 4))),
    ],
)
def test_numbers_that_read_as_two_dates_are_refused_with_both(
    text: str, readings: tuple[date, date]
) -> None:
    with pytest.raises(AmbiguousDate) as caught:
        parse_start(text, TODAY)
    assert (caught.value.typed, caught.value.readings) == (text, readings)
    assert all(reading > TODAY for reading in readings)


@pytest.mark.parametrize(
    "text",
    ["someday", "", "9", "20260310", "下辈子", "next blursday", "周八", "a week from today"],
)
def test_parse_start_refuses_unreadable(text: str) -> None:
    with pytest.raises(BadStartDate) as caught:
        parse_start(text, TODAY)
    assert (caught.value.typed, caught.value.today) == (text, TODAY)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "2026-00-10", "2月30日", "13月1日", "32号", "31/31"]
)
def test_parse_start_refuses_impossible_dates(text: str) -> None:
    with pytest.raises(NotOnCalendar) as caught:
        parse_start(text, TODAY)
    assert (caught.value.typed, caught.value.today) == (text, TODAY)


@pytest.mark.parametrize("text", ["2027-03-04", "2025-02-28", "2062-03-02"])
def test_parse_start_refuses_far_dates(text: str) -> None:
    with pytest.raises(StartTooFar) as caught:
        parse_start(text, TODAY)
    error = caught.value
    assert (error.chosen, error.today) == (date.fromisoformat(text), TODAY)
    assert error.window_days == START_WINDOW_DAYS == 366


@pytest.mark.parametrize(
    "today", [date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 28), date(2026, 12, 31)]
)
def test_every_example_is_a_future_date(today: date) -> None:
    example = start_example(today)
    assert today < example <= today + timedelta(days=31)
    assert example.day == 1
    assert parse_start(example.isoformat(), today) == example
