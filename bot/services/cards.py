"""What a member's progress card shows: the text reply's ``MemberProgress`` plus the group's
calendar, one cell per date from the group's start to the roadmap's last day.

A roadmap day sits on the date it is released; the other dates in the calendar are what the
schedule skips (weekends of a weekday-only group, paused dates) or, with a pace above 1, the
further study dates a day lasts. Dates after today are projected from the schedule as it
stands, with a pause still open taken to end now (the group may resume any time; until then
no later date is known). Frozen dates (streak freezes) are kept apart: the schedule does not
know them.

The card costs the same store reads as ``/progress member:`` (``progress.member_detail``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.progress import MemberProgress, member_detail
from bot.services.schedule import Pause, Schedule, date_kind, local_date
from bot.store import Store

CellKind = Literal["day", "more", "weekend", "paused"]
"""``day``: the date a roadmap day is released; ``more``: a further study date of that day
(pace above 1); ``weekend`` and ``paused``: dates the schedule skips."""


class Cell(NamedTuple):
    on: date
    kind: CellKind
    day: int
    """The roadmap day the date belongs to; 0 for dates the schedule skips."""


@dataclass(frozen=True, slots=True)
class MemberCard:
    progress: MemberProgress
    members: int
    """Members on the leaderboard (the rank is out of these)."""
    today: date
    """The group's local date when the card was made."""
    cells: tuple[Cell, ...]
    done: tuple[int, ...]
    """Tasks the member ticked on each roadmap day, ``done[day - 1]``."""
    frozen: frozenset[date] = frozenset()
    """Dates a streak freeze covered for the member."""

    def share(self, day: int) -> float:
        """The part of day ``day``'s tasks the member has done, 0 to 1."""
        tasks = len(self.progress.roadmap.day(day).tasks)
        return min(self.done[day - 1], tasks) / tasks

    def released(self, day: int) -> bool:
        return day <= self.progress.day


def calendar(schedule: Schedule, today: date, now: datetime) -> tuple[Cell, ...]:
    """Every date from the group's start until the last roadmap day's last study date."""
    projected = replace(
        schedule, pauses=tuple(Pause(p.start, p.end or now) for p in schedule.pauses)
    )
    needed = schedule.total_days * schedule.pace
    cells: list[Cell] = []
    studied = 0
    on = schedule.start
    while studied < needed:
        kind = date_kind(schedule if on <= today else projected, on)
        if kind == "study":
            first = studied % schedule.pace == 0
            cells.append(Cell(on, "day" if first else "more", studied // schedule.pace + 1))
            studied += 1
        elif kind in ("weekend", "paused"):
            cells.append(Cell(on, kind, 0))
        on += timedelta(days=1)
    return tuple(cells)


def done_per_day(roadmap: Roadmap, per_day: Mapping[int, int]) -> tuple[int, ...]:
    return tuple(per_day.get(d, 0) for d in range(1, roadmap.total_days + 1))


async def member_card(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    user_id: int,
    now: datetime,
    group_id: int | None = None,
) -> MemberCard:
    """The card of ``user_id`` in the channel's group (with ``group_id``: a button's group,
    which must be this channel's). Raises ``UserFacingError`` as ``member_progress`` does."""
    detail = await member_detail(store, roadmaps, actor, user_id, now, group_id)
    progress = detail.progress
    today = local_date(now, progress.group.timezone)
    return MemberCard(
        progress=progress,
        members=len(detail.board.rows),
        today=today,
        cells=calendar(detail.schedule, today, now),
        done=done_per_day(progress.roadmap, detail.per_day),
        frozen=frozenset(progress.streak.frozen) if progress.streak else frozenset(),
    )
