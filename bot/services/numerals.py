"""Small numbers written in Chinese characters (``九``, ``十二``, ``二十一``, ``两``), for the
times and UTC offsets people type; Arabic digits pass through."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

CHINESE_NUMERALS = "".join(_DIGITS) + "十"
"""Every character :func:`number` reads besides ASCII digits (for building patterns)."""


def number(text: str) -> int | None:
    """``0..99`` from ``9``, ``09``, ``九``, ``十``, ``十二``, ``二十``, ``二十一``, ``零五``;
    None for anything else."""
    if text.isascii() and text.isdigit() and len(text) <= 2:
        return int(text)
    if not text or any(ch not in CHINESE_NUMERALS for ch in text):
        return None
    if "十" not in text:
        if len(text) == 2 and text[0] in "零〇":
            return _DIGITS[text[1]]
        return _DIGITS[text] if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    if "十" in ones_text or len(tens_text) > 1 or len(ones_text) > 1:
        return None
    tens = _DIGITS[tens_text] if tens_text else 1
    ones = _DIGITS[ones_text] if ones_text else 0
    if tens == 0 or ones_text in ("零", "〇"):
        return None
    return tens * 10 + ones
