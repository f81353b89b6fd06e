"""What the weekly digest's chart shows, and the pure rules for its two series.

``WeekChart`` is what the weekly digest (built elsewhere) fills in and ``bot.render.cards.week``
draws: the part of each weekday's tasks the group did that week, and, date by date since the
group started, the median member's share of the roadmap done against the share released.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from bot.roadmaps import Text
from bot.services.schedule import Schedule, day_at
from bot.services.zones import zone


@dataclass(frozen=True, slots=True)
class WeekChart:
    title: Text
    """The roadmap's title."""
    week_start: date
    """The Monday of the week the digest covers."""
    weekdays: tuple[float | None, ...]
    """Monday to Sunday of that week: of the tasks released on that date, the part the
    group's members did (done ticks over members times tasks), 0 to 1; None where no roadmap
    day was released (a weekend of a weekday-only group, a pause, before the start)."""
    first: date
    """The date of the series' first point (the group's start)."""
    median: tuple[float, ...]
    """Per date from ``first``: the median member's tasks done by the end of that date, as a
    share of the roadmap's tasks (0 to 1). Ends at the week's last date (or today)."""
    pace: tuple[float, ...]
    """Per date from ``first``: the roadmap's tasks released by the end of that date, as a
    share of all its tasks. May run past ``median`` to the roadmap's last release."""

    def __post_init__(self) -> None:
        if len(self.weekdays) != 7:
            raise ValueError(f"weekdays holds Monday to Sunday, not {len(self.weekdays)} values")
        if len(self.pace) < len(self.median):
            raise ValueError("the pace must reach as far as the median")


def median_cumulative(per_member: Sequence[Sequence[int]], total_tasks: int) -> tuple[float, ...]:
    """The ``median`` series from each member's tasks done per date (equal lengths): per
    date, the median of the members' running totals over ``total_tasks``. No members: zeros."""
    if total_tasks < 1:
        raise ValueError("a roadmap has at least one task")
    running = [list(accumulate(dates)) for dates in per_member]
    length = len(running[0]) if running else 0
    if any(len(r) != length for r in running):
        raise ValueError("every member needs a count for every date")
    return tuple(
        statistics.median(r[i] for r in running) / total_tasks if running else 0.0
        for i in range(length)
    )


def pace_series(
    schedule: Schedule, task_counts: Sequence[int], first: date, last: date
) -> tuple[float, ...]:
    """The ``pace`` series: per date from ``first`` to ``last``, the share of the roadmap's
    tasks (``task_counts[d - 1]`` for day ``d``) released by the end of that local date."""
    released = [0, *accumulate(task_counts)]
    total = released[-1]
    tz = zone(schedule.timezone)
    out = []
    on = first
    while on <= last:
        end = datetime.combine(on + timedelta(days=1), time(0, 0), tz) - timedelta(seconds=1)
        day = min(day_at(schedule, end), len(task_counts))
        out.append(released[day] / total)
        on += timedelta(days=1)
    return tuple(out)
