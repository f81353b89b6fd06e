"""What was wrong with something a person typed, as data: render says it in their language.

Each error carries what was typed and what an answer needs to help: suggestions, the readings of
an ambiguous input, an example date (always in the future: computed from the injected "now",
never written into a message by hand). ``str()`` is for logs; the words come from
``bot.render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.errors import UserFacingError


class InputError(UserFacingError):
    """Input the bot cannot use; nothing was changed. Subclasses are dataclasses of what render
    needs to answer."""

    def __str__(self) -> str:
        return repr(self)


@dataclass(eq=False)
class UnreadableTime(InputError):
    """Not a time of day in any accepted form (``09:00``, ``9pm``, ``晚上9点``...)."""

    typed: str


@dataclass(eq=False)
class UnreadableStart(InputError):
    """Not a start date in any accepted form (``tomorrow``, ``下周一``, ``2026-12-01``...)."""

    typed: str
    example: date
    """A date after today to show as an example."""


@dataclass(eq=False)
class NotACalendarDate(InputError):
    """Written like a date, but no such day exists (``2026-02-30``, ``13月1日``)."""

    typed: str
    example: date


@dataclass(eq=False)
class StartOutOfRange(InputError):
    """A real date too far from today (a typo such as ``2062`` for ``2026``, most likely)."""

    typed: str
    chosen: date
    today: date
    window_days: int
    example: date


@dataclass(eq=False)
class AmbiguousStart(InputError):
    """Numbers that read as two dates (``12/1``: 1 December or 12 January); nothing is guessed."""

    typed: str
    readings: tuple[date, date]
    """Month first, then day first; each the next such day from today."""
