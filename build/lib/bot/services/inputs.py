"""Parsers for what people type into commands: times and start dates (zones: ``zones``).

Each parser returns a normalised value or raises :class:`~bot.errors.UserFacingError` whose
message says what is accepted, with an example, so the Discord layer can show it as is.
"""

from __future__ import annotations

import logging
import re
from datetime import date, time, timedelta

from bot.errors import UserFacingError

log = logging.getLogger(__name__)

_ECHO_LIMIT = 40
_START_WINDOW_DAYS = 366

_TIME_RE = re.compile(
    r"(\d{1,2})(?:[:h](\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE | re.ASCII
)

TIME_HELP = "Use 24-hour `HH:MM` like `09:00` or `21:30`, or 12-hour like `9am` or `9:30pm`."
START_HELP = "Use `today`, `tomorrow` or a date written `YYYY-MM-DD`, like `2026-09-01`."


def echo(text: str) -> str:
    """The user's input in code formatting, shortened and without backticks of its own."""
    clean = text.strip().replace("`", "'")
    if not clean:
        return '""'
    return f"`{clean if len(clean) <= _ECHO_LIMIT else clean[: _ECHO_LIMIT - 1] + '…'}`"


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
    raise UserFacingError(f"I couldn't read {echo(text)} as a time. {TIME_HELP}")


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
            raise UserFacingError(
                f"{echo(text)} is not a date on the calendar. {START_HELP}"
            ) from None
        if abs((chosen - today).days) > _START_WINDOW_DAYS:
            raise UserFacingError(
                f"`{chosen.isoformat()}` is too far from today ({today.isoformat()}): the start "
                f"must be within {_START_WINDOW_DAYS} days before or after it. {START_HELP}"
            )
        return chosen
    raise UserFacingError(f"I couldn't read {echo(text)} as a start date. {START_HELP}")
