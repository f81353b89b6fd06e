"""Timezones: what people type, the stored names it gives, and the tzinfo of a stored name."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.errors import AmbiguousTimezone, BadOffset, UnknownTimezone
from bot.roadmaps import Lang
from bot.services.zone_aliases import ALIASES, BY_LANGUAGE
from bot.services.zones import (
    COMMON_TIMEZONES,
    OFFSET_EAST_MAX,
    OFFSET_WEST_MAX,
    ZoneChoice,
    describe,
    offset_name,
    parse_timezone,
    timezone_choices,
    zone,
)

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def parse(text: str, lang: Lang = "en") -> str:
    return parse_timezone(text, lang, WINTER)


def names(typed: str, lang: Lang = "en", limit: int = 25) -> list[str]:
    return [c.name for c in timezone_choices(typed, lang, WINTER, limit)]


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
        stored = parse(f"gmt{sign}{hours}:{rest:02d}")
        assert stored == offset_name(sign, hours, rest)
        assert zone(stored).utcoffset(None) == timedelta(minutes=minutes)
        assert parse(stored) == stored


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
        ("US/Eastern", "US/Eastern"),
        ("Etc/UTC", "Etc/UTC"),
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
        ("ＵＴＣ＋８", "UTC+08:00"),
        ("东八区", "UTC+08:00"),
        ("西五区", "UTC-05:00"),
        ("东9区", "UTC+09:00"),
    ],
)
def test_parse_timezone_accepts(text: str, expected: str) -> None:
    assert parse(text) == expected
    zone(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing", "Asia/Shanghai"),
        ("beijing", "Asia/Shanghai"),
        ("北京", "Asia/Shanghai"),
        ("上海", "Asia/Shanghai"),
        ("Shanghai", "Asia/Shanghai"),
        ("北京时间", "Asia/Shanghai"),
        ("中国", "Asia/Shanghai"),
        ("China", "Asia/Shanghai"),
        ("中国标准时间", "Asia/Shanghai"),
        ("China Standard Time", "Asia/Shanghai"),
        ("深圳", "Asia/Shanghai"),
        ("Taipei", "Asia/Taipei"),
        ("台北", "Asia/Taipei"),
        ("台湾", "Asia/Taipei"),
        ("Hong Kong", "Asia/Hong_Kong"),
        ("hongkong", "Asia/Hong_Kong"),
        ("香港", "Asia/Hong_Kong"),
        ("Singapore", "Asia/Singapore"),
        ("新加坡", "Asia/Singapore"),
        ("Tokyo", "Asia/Tokyo"),
        ("东京", "Asia/Tokyo"),
        ("日本", "Asia/Tokyo"),
        ("Japan", "Asia/Tokyo"),
        ("首尔", "Asia/Seoul"),
        ("Mumbai", "Asia/Kolkata"),
        ("印度", "Asia/Kolkata"),
        ("纽约", "America/New_York"),
        ("美东时间", "America/New_York"),
        ("Eastern Time", "America/New_York"),
        ("EST", "America/New_York"),
        ("PDT", "America/Los_Angeles"),
        ("洛杉矶", "America/Los_Angeles"),
        ("伦敦", "Europe/London"),
        ("英国", "Europe/London"),
        ("Germany", "Europe/Berlin"),
        ("Central European Time", "Europe/Berlin"),
        ("协调世界时", "UTC"),
        ("Coordinated Universal Time", "UTC"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cities_zone_names_and_countries_in_either_language(
    text: str, expected: str, lang: Lang
) -> None:
    assert parse(text, lang) == expected


def test_cst_is_china_for_a_chinese_reader_and_ambiguous_for_an_english_one() -> None:
    assert parse("CST", "zh") == parse("cst", "zh") == "Asia/Shanghai"
    with pytest.raises(AmbiguousTimezone) as caught:
        parse("CST", "en")
    assert (caught.value.typed, caught.value.at) == ("CST", WINTER)
    assert caught.value.choices == ("America/Chicago", "Asia/Shanghai", "America/Havana")
    chicago = describe(caught.value.choices[0], "en", WINTER)
    assert (chicago.city, chicago.zone_name) == ("Chicago", "Central Standard Time")
    assert chicago.offset == timedelta(hours=-6)


@pytest.mark.parametrize(("text", "some"), [("美国", "America/New_York"), ("IST", "Asia/Kolkata")])
def test_names_of_several_clocks_offer_one_zone_per_clock(text: str, some: str) -> None:
    with pytest.raises(AmbiguousTimezone) as caught:
        parse(text, "zh")
    offered = list(caught.value.choices)
    assert some in offered and 2 <= len(offered) <= 5
    clocks = {(zone(n).utcoffset(WINTER), zone(n).utcoffset(SUMMER)) for n in offered}
    assert len(clocks) == len(offered)


def test_mst_asks_because_phoenix_keeps_standard_time_all_summer() -> None:
    with pytest.raises(AmbiguousTimezone) as caught:
        parse("MST")
    assert caught.value.choices == ("America/Denver", "America/Phoenix")


@pytest.mark.parametrize("text", ["Mars/Olympus", "tokio", "", "8", "UTC+", "EST+5", "++8", "火星"])
def test_parse_timezone_rejects_unknown_names(text: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        parse(text)
    assert caught.value.typed == text
    assert len(caught.value.suggestions) <= 5


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("tokio", "Asia/Tokyo"),
        ("shangai", "Asia/Shanghai"),
        ("bejing", "Asia/Shanghai"),
        ("Europe/Londn", "Europe/London"),
        ("Pacific/Aukland", "Pacific/Auckland"),
        ("singapur", "Asia/Singapore"),
    ],
)
def test_parse_timezone_suggests_close_names(text: str, suggested: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        parse(text, "zh")
    assert suggested in caught.value.suggestions[:3]
    assert caught.value.at == WINTER


def test_parse_timezone_without_a_close_name_suggests_nothing() -> None:
    with pytest.raises(UnknownTimezone) as caught:
        parse("qqqqqqqqqq")
    assert caught.value.suggestions == ()


@pytest.mark.parametrize(
    "text", ["UTC+15", "UTC-13", "UTC-12:30", "+14:01", "UTC+5:75", "东十五区"]
)
def test_parse_timezone_rejects_offsets_out_of_range(text: str) -> None:
    with pytest.raises(BadOffset) as caught:
        parse(text)
    assert (caught.value.typed, caught.value.west, caught.value.east) == (
        text,
        "UTC-12:00",
        "UTC+14:00",
    )


def test_every_alias_names_real_zones() -> None:
    for table in (ALIASES, *BY_LANGUAGE.values()):
        for name, zones in table.items():
            assert zones, name
            for each in zones:
                assert parse(each) == each, (name, each)


# --- describe -----------------------------------------------------------------------------------


def test_describe_in_either_language_and_season() -> None:
    assert describe("Asia/Shanghai", "zh", WINTER) == ZoneChoice(
        "Asia/Shanghai", "上海", "中国标准时间", timedelta(hours=8), False
    )
    assert describe("Asia/Shanghai", "en", WINTER) == ZoneChoice(
        "Asia/Shanghai", "Shanghai", "China Standard Time", timedelta(hours=8), False
    )
    summer = describe("America/New_York", "en", SUMMER)
    assert (summer.zone_name, summer.offset) == ("Eastern Daylight Time", timedelta(hours=-4))
    assert describe("America/New_York", "zh", WINTER).zone_name == "北美东部标准时间"
    assert describe("US/Eastern", "en", WINTER).legacy
    assert describe("UTC", "zh", WINTER) == ZoneChoice(
        "UTC", None, "协调世界时", timedelta(0), False
    )
    assert describe("UTC+05:30", "zh", WINTER) == ZoneChoice(
        "UTC+05:30", None, None, timedelta(hours=5, minutes=30), False
    )


# --- timezone_choices -------------------------------------------------------------------------


def test_choices_for_nothing_typed_are_the_common_zones() -> None:
    assert names("") == list(COMMON_TIMEZONES)[:25]
    assert {"UTC", "Asia/Shanghai", "America/New_York", "Europe/London"} <= set(names(""))
    assert names("   ", limit=3) == list(COMMON_TIMEZONES)[:3]


def test_common_zones_are_real() -> None:
    for name in COMMON_TIMEZONES:
        assert parse(name) == name


def test_choices_prefix_on_full_name_and_city() -> None:
    assert names("asia/tok")[0] == "Asia/Tokyo"
    assert names("tok")[0] == "Asia/Tokyo"
    assert names("new y")[0] == "America/New_York"
    assert names("lon")[0] == "Europe/London"
    assert names("Kathm")[0] == "Asia/Kathmandu"
    assert all(name.lower().startswith("europe/") for name in names("europe/"))


def test_choices_prefix_before_substring_before_close() -> None:
    # "lon" starts London and Longyearbyen but is only inside Blanc-Sablon.
    choices = names("lon")
    assert choices.index("Europe/London") < choices.index("America/Blanc-Sablon")
    assert choices.index("Arctic/Longyearbyen") < choices.index("America/Blanc-Sablon")
    assert names("york")[0] == "America/New_York"
    assert names("paulo")[0] == "America/Sao_Paulo"
    assert names("tokio")[0] == "Asia/Tokyo"
    assert names("shangai")[0] == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("北", "Asia/Shanghai"),
        ("北京", "Asia/Shanghai"),
        ("上", "Asia/Shanghai"),
        ("东京", "Asia/Tokyo"),
        ("香", "Asia/Hong_Kong"),
        ("台北", "Asia/Taipei"),
        ("新加", "Asia/Singapore"),
        ("纽", "America/New_York"),
        ("中国标准", "Asia/Shanghai"),
        ("beij", "Asia/Shanghai"),
        ("china st", "Asia/Shanghai"),
        ("hong k", "Asia/Hong_Kong"),
        ("eastern", "America/New_York"),
    ],
)
def test_choices_match_chinese_and_english_names(typed: str, first: str) -> None:
    for lang in ("en", "zh"):
        assert names(typed, lang)[0] == first, lang


def test_choices_are_described_in_the_readers_language() -> None:
    [zh] = timezone_choices("上海", "zh", WINTER)
    [en] = timezone_choices("上海", "en", WINTER)
    assert (zh.name, zh.city, zh.zone_name) == ("Asia/Shanghai", "上海", "中国标准时间")
    assert (en.name, en.city, en.zone_name) == ("Asia/Shanghai", "Shanghai", "China Standard Time")
    assert en.offset == zh.offset == timedelta(hours=8)


def test_choices_offer_the_offset_typed() -> None:
    assert names("+8")[0] == "UTC+08:00"
    assert names("utc-3:30")[0] == "UTC-03:30"
    assert names("东八区")[0] == "UTC+08:00"
    assert names("UTC+99")[:1] != ["UTC+99:00"]


@pytest.mark.parametrize("typed", ["", "a", "e", "america", "x" * 100, "tokio", "/", "北", "时间"])
@pytest.mark.parametrize("limit", [1, 5, 25, 100])
def test_choices_never_exceed_the_limit(typed: str, limit: int) -> None:
    choices = names(typed, limit=limit)
    assert len(choices) <= min(limit, 25)
    assert len(choices) == len(set(choices))
    for name in choices:
        zone(name)


def test_choices_with_a_zero_limit() -> None:
    assert names("tok", limit=0) == []


def test_a_zone_cldr_does_not_know_is_described_without_names() -> None:
    """A zone newer than Babel's CLDR data still works; it is just shown by its IANA name."""
    if "Factory" not in zoneinfo.available_timezones():
        pytest.skip("this tz database has no 'Factory' zone (one CLDR does not name)")
    assert describe("Factory", "zh", WINTER) == ZoneChoice(
        "Factory", None, None, timedelta(0), True
    )
