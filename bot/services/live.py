"""Live completion on a day post: how many members did each task of the day, and the day.

A day post is edited live (``bot/daily/live.py``) while it is at most ``LIVE_FOR`` old (from
when it was sent); older posts keep what they last showed. The counts are of the group's
current members: one who left no longer counts, one who joined counts from then on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.roadmaps import Day, Roadmap
from bot.services.context import schedule_of
from bot.services.posting import PostPlan
from bot.services.schedule import local_date, release_instant
from bot.store import Store
from bot.store.features.live import DayTicks

LIVE_FOR = timedelta(days=7)
"""Posts are edited live for this long after they were sent."""


@dataclass(frozen=True, slots=True)
class DayCompletion:
    members: int
    """Current members of the group."""
    per_task: tuple[int, ...]
    """Members who did each of the day's tasks, in the day's order."""
    complete: int
    """Members who did every task of the day."""


@dataclass(frozen=True, slots=True)
class LiveDay:
    """A day post to edit: how it was posted (``plan``, to render it the same), where, and its
    counts now."""

    plan: PostPlan
    channel_id: int
    message_id: int
    completion: DayCompletion


def completion_of(day: Day, ticks: DayTicks) -> DayCompletion:
    ids = [t.id for t in day.tasks]
    per_task = tuple(sum(1 for done in ticks.done.values() if task in done) for task in ids)
    every = frozenset(ids)
    complete = sum(1 for done in ticks.done.values() if every and every <= done)
    return DayCompletion(ticks.members, per_task, complete)


async def live_days(store: Store, guild_id: int, group_id: int, now: datetime) -> list[int]:
    """The days whose posts are still edited live (sent within ``LIVE_FOR``)."""
    return [
        p.day
        for p in await store.posts(guild_id, group_id)
        if p.state == "sent"
        and p.message_id is not None
        and now - (p.sent_at or p.claimed_at) <= LIVE_FOR
    ]


async def day_completion(store: Store, plan: PostPlan) -> DayCompletion | None:
    """The counts a day post shows when it is sent (None for the summary)."""
    if plan.kind != "day":
        return None
    ticks = await store.day_ticks(plan.group.guild_id, plan.group.id, plan.day)
    return completion_of(plan.roadmap.day(plan.day), ticks)


async def live_day(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    guild_id: int,
    group_id: int,
    day: int,
    now: datetime,
) -> LiveDay | None:
    """The day post to edit now, or None if there is none to edit any more: the group is gone
    or stopped, the day was never sent, it is the summary, or it was sent more than
    ``LIVE_FOR`` ago."""
    group = await store.get_group(guild_id, group_id)
    if group is None or group.state == "stopped":
        return None
    roadmap = roadmaps.get(group.roadmap_id)
    if roadmap is None or not 1 <= day <= roadmap.total_days or roadmap.is_summary(day):
        return None
    post = next((p for p in await store.posts(guild_id, group_id) if p.day == day), None)
    if post is None or post.state != "sent" or post.message_id is None:
        return None
    if now - (post.sent_at or post.claimed_at) > LIVE_FOR:
        return None
    schedule = await schedule_of(store, group, roadmap)
    released = release_instant(schedule, day)
    catch_up = local_date(released, group.timezone) != local_date(post.claimed_at, group.timezone)
    plan = PostPlan(group, roadmap, day, "day", post.late, catch_up, post, released)
    ticks = await store.day_ticks(guild_id, group_id, day)
    return LiveDay(plan, group.channel_id, post.message_id, completion_of(roadmap.day(day), ticks))
