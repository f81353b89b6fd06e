"""Parsers for what people type: every accepted form, every rejection and what it says."""

from __future__ import annotations

import timeit
from datetime import date, time
from functools import partial

import pytest

from bot.errors import UserFacingError
from bot.services.inputs import (
    COMMON_TIMEZONES,
    parse_start,
    parse_time,
    parse_timezone,
    timezone_choices,
)
from bot.services.schedule import zone

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
    ],
)
def test_parse_time_accepts(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["25:00", "24:00", "9:75", "9:7", "abc", "13pm", "0am", "00pm", "", "9:00:00", "-1", "9 pmx"],
)
def test_parse_time_rejects_and_says_what_is_accepted(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_time(text)
    message = str(caught.value)
    assert "`09:00`" in message
    assert "`9am`" in message
    assert "`9:30pm`" in message
    assert "24-hour" in message


def test_parse_time_exact_message() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_time("25:00")
    assert str(caught.value) == (
        "I couldn't read `25:00` as a time. Use 24-hour `HH:MM` like `09:00` or `21:30`, "
        "or 12-hour like `9am` or `9:30pm`."
    )


def test_empty_input_is_named_as_such() -> None:
    with pytest.raises(UserFacingError, match='read "" as a time'):
        parse_time("  ")


def test_parse_time_echoes_long_input_shortened() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_time("x" * 500 + "`")
    assert len(str(caught.value)) < 300


# --- parse_timezone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("asia/tokyo", "Asia/Tokyo"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("  Europe/London ", "Europe/London"),
        ("Australia/Lord_Howe", "Australia/Lord_Howe"),
        ("asia/kathmandu", "Asia/Kathmandu"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("UTC+8", "UTC+08:00"),
        ("utc+8", "UTC+08:00"),
        ("UTC+08:00", "UTC+08:00"),
        ("UTC + 8", "UTC+08:00"),
        ("UTC-3:30", "UTC-03:30"),
        ("UTC-03:30", "UTC-03:30"),
        ("GMT+5:45", "UTC+05:45"),
        ("UTC+0530", "UTC+05:30"),
        ("+8", "UTC+08:00"),
        ("-5", "UTC-05:00"),
        ("UTC+14", "UTC+14:00"),
        ("UTC-12:00", "UTC-12:00"),
        ("UTC+0", "UTC"),
        ("-00:00", "UTC"),
    ],
)
def test_parse_timezone_accepts(text: str, expected: str) -> None:
    assert parse_timezone(text) == expected
    zone(expected)


@pytest.mark.parametrize("text", ["Mars/Olympus", "tokio", "", "8", "UTC+", "EST+5", "++8"])
def test_parse_timezone_rejects_and_says_what_is_accepted(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_timezone(text)
    message = str(caught.value)
    assert "`Asia/Shanghai`" in message
    assert "`UTC+8`" in message
    assert "IANA" in message


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("tokio", "Asia/Tokyo"),
        ("shangai", "Asia/Shanghai"),
        ("Europe/Londn", "Europe/London"),
        ("Pacific/Aukland", "Pacific/Auckland"),
    ],
)
def test_parse_timezone_suggests_close_names(text: str, suggested: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_timezone(text)
    message = str(caught.value)
    assert "Did you mean" in message
    assert f"`{suggested}`" in message
    suggestions = message.split("Did you mean", 1)[1]
    assert 1 <= suggestions.count("`") // 2 <= 3


def test_parse_timezone_without_a_close_name_suggests_nothing() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_timezone("qqqqqqqqqq")
    assert "Did you mean" not in str(caught.value)


@pytest.mark.parametrize("text", ["UTC+15", "UTC-13", "UTC-12:30", "+14:01", "UTC+5:75"])
def test_parse_timezone_rejects_offsets_out_of_range(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_timezone(text)
    message = str(caught.value)
    assert "`UTC-12:00`" in message
    assert "`UTC+14:00`" in message
    assert "`Asia/Shanghai`" in message


# --- parse_start ------------------------------------------------------------------------------

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today", TODAY),
        (" TODAY ", TODAY),
        ("tomorrow", date(2026, 3, 3)),
        ("2026-03-10", date(2026, 3, 10)),
        ("2026-01-01", date(2026, 1, 1)),
        ("2027-03-03", date(2027, 3, 3)),  # 366 days ahead
        ("2025-03-01", date(2025, 3, 1)),  # 366 days back
    ],
)
def test_parse_start_accepts(text: str, expected: date) -> None:
    assert parse_start(text, TODAY) == expected


def test_parse_start_leap_day() -> None:
    assert parse_start("2028-02-29", date(2027, 6, 1)) == date(2028, 2, 29)


def test_parse_start_year_end() -> None:
    assert parse_start("tomorrow", date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    "text", ["yesterday", "next monday", "2026/03/10", "10-03-2026", "20260310", "2026-3-1", ""]
)
def test_parse_start_rejects_unreadable(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_start(text, TODAY)
    message = str(caught.value)
    assert "`today`" in message
    assert "`tomorrow`" in message
    assert "`YYYY-MM-DD`" in message
    assert "`2026-09-01`" in message


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10"])
def test_parse_start_rejects_impossible_dates(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_start(text, TODAY)
    message = str(caught.value)
    assert "not a date" in message
    assert "`YYYY-MM-DD`" in message


@pytest.mark.parametrize("text", ["2027-03-04", "2025-02-28", "2062-03-02"])
def test_parse_start_rejects_far_dates(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_start(text, TODAY)
    message = str(caught.value)
    assert "366 days" in message
    assert "`YYYY-MM-DD`" in message


# --- timezone_choices -------------------------------------------------------------------------


def test_choices_for_nothing_typed_are_the_common_zones() -> None:
    choices = timezone_choices("")
    assert choices == list(COMMON_TIMEZONES)[:25]
    assert {"UTC", "Asia/Shanghai", "America/New_York", "Europe/London"} <= set(choices)
    assert timezone_choices("   ", limit=3) == list(COMMON_TIMEZONES)[:3]


def test_common_zones_are_real() -> None:
    for name in COMMON_TIMEZONES:
        assert parse_timezone(name) == name


def test_choices_prefix_on_full_name_and_city() -> None:
    assert timezone_choices("asia/tok")[0] == "Asia/Tokyo"
    assert timezone_choices("tok")[0] == "Asia/Tokyo"
    assert timezone_choices("new y")[0] == "America/New_York"
    assert timezone_choices("lon")[0] == "Europe/London"
    assert timezone_choices("Kathm")[0] == "Asia/Kathmandu"
    assert all(name.lower().startswith("europe/") for name in timezone_choices("europe/")[:25])


def test_choices_prefix_before_substring_before_close() -> None:
    # "lon" starts London and Longyearbyen but is only inside Blanc-Sablon.
    choices = timezone_choices("lon")
    assert choices.index("Europe/London") < choices.index("America/Blanc-Sablon")
    assert choices.index("Arctic/Longyearbyen") < choices.index("America/Blanc-Sablon")
    assert timezone_choices("york") == ["America/New_York"]
    assert timezone_choices("paulo")[0] == "America/Sao_Paulo"
    assert timezone_choices("tokio")[0] == "Asia/Tokyo"
    assert timezone_choices("shangai")[0] == "Asia/Shanghai"


def test_choices_offer_the_offset_typed() -> None:
    assert timezone_choices("+8")[0] == "UTC+08:00"
    assert timezone_choices("utc-3:30")[0] == "UTC-03:30"
    assert timezone_choices("UTC+99")[:1] != ["UTC+99:00"]


@pytest.mark.parametrize("typed", ["", "a", "e", "america", "x" * 100, "tokio", "/"])
@pytest.mark.parametrize("limit", [1, 5, 25, 100])
def test_choices_never_exceed_the_limit(typed: str, limit: int) -> None:
    choices = timezone_choices(typed, limit)
    assert len(choices) <= min(limit, 25)
    assert len(choices) == len(set(choices))
    for name in choices:
        zone(name)


def test_choices_with_a_zero_limit() -> None:
    assert timezone_choices("tok", limit=0) == []


def test_choices_are_fast() -> None:
    typed = ["", "a", "tok", "new york", "shangai", "america/sao", "xyzzyq", "+8"]
    for text in typed:
        best = min(timeit.repeat(partial(timezone_choices, text), number=20, repeat=5)) / 20
        assert best < 0.002, (text, best)
