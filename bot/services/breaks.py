"""Planned breaks: dates a member announced they will not study (``/break``).

A date on a member's break neither breaks their check-in streak nor counts as studied
(``bot.services.scoring``), and gets no reminder. This module holds the pure rules over the
stored spans (``member_breaks``: first and last date, both inclusive, in the member's own
local dates); the command's checks live in ``bot.services.taking_breaks``.

Helper contract: :func:`on_break` and :class:`Span` keep their names and signatures (the
reminders read them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Protocol


class Span(Protocol):
    """Anything with an inclusive ``start`` .. ``end`` (the store's ``MemberBreak`` rows)."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def on_break(breaks: Iterable[Span], day: date) -> bool:
    """Whether ``day`` lies in one of ``breaks`` (each inclusive at both ends)."""
    return any(b.start <= day <= b.end for b in breaks)


def break_days(breaks: Iterable[Span]) -> frozenset[date]:
    """Every date the spans cover (a member has a few short breaks: this stays small)."""
    out: set[date] = set()
    for b in breaks:
        d = b.start
        while d <= b.end:
            out.add(d)
            d += timedelta(days=1)
    return frozenset(out)


def break_test(breaks: Iterable[Span]) -> Callable[[date], bool]:
    """A fast ``day -> on break?`` for the streak walk (``scoring.walk``'s ``on_break``)."""
    days = break_days(breaks)
    return days.__contains__


def length(start: date, end: date) -> int:
    """Days in ``start .. end``, both included."""
    return (end - start).days + 1


def overlapping(breaks: Iterable[Span], start: date, end: date) -> Span | None:
    """The first of ``breaks`` that shares a date with ``start .. end``, if any."""
    return next((b for b in breaks if b.start <= end and start <= b.end), None)


def joined_length(breaks: Iterable[Span], start: date, end: date) -> int:
    """Days in the run that ``start .. end`` makes with the breaks right before and after it
    (back to back): what the group's limit applies to, so a long break cannot be planned as
    several short ones. Assumes no overlap (checked first)."""
    spans = sorted(breaks, key=lambda b: b.start)
    first, last = start, end
    for b in reversed(spans):
        if b.end == first - timedelta(days=1):
            first = b.start
    for b in spans:
        if b.start == last + timedelta(days=1):
            last = b.end
    return length(first, last)
