"""The progress card and the weekly chart, drawn from sample data and compared with reference
pictures, in English and Chinese; and what happens to characters and fonts that are missing."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date

import pytest
from babel.messages.pofile import read_po
from PIL import Image

from bot.locale import catalog_path
from bot.render.cards.fonts import Fonts, discover, system_fonts
from bot.render.cards.heatmap import weekday_names
from bot.render.cards.member import Name, alt_text, member_card
from bot.render.cards.week import week_chart
from bot.render.catalog import for_lang
from bot.roadmaps import Lang
from tests.render.card_samples import sample_card, sample_chart
from tests.render.checks import ROADMAPS
from tests.render.pictures import assert_matches, difference, needs_reference_fonts

ALICE = Name("Alice 学习中 🌸", "alice")


@pytest.fixture(scope="module")
def latin() -> Fonts:
    """Pillow's own font: what a machine without a Chinese font draws with."""
    return discover((), use_fontconfig=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_card_matches_its_reference(lang: Lang) -> None:
    needs_reference_fonts()
    assert_matches(member_card(sample_card(), ALICE, lang), f"card-{lang}.png")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_weekly_chart_matches_its_reference(lang: Lang) -> None:
    needs_reference_fonts()
    assert_matches(week_chart(sample_chart(), lang), f"week-{lang}.png")


def test_the_same_card_is_the_same_bytes() -> None:
    card = sample_card()
    assert member_card(card, ALICE, "zh") == member_card(sample_card(), ALICE, "zh")
    assert week_chart(sample_chart(), "en") == week_chart(sample_chart(), "en")


def test_a_tick_changes_the_picture() -> None:
    card = sample_card()
    done = list(card.done)
    day = done.index(0) + 1
    assert card.released(day)
    done[day - 1] = 1  # a released day: from nothing to one task
    ticked = replace(card, done=tuple(done))
    before, after = member_card(card, ALICE, "en"), member_card(ticked, ALICE, "en")
    assert 0 < difference(before, after) < 0.01  # one cell, not the whole card


def test_every_chinese_word_and_roadmap_title_has_glyphs() -> None:
    """No missing-glyph boxes: the Chinese font has every character the card writes (the
    catalog's translations for the pictures, CLDR's weekday and month names, the roadmaps'
    titles)."""
    needs_reference_fonts()
    fonts = system_fonts()
    with catalog_path("zh").open("rb") as po:
        catalog = read_po(po, locale="zh")
    texts = [
        text
        for m in catalog
        if m.id and any("render/cards/" in path for path, _ in m.locations)
        for text in (m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    assert len(texts) > 20
    t = for_lang("zh")
    texts += weekday_names(t) + [f"{m}月" for m in range(1, 13)] + [t.date(date(2026, 12, 31))]
    for roadmap in ROADMAPS.values():
        texts += [roadmap.title.zh, *(p.title.zh for p in roadmap.phases)]
    missing = {t: fonts.drawable(t) for t in texts if fonts.drawable(t) != " ".join(t.split())}
    assert missing == {}


def test_characters_the_fonts_lack_are_left_out_not_boxed() -> None:
    card = sample_card()
    plain = member_card(card, Name("Alice 学习中", "alice"), "en")
    assert member_card(card, Name("Alice 🌸 学习中 👩\u200d💻", "alice"), "en") == plain
    emoji_only = member_card(card, Name("🌸🔥", "alice"), "en")
    assert emoji_only == member_card(card, Name("alice", "x"), "en")  # the username instead


def test_without_a_chinese_font_the_card_is_english_and_latin(
    latin: Fonts, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.render.cards.fonts"):
        fonts = discover((("/nowhere/a.ttc", "/nowhere/b.ttc"),), use_fontconfig=False)
    hints = [r.getMessage() for r in caplog.records]
    assert len(hints) == 1 and "apt-get install fonts-noto-cjk" in hints[0]
    assert not fonts.cjk and fonts.family == "Aileron"
    card = sample_card()
    chinese = member_card(card, ALICE, "zh", fonts)
    assert chinese == member_card(card, ALICE, "en", fonts)  # drawn in English
    assert_matches(chinese, "card-latin.png")
    assert Image.open(io.BytesIO(week_chart(sample_chart(), "zh", latin))).size == (960, 540)


def test_a_long_roadmap_wraps_into_more_weeks_blocks() -> None:
    short = Image.open(io.BytesIO(member_card(sample_card(), ALICE, "en")))
    slow = sample_card("foundations", pace=7, weekdays_only=False, pauses=())
    long = Image.open(io.BytesIO(member_card(slow, ALICE, "en")))
    assert len(slow.cells) == 56 * 7
    assert long.width == short.width == 960
    assert long.height > short.height + 200  # a second block of weeks


def test_a_group_that_has_not_started_draws_every_day_as_upcoming() -> None:
    card = sample_card(today=date(2026, 3, 1), pauses=(), frozen=frozenset())
    days = [c.day for c in card.cells if c.kind == "day"]
    assert card.progress.day == 0 and len(days) == 84
    assert not any(card.released(d) for d in days)
    png = member_card(card, ALICE, "en")
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_the_alt_text_says_what_the_card_shows() -> None:
    card = sample_card()
    r = card.progress.row
    text = alt_text(card, "Alice", "en")
    assert f"day {card.progress.day} of 84" in text and f"({r.percent}%)" in text
    assert f"{r.done} of {r.released}" in text and f"rank {r.rank} of 27" in text
    assert "三个月学习大模型" in alt_text(card, "Alice", "zh")
