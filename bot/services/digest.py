"""What a group's weekly digest says: the week's numbers, its people and the week ahead.

Definitions (README "Weekly digest"); the week is Monday to Sunday in the group's zone:
- completion: of the tasks of the roadmap days released that week, the part the current
  members have done (whenever ticked) over members times tasks;
- tasks done, check-ins, minutes: ticks made that week (by when they were made, catching up
  on earlier days included), check-ins dated that week that count (``scoring.counts``: not
  0 minutes, not before the group's first day) and their minutes;
- top five: members by the week's points (``scoring.points`` of that week's tasks and
  check-ins, no streak bonus), ties by more tasks, then join order; members with none left out;
- most improved (up to three): members who did more tasks this week than the week before,
  by the increase; only members who were in the group for the whole previous week;
- longest streaks (up to three): current check-in streaks of 2 days or more;
- inactive: members with no tick and no check-in in the last ``INACTIVE_DAYS`` local dates
  (up to today), counting a member's join as activity, and not on a planned break today
  (``/break``); named only when the group enables it;
- next week: the roadmap days released in the seven dates after the covered week, with their
  phases, and whether the summary comes then.
The chart (``WeekChart``) is drawn from the same reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.roadmaps import Roadmap
from bot.services.breaks import on_break
from bot.services.charts import WeekChart, median_cumulative, pace_series
from bot.services.digest_plan import DigestPlan, end_of
from bot.services.progress import ranked_rows
from bot.services.schedule import Schedule, day_at, local_date, release_instant
from bot.services.scoring import counts, points
from bot.store import Group, Store
from bot.store.features.settings import MemberBreak

TOP = 5
IMPROVED = 3
STREAKS = 3
STREAK_MIN = 2
INACTIVE_DAYS = 3


class Standing(NamedTuple):
    user_id: int
    tasks: int
    checkins: int
    points: int


class Improvement(NamedTuple):
    user_id: int
    before: int
    after: int


class Streak(NamedTuple):
    user_id: int
    days: int


class NextDay(NamedTuple):
    day: int
    on: date
    phase: int
    """The phase's number (``Roadmap.phases``)."""


@dataclass(frozen=True, slots=True)
class WeekDigest:
    group: Group
    roadmap: Roadmap
    week_start: date
    late: bool
    members: int
    released_tasks: int
    """Tasks of the days released that week, per member."""
    completion: int
    """Percent, 0 to 100."""
    tasks_done: int
    checkins: int
    minutes: int
    top: tuple[Standing, ...]
    improved: tuple[Improvement, ...]
    streaks: tuple[Streak, ...]
    inactive: tuple[int, ...]
    """Inactive members' ids in join order (all of them; render names or counts them)."""
    names_inactive: bool
    next_days: tuple[NextDay, ...]
    summary_next: bool
    """The roadmap's summary is due in the week ahead."""
    chart: WeekChart


def _released_on(schedule: Schedule, first: int, last: int) -> dict[int, date]:
    return {
        d: local_date(release_instant(schedule, d), schedule.timezone)
        for d in range(first, last + 1)
    }


def _next_days(roadmap: Roadmap, schedule: Schedule, after: int, last: date) -> list[NextDay]:
    out = []
    for d in range(after + 1, schedule.summary_day + 1):
        try:
            on = local_date(release_instant(schedule, d), schedule.timezone)
        except ValueError:  # an open pause holds it back
            break
        if on > last:
            break
        phase = roadmap.phase_of(d).number if d <= roadmap.total_days else 0
        out.append(NextDay(d, on, phase))
    return out


async def week_digest(
    store: Store, plan: DigestPlan, settings_names_inactive: bool, now: datetime
) -> WeekDigest:
    group, roadmap, schedule = plan.group, plan.roadmap, plan.schedule
    tz = group.timezone
    week = plan.week_start
    sunday = week + timedelta(days=6)
    before = day_at(schedule, end_of(week - timedelta(days=1), tz))
    last = min(day_at(schedule, end_of(sunday, tz)), roadmap.total_days)
    first = before + 1
    released_on = _released_on(schedule, first, last) if first <= last else {}
    members = await store.members(group.guild_id, group.id)
    order = {m.user_id: k for k, m in enumerate(members)}
    ticks = [t for t in await store.ticks(group.guild_id, group.id) if t.user_id in order]
    checkins = [c for c in await store.checkins(group.guild_id, group.id) if c.user_id in order]
    today = local_date(now, tz)

    week_tasks: dict[int, int] = defaultdict(int)
    prev_tasks: dict[int, int] = defaultdict(int)
    done_on_day: dict[int, int] = defaultdict(int)
    last_active = {m.user_id: local_date(m.joined_at, tz) for m in members}
    start = schedule.start
    per_date: dict[int, list[int]] = {u: [0] * ((sunday - start).days + 1) for u in order}
    for t in ticks:
        on = local_date(t.done_at, tz)
        last_active[t.user_id] = max(last_active[t.user_id], on)
        if week <= on <= sunday:
            week_tasks[t.user_id] += 1
        elif week - timedelta(days=7) <= on < week:
            prev_tasks[t.user_id] += 1
        if first <= t.day <= last:
            done_on_day[t.day] += 1
        if on <= sunday and per_date[t.user_id]:
            per_date[t.user_id][max(0, (on - start).days)] += 1
    week_checkins: dict[int, int] = defaultdict(int)
    minutes = 0
    for c in checkins:
        last_active[c.user_id] = max(last_active[c.user_id], c.local_date)
        if week <= c.local_date <= sunday and counts(c.local_date, c.minutes, start):
            week_checkins[c.user_id] += 1
            minutes += c.minutes or 0

    n = len(members)
    released = sum(len(roadmap.day(d).tasks) for d in released_on)
    done = sum(done_on_day.values())
    completion = round(100 * done / (n * released)) if n and released else 0
    standings = sorted(
        (
            Standing(u, week_tasks[u], week_checkins[u], points(week_tasks[u], week_checkins[u], 0))
            for u in order
            if week_tasks[u] or week_checkins[u]
        ),
        key=lambda s: (-s.points, -s.tasks, order[s.user_id]),
    )
    whole_prev = week - timedelta(days=7)
    improved = sorted(
        (
            Improvement(m.user_id, prev_tasks[m.user_id], week_tasks[m.user_id])
            for m in members
            if local_date(m.joined_at, tz) <= whole_prev
            and week_tasks[m.user_id] > prev_tasks[m.user_id]
        ),
        key=lambda i: (i.before - i.after, order[i.user_id]),
    )
    rows = await ranked_rows(store, group, schedule, (1, max(1, last)), released, today, week)
    streaks = sorted(
        (Streak(r.user_id, r.streak) for r in rows if r.streak >= STREAK_MIN),
        key=lambda s: (-s.days, order.get(s.user_id, 0)),
    )
    breaks: dict[int, list[MemberBreak]] = defaultdict(list)
    for b in await store.breaks(group.guild_id, group.id):
        breaks[b.user_id].append(b)
    inactive = tuple(
        m.user_id
        for m in members
        if (today - last_active[m.user_id]).days >= INACTIVE_DAYS
        and not on_break(breaks[m.user_id], today)
    )
    upcoming = _next_days(roadmap, schedule, max(before, last), sunday + timedelta(days=7))
    chart = _chart(roadmap, schedule, week, released_on, done_on_day, per_date, n)
    return WeekDigest(
        group=group,
        roadmap=roadmap,
        week_start=week,
        late=plan.late,
        members=n,
        released_tasks=released,
        completion=completion,
        tasks_done=sum(week_tasks.values()),
        checkins=sum(week_checkins.values()),
        minutes=minutes,
        top=tuple(standings[:TOP]),
        improved=tuple(improved[:IMPROVED]),
        streaks=tuple(streaks[:STREAKS]),
        inactive=inactive,
        names_inactive=settings_names_inactive,
        next_days=tuple(d for d in upcoming if d.day <= roadmap.total_days),
        summary_next=any(d.day > roadmap.total_days for d in upcoming),
        chart=chart,
    )


def _chart(
    roadmap: Roadmap,
    schedule: Schedule,
    week: date,
    released_on: dict[int, date],
    done_on_day: dict[int, int],
    per_date: dict[int, list[int]],
    members: int,
) -> WeekChart:
    tasks_on: dict[date, int] = defaultdict(int)
    done_on: dict[date, int] = defaultdict(int)
    for d, on in released_on.items():
        tasks_on[on] += len(roadmap.day(d).tasks)
        done_on[on] += done_on_day.get(d, 0)
    weekdays = tuple(
        (min(1.0, done_on[on] / (members * tasks_on[on])) if members else 0.0)
        if tasks_on.get(on)
        else None
        for on in (week + timedelta(days=i) for i in range(7))
    )
    sunday = week + timedelta(days=6)
    total = roadmap.task_count
    median = median_cumulative(list(per_date.values()), total)
    if not per_date:
        median = tuple(0.0 for _ in range((sunday - schedule.start).days + 1))
    try:
        end = local_date(release_instant(schedule, roadmap.total_days), schedule.timezone)
    except ValueError:
        end = sunday
    counts = [len(d.tasks) for d in roadmap.days]
    pace = pace_series(schedule, counts, schedule.start, max(end, sunday))
    return WeekChart(roadmap.title, week, weekdays, schedule.start, median, pace)
