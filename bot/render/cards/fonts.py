"""The fonts cards are drawn with, found once per process.

Noto Sans CJK SC (Debian's ``fonts-noto-cjk``, which the Dockerfile installs) draws Latin and
Chinese alike. It is looked for at the paths distributions install it to, then through
fontconfig (``fc-match 'sans-serif:lang=zh-cn'``), where a font counts only if it has Chinese
glyphs. Without one, cards are drawn with Pillow's own font (Aileron, Latin letters only) and in
English, and one log line says what to install: a card is never refused for want of a font.

Characters a font lacks (emoji, most symbols) are left out rather than drawn as boxes
(``Fonts.drawable``); which characters a font has comes from its character map (fontTools).
Text is laid out with Pillow's basic layout engine whatever else is installed, so a card is the
same picture on every machine with the same fonts.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

log = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans CJK SC"
"""The family the reference pictures in ``tests/render/reference`` are drawn with."""
INSTALL_HINT = "install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk)"

KNOWN_PLACES: tuple[tuple[str, str], ...] = (
    # (regular, bold): Debian and Ubuntu, Fedora, Arch
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ),
    (
        "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Bold.ttc",
    ),
    (
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    ),
)
_TTC_FACES = 5  # NotoSansCJK .ttc: JP, KR, SC, TC, HK
_PROBE = "中文"


@dataclass(frozen=True, slots=True)
class Face:
    """One face of a font file (``index`` picks it from a .ttc collection)."""

    source: str | bytes
    """A file path, or the font's bytes (Pillow's own font)."""
    index: int = 0

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        src = io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source
        return ImageFont.truetype(src, size, index=self.index, layout_engine=ImageFont.Layout.BASIC)

    def characters(self) -> frozenset[int]:
        src = io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source
        font = TTFont(src, fontNumber=self.index, lazy=True)
        try:
            return frozenset(font.getBestCmap())
        finally:
            font.close()


class Fonts:
    """A regular and a bold face and the characters they can draw."""

    def __init__(self, regular: Face, bold: Face | None = None) -> None:
        self._faces = (regular, bold or regular)
        self._chars = regular.characters()
        self.family = regular.load(12).getname()[0] or "?"
        self.cjk = all(ord(c) in self._chars for c in _PROBE)

    @property
    def faces(self) -> tuple[Face, Face]:
        """The regular and the bold face (for drawing in another process)."""
        return self._faces

    @lru_cache(maxsize=32)  # noqa: B019 - a handful of sizes on a process-lifetime object
    def font(self, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
        return self._faces[bold].load(size)

    def drawable(self, text: str) -> str:
        """``text`` without the characters the fonts lack or that draw nothing visible."""
        kept = (
            " " if c.isspace() else c
            for c in text
            if c.isspace() or (ord(c) in self._chars and unicodedata.category(c)[0] not in "CZ")
        )
        return " ".join("".join(kept).split())


def _face_of_family(path: str, family: str) -> Face | None:
    """The face of ``family`` in the file at ``path`` (a .ttc holds several)."""
    if not Path(path).is_file():
        return None
    for index in range(_TTC_FACES):
        try:
            font = ImageFont.truetype(path, 12, index=index)
        except OSError:
            break
        if font.getname()[0] == family:
            return Face(path, index)
    return None


def _fc_match(pattern: str) -> Face | None:
    """What fontconfig picks for ``pattern``, if fontconfig is installed."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}\t%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = out.partition("\t")
    if not path or not Path(path).is_file():
        return None
    return Face(path, int(index or 0))


def _has_chinese(face: Face) -> bool:
    try:
        chars = face.characters()
    except Exception:  # fontTools raises a family of errors for files it cannot read
        return False
    return all(ord(c) in chars for c in _PROBE)


def pillow_font() -> Face:
    """Pillow's own font (Aileron): always there, Latin letters only."""
    font = ImageFont.load_default(12)
    src = getattr(font, "path", None)
    if not isinstance(src, io.BytesIO):  # a Pillow built without FreeType
        raise RuntimeError("Pillow was built without FreeType; cards cannot be drawn")
    return Face(src.getvalue())


def discover(
    places: Sequence[tuple[str, str]] = KNOWN_PLACES, *, use_fontconfig: bool = True
) -> Fonts:
    """The best fonts this machine has for cards; see the module's docstring for the order."""
    for regular_path, bold_path in places:
        regular = _face_of_family(regular_path, CJK_FAMILY)
        if regular is not None:
            return Fonts(regular, _face_of_family(bold_path, CJK_FAMILY))
    if use_fontconfig:
        regular = _fc_match("sans-serif:lang=zh-cn")
        if regular is not None and _has_chinese(regular):
            bold = _fc_match("sans-serif:lang=zh-cn:weight=bold")
            return Fonts(regular, bold if bold is not None and _has_chinese(bold) else None)
    log.warning(
        "no font with Chinese characters found: cards are drawn in English with Latin letters "
        "only; %s",
        INSTALL_HINT,
    )
    return Fonts(pillow_font())


@cache
def system_fonts() -> Fonts:
    """``discover()``, once per process."""
    return discover()
