"""A time of day as people type it, in English or Chinese: ``09:00``, ``9pm``, ``晚上9点``.

dateparser reads none of the Chinese forms with a part of the day (``下午3点`` gives None) and
guesses at bare numbers, so times are read by these few rules instead: a 24-hour or 12-hour
clock time, or a Chinese hour with ``点``/``时`` and optional minutes (``半``, ``一刻``,
``30分``), each optionally after a part of the day (``上午``, ``下午``, ``晚上``...), in digits
or Chinese numerals.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time

from bot.errors import BadTime
from bot.services.numerals import CHINESE_NUMERALS, number

_CLOCK = re.compile(r"(\d{1,2})(?:[:h](\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE | re.ASCII)
_NUM = rf"[0-9{CHINESE_NUMERALS}]{{1,3}}"
_CHINESE = re.compile(
    rf"(?P<hour>{_NUM})\s*[点點时時]\s*(?:(?P<half>半)|(?P<quarter>[一三])刻|(?P<minute>{_NUM})\s*分?|整)?"
)
_WORDS = {"noon": time(12), "midnight": time(0), "中午": time(12), "午夜": time(0), "半夜": time(0)}

_MORNING = ("凌晨", "清晨", "早上", "早晨", "上午", "早")
_NOON = ("中午",)
_AFTERNOON = ("下午", "午后", "傍晚")
_EVENING = ("晚上", "夜里", "夜间", "晚间", "今晚", "夜晚", "深夜", "晚")
_PERIODS = sorted((*_MORNING, *_NOON, *_AFTERNOON, *_EVENING), key=len, reverse=True)


def _with_period(period: str, hour: int) -> int | None:
    """The 24-hour hour for ``hour`` said with a part of the day; None if they contradict."""
    if hour > 12:
        return hour if period in _AFTERNOON + _EVENING else None
    if period in _MORNING:
        return 0 if hour == 12 and period == "凌晨" else hour
    if period in _NOON:
        return hour + 12 if 1 <= hour <= 3 else (hour if hour in (11, 12) else None)
    if period in _AFTERNOON:
        return hour if hour == 12 else hour + 12
    # evening and night: 9 -> 21, 12 -> midnight, 1..5 -> the small hours
    if hour == 12 or hour == 0:
        return 0
    return hour if hour <= 5 else hour + 12


def _clock(text: str, period: str) -> tuple[int, int] | None:
    """(hour, minute) from ``9``, ``09:30``, ``9:30pm``, ``9h30``, ``9点半``, ``二十一点``."""
    clock = _CLOCK.fullmatch(text)
    if clock:
        hour, minute = int(clock[1]), int(clock[2] or 0)
        half = (clock[3] or "").lower()
        if half:
            if period or not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if half == "p" else 0)
        return hour, minute
    chinese = _CHINESE.fullmatch(text)
    if not chinese:
        return None
    hours = number(chinese["hour"])
    minutes: int | None = 0
    if chinese["half"]:
        minutes = 30
    elif chinese["quarter"]:
        minutes = 15 if chinese["quarter"] == "一" else 45
    elif chinese["minute"]:
        minutes = number(chinese["minute"])
    return None if hours is None or minutes is None else (hours, minutes)


def parse_time(text: str) -> time:
    """A wall time from what was typed; :class:`~bot.errors.BadTime` otherwise.

    Accepted: ``9``, ``09:00``, ``21:30``, ``9h30``, ``9am``, ``9:30 PM`` (``12am`` is midnight
    and ``12pm`` noon), ``noon``, ``midnight``, and in Chinese ``9点``, ``21点半``, ``9点15分``,
    ``九点一刻``, ``晚上9点``, ``下午3点半``, ``凌晨1点``, ``中午12点``, ``晚上9:30``. Full-width
    digits and colons work too.
    """
    clean = unicodedata.normalize("NFKC", text).strip()
    lowered = clean.lower()
    if lowered in _WORDS:
        return _WORDS[lowered]
    period = next((p for p in _PERIODS if clean.startswith(p)), "")
    rest = clean[len(period) :].strip()
    found = _clock(rest, period) if rest else None
    if found is not None:
        hour: int | None = found[0]
        minute = found[1]
        if period and hour is not None:
            hour = _with_period(period, hour)
        if hour is not None and 0 <= hour <= 23 and 0 <= minute <= 59:
            return time(hour, minute)
    raise BadTime(text)
