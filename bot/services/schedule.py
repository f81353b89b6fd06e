"""Which roadmap day a group is on: the one place that turns a schedule and an instant into a day.

A group's *candidate dates* are the local dates from ``start`` on (Monday to Friday only when
``weekdays_only``). A candidate date is a *study date* unless its post instant falls inside a
pause. Study dates are numbered 1, 2, 3, ...; roadmap day N is released at the post instant of
study date ``(N - 1) * pace + 1``, and the summary day (``total_days + 1``) likewise.

Everything is computed from the stored schedule and the current instant, never from what a
scheduler fired, so a restart, a DST change or a catch-up after downtime all give the same answer.
Counting is arithmetic (weekdays by formula, pauses as date intervals found from their two ends),
so :func:`day_at` costs a handful of zone conversions however old the group is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Literal

from bot.roadmaps import summary_day
from bot.services.zones import zone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pause:
    """A pause of the group between two UTC-aware instants; ``end`` None means still paused.

    A candidate date whose post instant lies in ``[start, end)`` is not a study date, so the
    roadmap simply resumes where it stopped.
    """

    start: datetime
    end: datetime | None


@dataclass(frozen=True)
class Schedule:
    """How a group releases its roadmap. ``timezone`` is a stored zone name (``zones``)."""

    start: date
    post_time: time
    timezone: str
    total_days: int
    pace: int = 1
    weekdays_only: bool = False
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        if self.total_days < 1:
            raise ValueError(f"total_days must be at least 1, not {self.total_days}")
        if self.pace < 1:
            raise ValueError(f"pace must be at least 1, not {self.pace}")

    @property
    def summary_day(self) -> int:
        """The last day released: the one after the roadmap's last, when the summary is due."""
        return summary_day(self.total_days)


def _wall(instant: datetime, tz: tzinfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


@lru_cache(maxsize=65536)
def post_instant(local_date: date, post_time: time, tz: str) -> datetime:
    """The UTC instant of ``post_time`` on ``local_date`` in zone ``tz``.

    A wall time skipped by a forward jump (02:30 on a spring-forward night, or inside Lord Howe's
    30-minute shift) gives the instant the clocks jump, the first valid moment after it. A wall
    time that occurs twice (fall back) gives its first occurrence only, so a group posts once.
    """
    tzi = zone(tz)
    wall = datetime.combine(local_date, post_time.replace(tzinfo=None))
    first = wall.replace(tzinfo=tzi).astimezone(UTC)
    if _wall(first, tzi) == wall:
        return first
    # In a gap: the two folds bracket the transition; find its first whole second by bisection.
    second = wall.replace(tzinfo=tzi, fold=1).astimezone(UTC)
    lo = min(first, second).replace(microsecond=0)
    hi = max(first, second)
    while hi - lo > timedelta(seconds=1):
        mid = lo + timedelta(seconds=max(1, int((hi - lo).total_seconds()) // 2))
        if _wall(mid, tzi) > wall:
            hi = mid
        else:
            lo = mid
    return hi


def local_date(now: datetime, tz: str) -> date:
    """The date on the wall clocks of zone ``tz`` at the aware instant ``now``."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(zone(tz)).date()


def _weekdays_before(d: date) -> int:
    """Monday-to-Friday dates before ``d`` since 0001-01-01 (a Monday)."""
    n = d.toordinal() - 1
    return n // 7 * 5 + min(n % 7, 5)


def _candidates(s: Schedule, first: date, last: date) -> int:
    """Candidate dates (ignoring pauses) in ``[first, last]``, clipped to the group's start."""
    first = max(first, s.start)
    if last < first:
        return 0
    if s.weekdays_only:
        return _weekdays_before(last + timedelta(days=1)) - _weekdays_before(first)
    return (last - first).days + 1


def _nth_candidate(s: Schedule, cursor: date, n: int) -> date:
    """The ``n``-th (1-based) candidate date on or after ``cursor`` (itself >= start)."""
    if not s.weekdays_only:
        return cursor + timedelta(days=n - 1)
    index = _weekdays_before(cursor) + n - 1
    return date.fromordinal(index // 5 * 7 + index % 5 + 1)


def _first_date(s: Schedule, instant: datetime, *, strict: bool) -> date:
    """The earliest date whose post instant is after ``instant`` (or at it, unless strict).

    Post instants only grow with the date, so this is the local date of ``instant`` give or
    take a day; the loops usually run once.
    """

    def reached(d: date) -> bool:
        p = post_instant(d, s.post_time, s.timezone)
        return p > instant if strict else p >= instant

    d = local_date(instant, s.timezone)
    if reached(d):
        while reached(d - timedelta(days=1)):
            d -= timedelta(days=1)
    else:
        d += timedelta(days=1)
        while not reached(d):
            d += timedelta(days=1)
    return d


def _paused_dates(s: Schedule) -> list[tuple[date, date | None]]:
    """Sorted, merged half-open date intervals ``[a, b)`` whose post instants are paused."""
    spans: list[tuple[date, date | None]] = []
    for pause in s.pauses:
        a = _first_date(s, pause.start, strict=False)
        b = None if pause.end is None else _first_date(s, pause.end, strict=False)
        if b is None or a < b:
            spans.append((a, b))
    spans.sort(key=lambda span: span[0])
    merged: list[tuple[date, date | None]] = []
    for a, b in spans:
        if merged:
            prev_a, prev_b = merged[-1]
            if prev_b is None or a <= prev_b:
                end = None if prev_b is None or b is None else max(prev_b, b)
                merged[-1] = (prev_a, end)
                continue
        merged.append((a, b))
    return merged


def study_dates_between(s: Schedule, first: date, last: date) -> int:
    """How many study dates lie in ``[first, last]`` (both inclusive; 0 when ``last < first``)."""
    if last < first:
        return 0
    count = _candidates(s, first, last)
    for a, b in _paused_dates(s):
        if a > last:
            break
        pause_last = last if b is None else min(last, b - timedelta(days=1))
        count -= _candidates(s, max(first, a), pause_last)
    return count


DateKind = Literal["before", "weekend", "paused", "study"]
"""What a local date is to a group: before its start, a weekend of a weekday-only group, a date
whose post instant falls in a pause, or a study date."""


def date_kind(s: Schedule, d: date) -> DateKind:
    """What ``d`` is to the group (a weekend of a weekday-only group is never "paused")."""
    if d < s.start:
        return "before"
    if s.weekdays_only and d.weekday() >= 5:
        return "weekend"
    p = post_instant(d, s.post_time, s.timezone)
    paused = any(pause.start <= p and (pause.end is None or p < pause.end) for pause in s.pauses)
    return "paused" if paused else "study"


def is_study_date(s: Schedule, d: date) -> bool:
    """Whether ``d`` counts: from start on, a weekday if required, its post not in a pause."""
    return date_kind(s, d) == "study"


def previous_study_date(s: Schedule, d: date) -> date | None:
    """The latest study date before ``d`` (None if there is none)."""
    d -= timedelta(days=1)
    while d >= s.start:
        if is_study_date(s, d):
            return d
        d -= timedelta(days=1)
    return None


def _study_index(s: Schedule, day: int) -> int:
    if not 1 <= day <= s.summary_day:
        raise ValueError(f"day must be within 1..{s.summary_day}, not {day}")
    return (day - 1) * s.pace + 1


def _nth_study_date(s: Schedule, n: int) -> date | None:
    """The ``n``-th study date, or None when an open pause comes first."""
    cursor = s.start
    for a, b in _paused_dates(s):
        if b is not None and b <= cursor:
            continue
        free = _candidates(s, cursor, a - timedelta(days=1))
        if free >= n:
            return _nth_candidate(s, cursor, n)
        n -= free
        if b is None:
            return None
        cursor = max(cursor, b)
    return _nth_candidate(s, cursor, n)


def release_instant(s: Schedule, day: int) -> datetime:
    """When roadmap day ``day`` is released (``summary_day``: when the summary is due).

    Raises ``ValueError`` for a day outside ``1..summary_day`` and for a day that an open
    pause holds back: its date is unknown until the group resumes.
    """
    d = _nth_study_date(s, _study_index(s, day))
    if d is None:
        raise ValueError(f"day {day} is held back by an open pause")
    return post_instant(d, s.post_time, s.timezone)


def day_at(s: Schedule, now: datetime) -> int:
    """How many roadmap days are released at ``now``: 0 before day 1, at most ``summary_day``.

    ``summary_day`` means the roadmap is finished and its summary is due. Today counts once
    ``now`` reaches today's post instant.
    """
    last = _first_date(s, now, strict=True) - timedelta(days=1)
    studied = study_dates_between(s, s.start, last)
    if studied == 0:
        return 0
    return min((studied - 1) // s.pace + 1, s.summary_day)


def next_release(s: Schedule, now: datetime) -> tuple[int, datetime] | None:
    """The next day to be released strictly after ``now`` and its instant.

    None when the roadmap is finished (the summary day is released) or an open pause holds the
    next day back.
    """
    day = day_at(s, now) + 1
    if day > s.summary_day:
        return None
    d = _nth_study_date(s, _study_index(s, day))
    if d is None:
        return None
    return day, post_instant(d, s.post_time, s.timezone)
