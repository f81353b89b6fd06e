"""Deterministic sample cards and charts for the picture tests and README's pictures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.roadmaps import Roadmap
from bot.services.cards import MemberCard, calendar, done_per_day
from bot.services.charts import WeekChart
from bot.services.context import schedule_from
from bot.services.progress import MemberProgress, PhaseBar, Row
from bot.store import Group, GroupPause
from tests.render.checks import ROADMAPS

START = date(2026, 3, 2)  # a Monday


def group(roadmap: Roadmap, *, weekdays_only: bool = False, pace: int = 1) -> Group:
    return Group(
        id=7,
        guild_id=1,
        channel_id=2,
        roadmap_id=roadmap.id,
        start_date=START,
        post_time=time(9, 0),
        timezone="Asia/Shanghai",
        pace=pace,
        weekdays_only=weekdays_only,
        catch_up=False,
        state="active",
        created_by=3,
        created_at=datetime(2026, 3, 1, tzinfo=UTC),
        ended_at=None,
        problem=None,
    )


def pattern(day: int, tasks: int) -> int:
    """How many of a day's tasks the sample member did: a mix of full, partial and empty."""
    return (0, tasks, tasks, 1, tasks, 0, tasks - 1, tasks)[day % 8] if tasks else 0


def sample_card(
    roadmap_id: str = "3month",
    *,
    today: date = date(2026, 4, 21),
    weekdays_only: bool = True,
    pauses: tuple[tuple[date, date | None], ...] = ((date(2026, 4, 6), date(2026, 4, 9)),),
    frozen: frozenset[date] = frozenset({date(2026, 3, 17)}),
    pace: int = 1,
) -> MemberCard:
    """A member some weeks into a roadmap: a weekday-only group paused for three days, one
    frozen date, a streak of 4, rank 3 of 27."""
    roadmap = ROADMAPS[roadmap_id]
    g = group(roadmap, weekdays_only=weekdays_only, pace=pace)
    now = datetime.combine(today, time(12, 0), UTC)
    stored = [
        GroupPause(
            g.id,
            datetime.combine(a, time(0, 0), UTC),
            None if b is None else datetime.combine(b, time(0, 0), UTC),
        )
        for a, b in pauses
    ]
    schedule = schedule_from(g, roadmap, stored)
    from bot.services.schedule import day_at

    day = roadmap.current_day(day_at(schedule, now))
    per_day = {d: pattern(d, len(roadmap.day(d).tasks)) for d in range(1, day + 1)}
    released = sum(len(roadmap.day(d).tasks) for d in range(1, day + 1))
    done = sum(per_day.values())
    bars = []
    for phase in roadmap.phases:
        last = min(phase.last_day, day)
        bars.append(
            PhaseBar(
                phase,
                sum(per_day.get(d, 0) for d in range(phase.first_day, last + 1)),
                sum(len(roadmap.day(d).tasks) for d in range(phase.first_day, last + 1)),
                sum(len(roadmap.day(d).tasks) for d in range(phase.first_day, phase.last_day + 1)),
            )
        )
    row = Row(3, 42, done, released, 4, 20, 10 * done + 5 * 20 + 8)
    missed = tuple(d for d in range(1, day + 1) if per_day.get(d, 0) == 0)
    progress = MemberProgress(g, roadmap, 42, day, row, tuple(bars), missed)
    return MemberCard(
        progress=progress,
        members=27,
        today=today,
        cells=calendar(schedule, today, now),
        done=done_per_day(roadmap, per_day),
        frozen=frozen,
    )


def days_between(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


def sample_chart(roadmap_id: str = "3month", week_start: date = date(2026, 4, 13)) -> WeekChart:
    """Week 7 of a weekday-only group started 2026-03-02, its median member a little behind."""
    from bot.services.charts import median_cumulative, pace_series

    roadmap = ROADMAPS[roadmap_id]
    g = group(roadmap, weekdays_only=True)
    schedule = schedule_from(g, roadmap, [])
    counts = [len(d.tasks) for d in roadmap.days]
    end = week_start + timedelta(days=6)
    last_release = START + timedelta(days=roadmap.total_days * 7 // 5 + 2)
    pace = pace_series(schedule, counts, START, last_release)
    dates = days_between(START, end)
    members = [
        [(i * 7 + k * 3) % 5 if d.weekday() < 5 else (k % 2) for i, d in enumerate(dates)]
        for k in range(9)
    ]
    return WeekChart(
        title=roadmap.title,
        week_start=week_start,
        weekdays=(0.82, 0.74, 0.61, 0.66, 0.45, None, None),
        first=START,
        median=median_cumulative(members, roadmap.task_count),
        pace=pace,
    )
