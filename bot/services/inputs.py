"""Parsers for what people type into commands: times and start dates (zones: ``zones``).

Each parser returns a normalised value or raises a typed error from :mod:`bot.errors`
(``BadTime``, ``BadStartDate``...) that the render layer explains with what is accepted.
"""

from __future__ import annotations

import logging
import re
from datetime import date, time, timedelta

from bot.errors import BadStartDate, BadTime, NotOnCalendar, StartTooFar

log = logging.getLogger(__name__)

_START_WINDOW_DAYS = 366

_TIME_RE = re.compile(
    r"(\d{1,2})(?:[:h](\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE | re.ASCII
)


def parse_time(text: str) -> time:
    """A wall time from ``9``, ``09:00``, ``9am``, ``9 AM``, ``9:30pm``, ``21:30``, ``9h30``.

    ``12am`` is midnight and ``12pm`` noon; a 12-hour time needs an hour from 1 to 12.
    """
    match = _TIME_RE.fullmatch(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        half = (match[3] or "").lower()
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half == "p" else 0)
        elif half:
            hour = -1
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return time(hour, minute)
    raise BadTime(text)


def parse_start(text: str, today: date) -> date:
    """The first date of a group: ``today``, ``tomorrow`` or ``YYYY-MM-DD`` within 366 days.

    The window keeps typos such as ``2062`` for ``2026`` from silently creating a group that
    never posts, or one that is already long finished.
    """
    key = text.strip().lower()
    if key == "today":
        return today
    if key == "tomorrow":
        return today + timedelta(days=1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
        try:
            chosen = date.fromisoformat(key)
        except ValueError:
            raise NotOnCalendar(text, today) from None
        if abs((chosen - today).days) > _START_WINDOW_DAYS:
            raise StartTooFar(chosen, today, _START_WINDOW_DAYS)
        return chosen
    raise BadStartDate(text, today)
