"""The leaderboard and one member's progress.

Members are ranked by points (``bot.services.scoring``). Only released days count (late joiners
can still tick earlier days). Equal points share a rank; ties are listed in a stable order (more
tasks first, then who joined first, then user id), so pages never shuffle between clicks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from bot.errors import ForeignButton, NoGroupHere, NotInGroup
from bot.roadmaps import Phase, Roadmap
from bot.services.context import Actor, roadmap_of, schedule_of
from bot.services.schedule import (
    Schedule,
    day_at,
    local_date,
)
from bot.services.scoring import Walk, continue_streak, points, survives, walk_to
from bot.services.streaks import MemberStreak, group_rules, member_streak
from bot.store import Group, MemberTotals, Store

Scope = Literal["all", "week", "today"]


class Row(NamedTuple):
    """One member on the leaderboard. A NamedTuple rather than a frozen dataclass: every
    ``/progress`` builds one per member, and NamedTuples are much cheaper to build."""

    rank: int
    user_id: int
    done: int
    released: int
    streak: int
    checkins: int
    points: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.released) if self.released else 0


@dataclass(frozen=True, slots=True)
class Leaderboard:
    group: Group
    roadmap: Roadmap
    scope: Scope
    day: int
    first_day: int
    last_day: int
    rows: tuple[Row, ...]

    def page_count(self, size: int) -> int:
        return max(1, -(-len(self.rows) // size))

    def page(self, number: int, size: int) -> tuple[Row, ...]:
        """Rows of page ``number`` (0-based, clamped to the valid range)."""
        number = min(max(0, number), self.page_count(size) - 1)
        return self.rows[number * size : (number + 1) * size]

    def row_of(self, user_id: int) -> Row | None:
        return next((r for r in self.rows if r.user_id == user_id), None)


_LAST_DAY = 2**31 - 1


async def _streaks(
    store: Store, group: Group, schedule: Schedule, totals: list[MemberTotals], today: date
) -> dict[int, int]:
    """Every member's current check-in streak, from the walk stored at their latest counted
    check-in, continued to ``today`` (freezes and breaks: ``scoring.continue_streak``).

    A stored walk that does not describe the latest check-in (none was stored for that row, a
    crash came between the check-in and storing it, or a migration cleared it), or that was
    computed with another ``freezes_per_month`` (an admin changed it: the setting applies to
    the whole history), is recomputed here and stored, so it is recomputed once.
    """
    rules = await group_rules(store, group, schedule)
    stale = [
        t.user_id
        for t in totals
        if t.last_checkin is not None
        and (
            t.streak is None
            or t.streak_date != t.last_checkin
            or t.streak_freezes is None
            or t.streak_rule != rules.freezes
        )
    ]
    dates = await store.checkin_dates_of(group.guild_id, group.id, stale) if stale else {}
    yesterday = today - timedelta(days=1)
    runs: dict[tuple[date, int], bool] = {}
    out = {}
    for t in totals:
        last, uid = t.last_checkin, t.user_id
        if last is None:
            out[uid] = 0
            continue
        if uid in dates:
            state = walk_to(
                dates[uid],
                last,
                rules.is_study,
                freezes=rules.freezes,
                on_break=rules.on_break(uid),
            )
            await store.set_streak(
                group.guild_id, group.id, uid, last, state.streak, state.used, rules.freezes
            )
        elif last >= yesterday or not t.streak:  # nothing to judge, or nothing to lose
            out[uid] = t.streak or 0
            continue
        elif uid not in rules.breaks:  # members without breaks share the walk from ``last``
            key = (last, t.streak_freezes or 0)
            if key not in runs:
                runs[key] = survives(*key, today, rules.is_study, freezes=rules.freezes)
            out[uid] = t.streak if runs[key] else 0
            continue
        else:
            state = Walk(t.streak, t.streak_freezes or 0)
        out[uid] = continue_streak(
            state, last, today, rules.is_study, freezes=rules.freezes, on_break=rules.on_break(uid)
        )
    return out


async def ranked_rows(
    store: Store,
    group: Group,
    schedule: Schedule,
    days: tuple[int, int],
    released: int,
    today: date,
    since: date | None,
) -> tuple[Row, ...]:
    """Current members ranked by points (ties share a rank, listed in join order).

    Tasks count on ``days`` (first, last); check-ins on local dates from ``since`` (all if
    None). Whole-roadmap scopes read the per-member totals instead of every tick.
    """
    first, last = days
    totals = await store.member_totals(group.guild_id, group.id)
    if first <= 1:
        later = await store.tick_counts_between(group.guild_id, group.id, last + 1, _LAST_DAY)
        done = {t.user_id: t.ticks_done - later.get(t.user_id, 0) for t in totals}
    else:
        done = await store.tick_counts_between(group.guild_id, group.id, first, last)
    if since is None:
        checkins = {t.user_id: t.checkins_done for t in totals}
    else:
        checkins = await store.checkin_counts_since(group.guild_id, group.id, since)
    streaks = await _streaks(store, group, schedule, totals, today)
    ranking = []  # (-points, -tasks, join order, ...): unique, so a plain sort is stable
    for order, t in enumerate(totals):
        uid = t.user_id
        n = done.get(uid, 0)
        count = checkins.get(uid, 0)
        current = streaks[uid]
        ranking.append((-points(n, count, current), -n, order, uid, count, current))
    ranking.sort()
    rows: list[Row] = []
    rank = 0
    for index, (negative, minus_n, _, user_id, count, current) in enumerate(ranking):
        if not rows or rows[-1].points != -negative:
            rank = index + 1
        rows.append(Row(rank, user_id, -minus_n, released, current, count, -negative))
    return tuple(rows)


async def _group_for_progress(store: Store, actor: Actor) -> Group:
    group = await store.running_group_in_channel(actor.guild_id, actor.channel_id)
    if group is None:
        raise NoGroupHere("progress")
    return group


async def leaderboard(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    scope: Scope,
    now: datetime,
    group_id: int | None = None,
) -> Leaderboard:
    """The channel's leaderboard; with ``group_id`` (a page button) it must be this channel's."""
    board, _ = await board_and_schedule(store, roadmaps, actor, scope, now, group_id)
    return board


async def board_and_schedule(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    scope: Scope,
    now: datetime,
    group_id: int | None = None,
) -> tuple[Leaderboard, Schedule]:
    """``leaderboard`` and the group's schedule it was computed with."""
    if group_id is None:
        group = await _group_for_progress(store, actor)
    else:
        found = await store.get_group(actor.guild_id, group_id)
        if found is None or found.channel_id != actor.channel_id:
            raise ForeignButton()
        group = found
    roadmap = roadmap_of(roadmaps, group)
    schedule = await schedule_of(store, group, roadmap)
    day = roadmap.current_day(day_at(schedule, now))
    first = 1 if scope == "all" else max(1, day - 6) if scope == "week" else day
    released = sum(len(roadmap.day(d).tasks) for d in range(first, day + 1)) if day >= 1 else 0
    today = local_date(now, group.timezone)
    since = {"all": None, "week": today - timedelta(days=6), "today": today}[scope]
    rows = await ranked_rows(store, group, schedule, (first, day), released, today, since)
    return Leaderboard(group, roadmap, scope, day, first, day, rows), schedule


@dataclass(frozen=True, slots=True)
class PhaseBar:
    phase: Phase
    done: int
    released: int
    total: int


@dataclass(frozen=True, slots=True)
class MemberProgress:
    group: Group
    roadmap: Roadmap
    user_id: int
    day: int
    row: Row
    phases: tuple[PhaseBar, ...]
    missed_days: tuple[int, ...]
    """Released days on which the member has done none of the tasks."""
    streak: MemberStreak | None = None
    """Their freezes left, frozen dates and breaks (``streaks.member_streak``)."""


async def member_progress(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    user_id: int,
    now: datetime,
    group_id: int | None = None,
) -> MemberProgress:
    """One member's progress by phase; with ``group_id`` (a button) it must be this channel's."""
    return (await member_detail(store, roadmaps, actor, user_id, now, group_id)).progress


class MemberDetail(NamedTuple):
    """What ``member_progress`` reads, for callers that show more of it (the progress card)."""

    progress: MemberProgress
    board: Leaderboard
    schedule: Schedule
    per_day: dict[int, int]
    """Tasks the member ticked per roadmap day."""


async def member_detail(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    user_id: int,
    now: datetime,
    group_id: int | None = None,
) -> MemberDetail:
    board, schedule = await board_and_schedule(store, roadmaps, actor, "all", now, group_id)
    row = board.row_of(user_id)
    if row is None:
        raise NotInGroup(user_id, board.roadmap.id)
    per_day = await store.tick_days(actor.guild_id, board.group.id, user_id)
    bars = []
    for phase in board.roadmap.phases:
        last_released = min(phase.last_day, board.day)
        released = sum(
            len(board.roadmap.day(d).tasks) for d in range(phase.first_day, last_released + 1)
        )
        done = sum(per_day.get(d, 0) for d in range(phase.first_day, last_released + 1))
        total = sum(
            len(board.roadmap.day(d).tasks) for d in range(phase.first_day, phase.last_day + 1)
        )
        bars.append(PhaseBar(phase, done, released, total))
    missed = tuple(d for d in range(1, board.day + 1) if per_day.get(d, 0) == 0)
    today = local_date(now, board.group.timezone)
    mine = await member_streak(store, board.group, schedule, user_id, today)
    progress = MemberProgress(
        board.group, board.roadmap, user_id, board.day, row, tuple(bars), missed, mine
    )
    return MemberDetail(progress, board, schedule, per_day)
