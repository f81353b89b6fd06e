"""Answers to bad input, in every language: each input error explained, examples always after
the group's today, zones named in the reader's words, and autocomplete labels within limits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.errors import (
    AmbiguousDate,
    AmbiguousTimezone,
    BadOffset,
    BadStartDate,
    BadTime,
    NotOnCalendar,
    StartTooFar,
    UnknownTimezone,
    UserFacingError,
)
from bot.locale import LANGS
from bot.render.catalog import for_lang
from bot.render.choices import timezone_choices, utc_offset, zone_label
from bot.render.errors import explain
from bot.render.inputs import echo, explain_input
from bot.services.inputs import parse_start
from bot.services.zones import describe
from bot.services.zones import timezone_choices as zone_choices

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
CJK = re.compile(r"[\u4e00-\u9fff]")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def samples(today: date = TODAY) -> list[UserFacingError]:
    return [
        BadTime("25:00"),
        BadStartDate("someday", today),
        NotOnCalendar("2026-02-30", today),
        StartTooFar(date(2062, 3, 2), today, 366),
        AmbiguousDate("12/1", (date(2026, 12, 1), date(2027, 1, 12))),
        UnknownTimezone("Bejing", ("Asia/Shanghai",), NOW),
        UnknownTimezone("Mars", ()),
        AmbiguousTimezone("CST", ("America/Chicago", "Asia/Shanghai", "America/Havana"), NOW),
        BadOffset("UTC+15", "UTC-12:00", "UTC+14:00"),
    ]


INPUT_ERRORS = {
    BadTime,
    BadStartDate,
    NotOnCalendar,
    StartTooFar,
    AmbiguousDate,
    UnknownTimezone,
    AmbiguousTimezone,
    BadOffset,
}


def test_every_input_error_has_a_sample_and_explain_hands_each_here() -> None:
    assert {type(e) for e in samples()} == INPUT_ERRORS
    for error in samples():
        for lang in LANGS:
            assert explain(error, for_lang(lang)) == explain_input(error, for_lang(lang))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("error", samples(), ids=lambda e: type(e).__name__)
def test_every_input_error_is_explained_in_every_language(
    error: UserFacingError, lang: str
) -> None:
    text = explain_input(error, for_lang(lang))
    assert 1 <= len(text) <= 2000
    assert "{" not in text and "}" not in text  # every placeholder filled
    typed = getattr(error, "typed", None)
    if typed:
        assert echo(typed) in text
    assert bool(CJK.search(text.replace(echo(typed or ""), ""))) == (lang == "zh")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "today", [TODAY, date(2026, 12, 31), date(2027, 1, 31), date(2028, 2, 28), date(2031, 6, 30)]
)
def test_every_example_date_is_after_today_and_reads_back(lang: str, today: date) -> None:
    for error in samples(today)[1:4]:
        text = explain_input(error, for_lang(lang)).replace(echo(getattr(error, "typed", "")), "")
        shown = [date.fromisoformat(d) for d in ISO.findall(text)]
        examples = [d for d in shown if d not in (today, getattr(error, "chosen", None))]
        assert examples, text
        for example in examples:
            assert example > today, (text, today)
            assert parse_start(example.isoformat(), today) == example
        month_day = re.findall(r"`(\w{3} \d{1,2}|\d{1,2}月\d{1,2}日)`", text)
        assert month_day, text
        assert parse_start(month_day[0], today) == examples[0]


def test_ambiguous_dates_show_both_readings_in_words() -> None:
    error = AmbiguousDate("12/1", (date(2026, 12, 1), date(2027, 1, 12)))
    assert "Tue, Dec 1, 2026" in explain_input(error, for_lang("en"))
    assert "2027年1月12日周二" in explain_input(error, for_lang("zh"))


def test_zones_are_named_in_the_readers_words() -> None:
    error = AmbiguousTimezone("CST", ("America/Chicago", "Asia/Shanghai"), NOW)
    assert "• `America/Chicago`: Chicago · Central Standard Time (UTC-6)" in explain_input(
        error, for_lang("en")
    )
    assert "• `Asia/Shanghai`：上海 · 中国标准时间 (UTC+8)" in explain_input(error, for_lang("zh"))


def test_labels() -> None:
    assert [utc_offset(timedelta(minutes=m)) for m in (0, 480, -210, 345, -600)] == [
        "UTC",
        "UTC+8",
        "UTC-3:30",
        "UTC+5:45",
        "UTC-10",
    ]
    assert zone_label(describe("Asia/Shanghai", "zh", NOW)) == "上海 · 中国标准时间 (UTC+8)"
    assert zone_label(describe("UTC+08:00", "zh", NOW)) == "UTC+08:00"
    assert zone_label(describe("UTC", "en", NOW)) == "UTC · Coordinated Universal Time"
    legacy = zone_label(describe("US/Pacific", "en", NOW))
    assert legacy == "US/Pacific · Los Angeles · Pacific Standard Time (UTC-8)"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed", ["", "a", "america", "北", "时间", "+5:45", "standard time"])
def test_autocomplete_labels_fit(lang: str, typed: str) -> None:
    choices = timezone_choices(zone_choices(typed, lang, NOW))
    assert 1 <= len(choices) <= 25
    for choice in choices:
        assert 1 <= len(choice.name) <= 100 and 1 <= len(choice.value) <= 100
