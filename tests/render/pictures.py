"""Comparing pictures with the checked-in references in ``reference/``.

A reference is drawn with particular fonts: ``needs_reference_fonts`` skips a test (with one
line saying what to install) on a machine without them, instead of failing on another font's
shapes. Two pictures match when they have the same size and their mean absolute difference per
channel is under ``TOLERANCE`` of full scale (anti-aliasing may differ slightly between Pillow
and FreeType versions; a changed word or cell does not pass).

``STUDYBOT_UPDATE_PICTURES=1 pytest tests/render tests/e2e/test_cards_e2e.py`` rewrites the
references from what the code draws now: look at them before committing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from bot.render.cards.fonts import CJK_FAMILY, INSTALL_HINT, system_fonts

REFERENCE = Path(__file__).resolve().parent / "reference"
TOLERANCE = 0.01
UPDATE = os.environ.get("STUDYBOT_UPDATE_PICTURES") == "1"


def needs_reference_fonts() -> None:
    family = system_fonts().family
    if family != CJK_FAMILY:
        pytest.skip(f"reference pictures are drawn with {CJK_FAMILY}, not {family}: {INSTALL_HINT}")


def difference(a: bytes | Image.Image, b: bytes | Image.Image) -> float:
    """Mean absolute difference per channel, 0 (same) to 1; 1.0 when the sizes differ."""
    first = a if isinstance(a, Image.Image) else Image.open(io.BytesIO(a))
    second = b if isinstance(b, Image.Image) else Image.open(io.BytesIO(b))
    if first.size != second.size:
        return 1.0
    diff = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3 / 255


def assert_matches(png: bytes, name: str) -> None:
    """``png`` matches ``reference/<name>`` (or becomes it, when updating)."""
    path = REFERENCE / name
    if UPDATE:
        path.write_bytes(png)
        return
    assert path.exists(), f"no reference {path}; STUDYBOT_UPDATE_PICTURES=1 writes it"
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG"
    reference = Image.open(path)
    assert picture.size == reference.size, f"{name}: {picture.size} != {reference.size}"
    diff = difference(picture, reference)
    assert diff < TOLERANCE, f"{name}: differs by {diff:.2%} (more than {TOLERANCE:.0%})"
