"""Timezones: what people type, the stored names it gives, and the tzinfo of a stored name."""

from __future__ import annotations

import timeit
from datetime import datetime, timedelta, timezone
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from bot.services.zones import (
    COMMON_TIMEZONES,
    OFFSET_EAST_MAX,
    OFFSET_WEST_MAX,
    offset_name,
    parse_timezone,
    timezone_choices,
    zone,
)
from tests.explain import english, refused

# --- zone and the stored offset form -------------------------------------------------------------


def test_zone_fixed_offsets_and_iana_names() -> None:
    assert zone("UTC+08:00").utcoffset(None) == timedelta(hours=8)
    assert zone("UTC-03:30").utcoffset(None) == -timedelta(hours=3, minutes=30)
    assert isinstance(zone("UTC+08:00"), timezone)
    assert zone("Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    assert zone("UTC").utcoffset(datetime(2026, 1, 1)) == timedelta(0)
    assert zone("Europe/London") is zone("Europe/London")


def test_zone_unknown_name_raises() -> None:
    with pytest.raises(KeyError):
        zone("Mars/Olympus_Mons")


def test_every_offset_typed_is_stored_in_the_form_zone_reads() -> None:
    """Every quarter hour from UTC-12:00 to UTC+14:00, typed loosely, round-trips."""
    for minutes in range(-OFFSET_WEST_MAX, OFFSET_EAST_MAX + 1, 15):
        hours, rest = divmod(abs(minutes), 60)
        sign = "-" if minutes < 0 else "+"
        stored = parse_timezone(f"gmt{sign}{hours}:{rest:02d}")
        assert stored == offset_name(sign, hours, rest)
        assert zone(stored).utcoffset(None) == timedelta(minutes=minutes)
        assert parse_timezone(stored) == stored


def test_offset_name_forms() -> None:
    assert offset_name("+", 8, 0) == "UTC+08:00"
    assert offset_name("-", 3, 30) == "UTC-03:30"
    assert offset_name("-", 0, 0) == "UTC"


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
    with refused() as caught:
        parse_timezone(text)
    message = english(caught.value)
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
    with refused() as caught:
        parse_timezone(text)
    message = english(caught.value)
    assert "Did you mean" in message
    assert f"`{suggested}`" in message
    suggestions = message.split("Did you mean", 1)[1]
    assert 1 <= suggestions.count("`") // 2 <= 3


def test_parse_timezone_without_a_close_name_suggests_nothing() -> None:
    with refused() as caught:
        parse_timezone("qqqqqqqqqq")
    assert "Did you mean" not in english(caught.value)


@pytest.mark.parametrize("text", ["UTC+15", "UTC-13", "UTC-12:30", "+14:01", "UTC+5:75"])
def test_parse_timezone_rejects_offsets_out_of_range(text: str) -> None:
    with refused() as caught:
        parse_timezone(text)
    message = english(caught.value)
    assert "`UTC-12:00`" in message
    assert "`UTC+14:00`" in message
    assert "`Asia/Shanghai`" in message


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
