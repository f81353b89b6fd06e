"""Instants the schedule tests write by hand: ``utc()``, and a schedule's release instants."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.schedule import Schedule, release_instant


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def releases(s: Schedule) -> list[datetime]:
    return [release_instant(s, n) for n in range(1, s.total_days + 2)]
