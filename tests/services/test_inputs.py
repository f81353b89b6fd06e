"""Parsers for times and start dates: every accepted form, every rejection and what it says."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.services.inputs import parse_start, parse_time
from tests.explain import english, refused

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
    with refused() as caught:
        parse_time(text)
    message = english(caught.value)
    assert "`09:00`" in message
    assert "`9am`" in message
    assert "`9:30pm`" in message
    assert "24-hour" in message


def test_parse_time_exact_message() -> None:
    with refused() as caught:
        parse_time("25:00")
    assert english(caught.value) == (
        "I couldn't read `25:00` as a time. Use 24-hour `HH:MM` like `09:00` or `21:30`, "
        "or 12-hour like `9am` or `9:30pm`."
    )


def test_empty_input_is_named_as_such() -> None:
    with refused('read "" as a time'):
        parse_time("  ")


def test_parse_time_echoes_long_input_shortened() -> None:
    with refused() as caught:
        parse_time("x" * 500 + "`")
    assert len(english(caught.value)) < 300


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
    with refused() as caught:
        parse_start(text, TODAY)
    message = english(caught.value)
    assert "`today`" in message
    assert "`tomorrow`" in message
    assert "`YYYY-MM-DD`" in message
    assert "`2026-04-01`" in message


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10"])
def test_parse_start_rejects_impossible_dates(text: str) -> None:
    with refused() as caught:
        parse_start(text, TODAY)
    message = english(caught.value)
    assert "not a date" in message
    assert "`YYYY-MM-DD`" in message


@pytest.mark.parametrize("text", ["2027-03-04", "2025-02-28", "2062-03-02"])
def test_parse_start_rejects_far_dates(text: str) -> None:
    with refused() as caught:
        parse_start(text, TODAY)
    message = english(caught.value)
    assert "366 days" in message
    assert "`YYYY-MM-DD`" in message
