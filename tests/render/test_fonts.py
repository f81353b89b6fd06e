"""Finding the fonts cards are drawn with, and leaving out what they cannot draw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.render.cards.fonts import CJK_FAMILY, KNOWN_PLACES, Fonts, discover, pillow_font


def installed() -> bool:
    return any(Path(regular).is_file() for regular, _ in KNOWN_PLACES)


def test_noto_sans_cjk_sc_at_the_known_place() -> None:
    if not installed():
        pytest.skip("fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)")
    fonts = discover(use_fontconfig=False)
    assert (fonts.family, fonts.cjk) == (CJK_FAMILY, True)
    regular, bold = fonts.faces
    assert regular.index == bold.index == 2  # the .ttc's Simplified Chinese face
    assert fonts.font(20).getname() == (CJK_FAMILY, "Regular")
    assert fonts.font(20, bold=True).getname() == (CJK_FAMILY, "Bold")


def test_fontconfig_finds_a_chinese_font_elsewhere() -> None:
    if shutil.which("fc-match") is None or not installed():
        pytest.skip("needs fontconfig and fonts-noto-cjk (apt-get install fonts-noto-cjk)")
    fonts = discover((), use_fontconfig=True)
    assert fonts.cjk
    assert fonts.drawable("学习") == "学习"


def test_without_one_pillows_own_font() -> None:
    fonts = discover((("/nowhere/r.ttc", "/nowhere/b.ttc"),), use_fontconfig=False)
    assert (fonts.family, fonts.cjk) == ("Aileron", False)
    assert fonts.drawable("Alice 学习 🌸") == "Alice"


def test_drawable_keeps_what_the_font_has() -> None:
    fonts = Fonts(pillow_font())
    assert fonts.drawable("  a\tb\u200bc\u0007 🌸 d  ") == "a bc d"
    assert fonts.drawable("🌸🔥") == ""
    assert fonts.drawable("café") in ("café", "caf")  # whatever the font has, never a box
