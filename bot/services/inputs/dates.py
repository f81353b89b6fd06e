"""A group's start date as people type it, in English or Chinese: ``tomorrow``, ``下周一``,
``12月1日``, ``Dec 1``, ``2026-12-01``.

A few rules read what dateparser misses or misreads (facts: ``下周一`` and ``12月1日`` give None,
``5th`` and ``9`` come back as May and September, ``12/1`` is silently month-first); everything
else goes to dateparser (English and Chinese, relative to the group's local "today", future
preferred). Numbers that read as two dates are refused with both readings rather than guessed.
A date without a year is the next such day. Every result must be within a year of today.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.errors import AmbiguousDate, BadStartDate, NotOnCalendar, StartTooFar
from bot.services.numerals import CHINESE_NUMERALS, number

log = logging.getLogger(__name__)

START_WINDOW_DAYS = 366
"""How far before or after today a start may be: keeps a typo such as ``2062`` for ``2026``
from creating a group that never posts, or one long finished."""

_WORDS = {
    "today": 0,
    "今天": 0,
    "今日": 0,
    "tomorrow": 1,
    "明天": 1,
    "明日": 1,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
    "后天": 2,
    "大后天": 3,
}
_N = rf"[0-9{CHINESE_NUMERALS}]{{1,3}}"
_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY_ZH = re.compile(rf"({_N})\s*月\s*({_N})\s*[日号]?")
_DAY_OF_MONTH = re.compile(rf"(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)|({_N})\s*[日号]", re.ASCII)
_NEXT_MONTH_DAY = re.compile(rf"下个?月\s*({_N})\s*[日号]")
_NUMERIC = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?")
_WEEKDAY_ZH = re.compile(r"(下下|下|这|本|今)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天七1-7])")
_WEEKDAYS_ZH = "一二三四五六日"
_PAST = re.compile(r"yesterday|\bago\b|\blast\b|\bprevious\b|昨|前|上")
"""Words that ask for a day already past: only then may dateparser's answer be before today."""
_IN_DAYS_ZH = re.compile(rf"({_N})\s*(天|日|周|个星期|星期|个礼拜|礼拜)\s*(?:以后|之后|后)")


def start_example(today: date) -> date:
    """A date after today to show in answers (render's examples): the first of next month."""
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def _next_on_or_after(today: date, month: int, day: int, year: int | None = None) -> date | None:
    """``month``/``day`` in ``year``, or the next such day from today; None if no such day."""
    for candidate_year in [year] if year else [today.year, today.year + 1]:
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue
        if year or found >= today:
            return found
    return None


def _weekday(today: date, which: str, day: str) -> date:
    """``下周一`` (Monday of next week), ``本周五`` (this week's), ``周一`` (the next Monday)."""
    target = 6 if day in "日天七7" else (int(day) - 1 if day.isdigit() else _WEEKDAYS_ZH.index(day))
    monday = today - timedelta(days=today.weekday())
    if which in ("这", "本", "今"):
        return monday + timedelta(days=target)
    if which in ("下", "下下"):
        return monday + timedelta(days=target + (7 if which == "下" else 14))
    return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)


def _month_day(text: str, today: date, month_text: str, day_text: str) -> date:
    month, day = number(month_text), number(day_text)
    found = _next_on_or_after(today, month, day) if month and day else None
    if found is None:
        raise NotOnCalendar(text, today)
    return found


def _day_of_month(text: str, today: date, day: int | None) -> date:
    """The next day ``day`` of a month: ``5th`` or ``5号``."""
    for months_ahead in range(3):
        first = (today.replace(day=1) + timedelta(days=31 * months_ahead)).replace(day=1)
        found = _next_on_or_after(today, first.month, day or 0, first.year)
        if found is not None and found >= today:
            return found
    raise NotOnCalendar(text, today)


def _numeric(text: str, today: date, match: re.Match[str]) -> date:
    """``12/1``, ``1.12.2026``: one reading, or refused with both."""
    first, second = int(match[1]), int(match[3])
    year = int(match[4]) if match[4] else None
    if year is not None and year < 100:
        year += 2000
    month_first = _next_on_or_after(today, first, second, year)
    day_first = _next_on_or_after(today, second, first, year)
    if month_first and day_first and month_first != day_first:
        raise AmbiguousDate(text, (month_first, day_first))
    found = month_first or day_first
    if found is None:
        raise NotOnCalendar(text, today)
    return found


def _rules(text: str, key: str, today: date) -> date | None:
    """What the rules read; None when they do not apply (dateparser gets it)."""
    if key in _WORDS:
        return today + timedelta(days=_WORDS[key])
    if match := _YEAR_FIRST.fullmatch(key):
        year, month, day = (int(g) for g in match.groups())
        found = _next_on_or_after(today, month, day, year)
        if found is None:
            raise NotOnCalendar(text, today)
        return found
    if match := _MONTH_DAY_ZH.fullmatch(key):
        return _month_day(text, today, match[1], match[2])
    if match := _NEXT_MONTH_DAY.fullmatch(key):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        found = _next_on_or_after(first, first.month, number(match[1]) or 0, first.year)
        if found is None:
            raise NotOnCalendar(text, today)
        return found
    if match := _DAY_OF_MONTH.fullmatch(key):
        return _day_of_month(text, today, number(match[1] or match[2]))
    if match := _NUMERIC.fullmatch(key):
        return _numeric(text, today, match)
    if match := _WEEKDAY_ZH.fullmatch(key):
        return _weekday(today, match[1] or "", match[2])
    if match := _IN_DAYS_ZH.fullmatch(key):
        count = number(match[1])
        if count is None:
            return None
        return today + timedelta(days=count * (1 if match[2] in "天日" else 7))
    if key.isdigit():
        raise BadStartDate(text, today)
    return None


def _dateparser(key: str, today: date) -> date | None:
    import dateparser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": datetime.combine(today, time(12)),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    found: datetime | None = dateparser.parse(key, languages=["en", "zh"], settings=settings)
    if found is None:
        return None
    day = found.date()
    if day < today and not _PAST.search(key):
        return None  # dateparser misreads some phrases into the past ("a week from today")
    return day


def parse_start(text: str, today: date) -> date:
    """The first date of a group, from what was typed, ``today`` being the group's local date.

    Accepted: ``today``, ``tomorrow``, ``next monday``, ``friday``, ``Dec 1``, ``1 December``,
    ``in 3 days``, ``5th``, ``2026-12-01`` (also with ``/`` or ``.``, or ``2026年12月1日``), and
    in Chinese ``今天``, ``明天``, ``后天``, ``下周一``, ``本周五``, ``周三``, ``12月1日``,
    ``12月1号``, ``5号``, ``下个月1号``, ``3天后``. Raises (:mod:`bot.errors`) ``BadStartDate``,
    ``NotOnCalendar``, ``AmbiguousDate`` (``12/1``) or ``StartTooFar``.
    """
    clean = unicodedata.normalize("NFKC", text).strip()
    key = re.sub(r"\s+", " ", clean.lower())
    found = _rules(text, key, today) if key else None
    if found is None and key:
        found = _dateparser(key, today)
    if found is None:
        raise BadStartDate(text, today)
    if abs((found - today).days) > START_WINDOW_DAYS:
        raise StartTooFar(found, today, START_WINDOW_DAYS)
    return found
