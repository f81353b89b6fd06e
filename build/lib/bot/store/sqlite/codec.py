"""How values are kept in SQLite: instants as UTC ISO-8601 text, local dates as ``YYYY-MM-DD``,
times of day as ``HH:MM``, flags as 0/1 (see ``migrations/0001_initial.sql``)."""

from __future__ import annotations

from datetime import date, datetime, time


def iso(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return value.isoformat()


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def clock(value: time) -> str:
    return value.strftime("%H:%M")


def days(text: str | None) -> frozenset[int]:
    """A ``group_concat`` of day numbers."""
    return frozenset() if text is None else frozenset(int(d) for d in text.split(","))


def is_row_id(value: int) -> bool:
    """Whether ``value`` fits an INTEGER key; a forged button's id may not, and SQLite would
    overflow binding it."""
    return 0 < value < 2**63
