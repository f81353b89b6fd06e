"""What a member does every day: tick tasks, see today's tasks, check in.

A tick is committed before the caller answers the interaction, so an acknowledged tick is never
lost; ticking twice is a no-op that says so. Every button id is re-validated here: the group must
belong to the actor's server *and* channel, the day must be released and the task must be that
day's, so a forged or replayed ``custom_id`` changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from bot import limits
from bot.errors import (
    BadMinutes,
    ClickRaced,
    DayNotReleased,
    ForeignButton,
    GroupStopped,
    JoinFirst,
    NoSuchDay,
    NoSuchTask,
    NoteTooLong,
)
from bot.roadmaps import Day, Roadmap, Task
from bot.services.context import (
    Actor,
    member_group,
    missing_roadmap,
    roadmap_of,
    schedule_from,
    schedule_of,
)
from bot.services.schedule import day_at, local_date, next_release
from bot.services.scoring import after_checkin, counts, freezes_left, walk_to
from bot.services.streaks import group_rules
from bot.store import Checkin, Group, Store, TickTarget

log = logging.getLogger(__name__)

TickKind = Literal["done", "already", "undone", "not_done", "not_member"]
MINUTES_MAX = 24 * 60
"""Minutes studied in one check-in: at most a whole day."""


@dataclass(frozen=True, slots=True)
class TickOutcome:
    kind: TickKind
    group_id: int
    roadmap_id: str
    day: Day
    task: Task
    done_today: int
    """How many of this day's tasks the member has done now."""


def _refused(actor: Actor, group_id: int) -> ForeignButton:
    log.warning(
        "refused button for group %s from guild %s channel %s user %s",
        group_id,
        actor.guild_id,
        actor.channel_id,
        actor.user_id,
    )
    return ForeignButton()


async def _button_group(store: Store, actor: Actor, group_id: int) -> Group:
    group = await store.get_group(actor.guild_id, group_id)
    if group is None or group.channel_id != actor.channel_id:
        raise _refused(actor, group_id)
    if group.state == "stopped":
        raise GroupStopped(group.roadmap_id)
    return group


async def _checked_target(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    ref: tuple[int, int, str],
    now: datetime,
) -> tuple[TickTarget, Day, Task]:
    """Read a tick button's group, membership and day in one query and check every rule that
    does not depend on the member: the group is in the actor's server and channel and not
    stopped, the day is in the roadmap and released (pauses count), the task is that day's."""
    group_id, day, task_id = ref
    target = await store.tick_target(actor.guild_id, group_id, actor.user_id, day, task_id)
    if target is None or target.channel_id != actor.channel_id:
        raise _refused(actor, group_id)
    if target.state == "stopped":
        raise GroupStopped(target.roadmap_id)
    roadmap = roadmaps.get(target.roadmap_id)
    if roadmap is None:
        raise missing_roadmap(target.roadmap_id)
    if not 1 <= day <= roadmap.total_days:
        raise NoSuchDay()
    the_day = roadmap.day(day)
    task = the_day.task(task_id)
    if task is None:
        raise NoSuchTask()
    if day > day_at(schedule_from(target, roadmap, target.pauses), now):
        raise DayNotReleased(day)
    return target, the_day, task


async def _set_tick(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    ref: tuple[int, int, str],
    now: datetime,
    *,
    done: bool,
) -> TickOutcome:
    """One read, then one guarded write only if the click changes something.

    The write re-checks membership and the group's state itself, so a leave or a stop between
    the two cannot let a tick in. If it changed nothing although the read said it would, the
    click raced another one (or a leave, or a stop): a second read says which.
    """
    group_id, day, task_id = ref
    target, the_day, task = await _checked_target(store, roadmaps, actor, ref, now)

    def outcome(kind: TickKind, count: int) -> TickOutcome:
        return TickOutcome(kind, group_id, target.roadmap_id, the_day, task, count)

    unchanged: TickKind = "already" if done else "not_done"
    if not target.member_active:
        return outcome("not_member", 0)
    if target.task_done == done:
        return outcome(unchanged, target.done_today)
    key = (actor.guild_id, group_id, actor.channel_id, actor.user_id, day, task_id)
    if done:
        count = await store.add_tick_counted(*key, now)
    else:
        count = await store.remove_tick_counted(*key)
    if count is not None:
        return outcome("done" if done else "undone", count)
    target, _, _ = await _checked_target(store, roadmaps, actor, ref, now)
    if not target.member_active:
        return outcome("not_member", 0)
    if target.task_done != done:  # not expected: every condition of the write held again
        raise ClickRaced()
    return outcome(unchanged, target.done_today)


async def tick(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    group_id: int,
    day: int,
    task_id: str,
    now: datetime,
) -> TickOutcome:
    """Mark a task done (committed before returning); a second call answers ``already``."""
    return await _set_tick(store, roadmaps, actor, (group_id, day, task_id), now, done=True)


async def untick(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    group_id: int,
    day: int,
    task_id: str,
    now: datetime,
) -> TickOutcome:
    """Undo a tick (the Undo button); ``not_done`` if there was nothing to undo."""
    return await _set_tick(store, roadmaps, actor, (group_id, day, task_id), now, done=False)


@dataclass(frozen=True, slots=True)
class TodayView:
    group: Group
    roadmap: Roadmap
    day: Day | None
    """None before day 1 is released."""
    done: frozenset[str]
    released: int
    next_day_at: datetime | None


async def today(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, now: datetime
) -> TodayView:
    group = await member_group(store, actor)
    roadmap = roadmap_of(roadmaps, group)
    schedule = await schedule_of(store, group, roadmap)
    released = day_at(schedule, now)
    upcoming = next_release(schedule, now)
    if released == 0:
        return TodayView(group, roadmap, None, frozenset(), 0, upcoming[1] if upcoming else None)
    current = roadmap.day(roadmap.current_day(released))
    ticks = await store.ticks(actor.guild_id, group.id, actor.user_id)
    done = frozenset(t.task_id for t in ticks if t.day == current.number)
    return TodayView(group, roadmap, current, done, released, upcoming[1] if upcoming else None)


@dataclass(frozen=True, slots=True)
class CheckinOutcome:
    group: Group
    checkin: Checkin
    created: bool
    streak: int
    timezone: str
    counted: bool = True
    """False for a check-in that earns no points or streak day (0 minutes, or dated before
    the group's first day; ``scoring.counts``)."""
    freezes_left: int | None = None
    """Streak freezes the member has left this month (None: the group gives none)."""


async def checkin(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    note: str | None,
    minutes: int | None,
    now: datetime,
    group_id: int | None = None,
) -> CheckinOutcome:
    """Check in once per local day (the member's zone, else the group's); again edits it."""
    if group_id is None:
        group = await member_group(store, actor)
    else:
        group = await _button_group(store, actor, group_id)
    member = await store.get_member(actor.guild_id, group.id, actor.user_id)
    if member is None or not member.active:
        raise JoinFirst(group.roadmap_id)
    if note is not None and len(note) > limits.CHECKIN_NOTE_MAX:
        raise NoteTooLong(limits.CHECKIN_NOTE_MAX)
    if minutes is not None and not 0 <= minutes <= MINUTES_MAX:
        raise BadMinutes(MINUTES_MAX)
    tz = member.timezone or group.timezone
    day: date = local_date(now, tz)
    row, created = await store.upsert_checkin(
        actor.guild_id, group.id, actor.user_id, day, note, minutes, now
    )
    roadmap = roadmap_of(roadmaps, group)
    schedule = await schedule_of(store, group, roadmap)
    rows = await store.checkins(actor.guild_id, group.id, actor.user_id)
    dates = {c.local_date for c in rows if counts(c.local_date, c.minutes, group.start_date)}
    rules = await group_rules(store, group, schedule, actor.user_id)
    on_break = rules.on_break(actor.user_id)
    streaks = after_checkin(dates, day, rules.is_study, freezes=rules.freezes, on_break=on_break)
    now_walk = walk_to(dates, day, rules.is_study, freezes=rules.freezes, on_break=on_break)
    left = freezes_left(now_walk, day, rules.freezes) if rules.freezes else None
    if streaks is None:
        return CheckinOutcome(group, row, created, 0, tz, counted=False, freezes_left=left)
    # The leaderboard reads the stored walk instead of every check-in.
    stored = streaks.stored
    await store.set_streak(
        actor.guild_id,
        group.id,
        actor.user_id,
        streaks.latest,
        stored.streak,
        stored.used,
        rules.freezes,
    )
    counted = counts(row.local_date, row.minutes, group.start_date)
    return CheckinOutcome(
        group, row, created, streaks.shown, tz, counted=counted, freezes_left=left
    )
