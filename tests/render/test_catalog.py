"""The catalog API: languages from the catalogs present, Discord locales to languages, messages
with placeholders and plurals, and CLDR formats per language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.locale import LANGS, group_lang, lang_for, languages_in
from bot.render.catalog import for_lang, for_locale


def test_the_languages_are_the_catalogs_present(tmp_path: Path) -> None:
    assert LANGS == ("en", "zh")
    (tmp_path / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ja" / "LC_MESSAGES" / "messages.po").write_text("", encoding="utf-8")
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)  # a folder without a catalog
    (tmp_path / "zh" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "zh" / "LC_MESSAGES" / "messages.po").write_text("", encoding="utf-8")
    assert languages_in(tmp_path) == ("en", "ja", "zh")


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("zh-CN", "zh"),
        ("zh-TW", "zh"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("fr", "en"),
        ("pt-BR", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_discord_locales_map_to_the_closest_catalog(locale: str | None, lang: str) -> None:
    assert lang_for(locale) == lang


def test_a_groups_language_wins_over_its_servers_while_it_exists() -> None:
    assert group_lang(None, "zh-CN") == "zh"
    assert group_lang("en", "zh-CN") == "en"
    assert group_lang("zh", "en-US") == "zh"
    assert group_lang("xx", "zh-CN") == "zh"  # a catalog that was removed: the server's


def test_an_unknown_language_reads_english() -> None:
    assert for_lang("xx").lang == "en"
    assert for_locale("de").lang == "en"
    assert for_locale("zh-CN").lang == "zh"


def test_placeholders_and_english_plurals() -> None:
    t = for_lang("en")
    assert t.gettext("Day {day} of {total}", day=3, total=14) == "Day 3 of 14"
    assert t.gettext("{{literal}} {x}", x=1) == "{literal} 1"
    assert t.ngettext("{n} group", "{n} groups", 1) == "1 group"
    assert t.ngettext("{n} group", "{n} groups", 1234) == "1,234 groups"
    assert t.ngettext("{n} day in {where}", "{n} days in {where}", 2, where="x") == "2 days in x"


def test_command_texts_are_in_the_catalog() -> None:
    assert for_lang("zh").as_written("join", context="command name") == "加入"
    assert for_lang("zh").as_written("start", context="option name") == "开始日期"
    assert for_lang("en").as_written("join", context="command name") == "join"


DEC_1 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


@pytest.mark.parametrize(
    ("lang", "moment", "day", "full", "minutes", "number", "listed"),
    [
        (
            "en",
            "Tue, Dec 1, 09:00",
            "Tue, Dec 1",
            "Tue, Dec 1, 2026",
            "45 min",
            "1,234,567",
            "a, b, and c",
        ),
        (
            "zh",
            "12月1日周二 09:00",
            "12月1日周二",
            "2026年12月1日周二",
            "45分钟",
            "1,234,567",
            "a、b和c",
        ),
    ],
)
def test_cldr_formats(
    lang: str, moment: str, day: str, full: str, minutes: str, number: str, listed: str
) -> None:
    t = for_lang(lang)
    assert t.moment(DEC_1, "Asia/Shanghai") == moment
    assert t.moment(DEC_1, "UTC+08:00") == moment
    assert t.day(date(2026, 12, 1)) == day
    assert t.date(date(2026, 12, 1)) == full
    assert t.time(time(21, 30)) == "21:30"
    assert t.minutes(45) == minutes
    assert t.number(1234567) == number
    assert t.percent(45) == "45%"
    assert t.list(["a", "b", "c"]) == listed
