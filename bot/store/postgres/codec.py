"""How values are kept in PostgreSQL: instants as ``timestamptz`` (aware, back in UTC and equal
to what was written), local dates as ``date``, post times as ``time`` to the minute (as SQLite
keeps ``HH:MM``), flags as ``boolean``. asyncpg converts them; this checks what it cannot."""

from __future__ import annotations

from datetime import datetime, time


def aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return value


def aware_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def clock(value: time) -> time:
    return value.replace(second=0, microsecond=0, tzinfo=None)


def is_row_id(value: int) -> bool:
    """Whether ``value`` fits a BIGINT key; a forged button's id may not, and asyncpg would
    refuse to bind it."""
    return 0 < value < 2**63
