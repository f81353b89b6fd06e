"""Errors whose message is meant for the person who caused them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


class UserFacingError(Exception):
    """An error whose ``str()`` is a friendly, complete message for the user.

    Raised by services and parsers; the Discord layer turns it into an ephemeral reply and logs
    nothing alarming. Anything else reaching the error handler is a bug.
    """


class _Explained(UserFacingError):
    """An error that carries data, no sentence: ``bot.render`` explains it in the reader's
    language (``bot.render.inputs.explain_input``)."""

    def __str__(self) -> str:
        return repr(self)  # for logs; people read the explanation


# -- what people type (bot.services.inputs, bot.services.zones) ------------------------------


@dataclass(eq=False)
class BadTime(_Explained):
    typed: str


@dataclass(eq=False)
class BadStartDate(_Explained):
    """Not readable as a start date; ``today`` (the group's) lets examples be future dates."""

    typed: str
    today: date


@dataclass(eq=False)
class NotOnCalendar(_Explained):
    """Shaped like a date but not one (``2026-02-30``)."""

    typed: str
    today: date


@dataclass(eq=False)
class StartTooFar(_Explained):
    chosen: date
    today: date
    window_days: int


@dataclass(eq=False)
class AmbiguousDate(_Explained):
    """Numbers that read as two dates (``12/1``: 1 December or 12 January); nothing is guessed.
    ``readings``: month first, then day first, each the next such day from today."""

    typed: str
    readings: tuple[date, date]


@dataclass(eq=False)
class UnknownTimezone(_Explained):
    """``suggestions``: stored zone names spelled like ``typed``, closest first; ``at``: the
    instant their names and offsets are shown for."""

    typed: str
    suggestions: tuple[str, ...] = ()
    at: datetime | None = None


@dataclass(eq=False)
class AmbiguousTimezone(_Explained):
    """A name of several zones on different clocks (``CST`` for an English reader, ``美国``):
    ``choices`` has one zone per clock, best first."""

    typed: str
    choices: tuple[str, ...]
    at: datetime


@dataclass(eq=False)
class BadOffset(_Explained):
    """An offset out of range; ``west`` and ``east`` are the stored names of the extremes."""

    typed: str
    west: str
    east: str


INPUT_ERRORS = (
    BadTime,
    BadStartDate,
    NotOnCalendar,
    StartTooFar,
    AmbiguousDate,
    UnknownTimezone,
    AmbiguousTimezone,
    BadOffset,
)
"""Errors about what someone typed; ``bot.render.inputs.explain_input`` explains each."""
