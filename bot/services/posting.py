"""What a group should post now, decided from the (group, day) ledger, never from the trigger.

Rules (README "Reliability"):
- The latest released day is posted once. If the bot was down at post time but it is still the
  same local day, it is posted on start-up, marked late.
- A day whose whole local date passed without a post (bot down all day) is posted as a catch-up
  only if the group has ``catch_up`` on; otherwise it is recorded as ``missed`` and shown in
  ``/roadmap status``. Days released before the group was created are neither.
- The summary day (``Roadmap.summary_day``) posts the final summary; after it is sent the
  group is ``finished``.
- A claimed post is delivered exactly once (``bot/daily/delivery.py``): each send attempt is
  recorded before it leaves, and a post claimed but never confirmed (a crash mid-send) is
  first searched for in the channel where an earlier attempt could have landed, then re-sent
  with the same nonce.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.roadmaps import Roadmap
from bot.services.context import schedule_from, schedule_of
from bot.services.progress import Row, ranked_rows
from bot.services.schedule import (
    Schedule,
    day_at,
    local_date,
    next_release,
    release_instant,
)
from bot.shards import ShardSet
from bot.store import Group, Post, PostSpan, Store

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(minutes=5)
CATCH_UP_DAYS = 7
PRE_CREATION_SLACK = timedelta(minutes=1)
"""Days released more than this before the group was created are neither posted nor missed."""
PostKind = Literal["day", "summary"]


def post_nonce(group_id: int, day: int) -> str:
    """Stable per (group, day): a resend after a crash is deduplicated by Discord too."""
    return f"sb{group_id}d{day}"


def legacy_footer(group_id: int, day: int) -> str:
    """The footer posts carried before they were recognised by their buttons; posts already in
    channels with it are still recognised by it."""
    return f"studybot g{group_id} d{day}"


@dataclass(frozen=True, slots=True)
class PostPlan:
    group: Group
    roadmap: Roadmap
    day: int
    kind: PostKind
    late: bool
    catch_up: bool
    post: Post
    """The claimed ledger row (with its recorded send attempts)."""
    due: datetime | None = None
    """When the day was released (a catch-up post says which day it stands for)."""


async def plan_posts(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, now: datetime
) -> list[PostPlan]:
    """Claim and return the posts due for ``group`` now, oldest first; records missed days."""
    roadmap = roadmaps.get(group.roadmap_id)
    if roadmap is None or group.state != "active":
        return []
    schedule = await schedule_of(store, group, roadmap)
    latest = day_at(schedule, now)
    if latest == 0:
        return []
    existing = {p.day: p for p in await store.posts(group.guild_id, group.id)}
    today = local_date(now, group.timezone)
    plans: list[PostPlan] = []
    first = max(1, latest - CATCH_UP_DAYS)
    for day in range(1, latest + 1):
        post = existing.get(day)
        if post is not None and post.state == "failed" and day == latest:
            post = await store.reclaim_post(group.guild_id, group.id, day)
        if post is not None and post.state != "claimed":
            continue
        released = release_instant(schedule, day)
        if released < group.created_at - PRE_CREATION_SLACK and day < latest:
            continue
        same_day = local_date(released, group.timezone) == today
        if post is None and not same_day and day < first:
            await store.record_missed_post(
                group.guild_id, group.id, day, post_nonce(group.id, day), now
            )
            continue
        if post is None and not same_day and not group.catch_up:
            if await store.record_missed_post(
                group.guild_id, group.id, day, post_nonce(group.id, day), now
            ):
                log.warning("group %s day %s was missed (bot down all day)", group.id, day)
            continue
        late = now - released > LATE_AFTER and released >= group.created_at
        if post is None:
            post = await store.claim_post(
                group.guild_id, group.id, day, post_nonce(group.id, day), now, late=late
            )
            if post is None:
                continue
        kind: PostKind = "summary" if roadmap.is_summary(day) else "day"
        plans.append(PostPlan(group, roadmap, day, kind, late, not same_day, post, released))
    return plans


@dataclass(frozen=True, slots=True)
class Summary:
    group: Group
    roadmap: Roadmap
    members: int
    completion: int
    """Percent of all tasks done by all current members."""
    top: tuple[Row, ...]


async def final_summary(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, now: datetime, top: int = 3
) -> Summary:
    roadmap = roadmaps[group.roadmap_id]
    total = roadmap.task_count
    schedule = await schedule_of(store, group, roadmap)
    today = local_date(now, group.timezone)
    days = (1, roadmap.total_days)
    rows = await ranked_rows(store, group, schedule, days, total, today, None)
    all_done = sum(r.done for r in rows)
    completion = round(100 * all_done / (total * len(rows))) if rows and total else 0
    return Summary(group, roadmap, len(rows), completion, rows[:top])


async def next_post_at(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, now: datetime
) -> datetime | None:
    """When the group's next day is released (None when paused, finished or unknown)."""
    roadmap = roadmaps.get(group.roadmap_id)
    if roadmap is None or group.state != "active":
        return None
    upcoming = next_release(await schedule_of(store, group, roadmap), now)
    return None if upcoming is None else upcoming[1]


async def record_attempt(
    store: Store, plan: PostPlan, search_from: datetime, attempt_at: datetime
) -> None:
    """A send attempt of the claimed post starts now; committed before the request leaves."""
    await store.record_post_attempt(
        plan.group.guild_id, plan.group.id, plan.day, search_from, attempt_at
    )


async def confirm(store: Store, plan: PostPlan, message_id: int, now: datetime) -> None:
    await store.confirm_post(plan.group.guild_id, plan.group.id, plan.day, message_id, now)
    if plan.group.problem is not None:
        # The channel accepts posts again: a problem shown in the status is no longer true.
        await store.set_group_problem(plan.group.guild_id, plan.group.id, None)
    if plan.kind == "summary":
        await store.set_group_state(plan.group.guild_id, plan.group.id, "finished", now)
        log.info("group %s finished", plan.group.id)


ProblemKind = Literal["missing_access", "not_found", "other"]


@dataclass(frozen=True, slots=True)
class ChannelProblem:
    """Why a group's channel refused its post, shown in ``/roadmap status`` in the reader's
    language. Stored in the group's ``problem`` column as ``<kind>:<Discord's words>``."""

    kind: ProblemKind
    said: str
    """Discord's own words (or the HTTP status)."""

    def encode(self) -> str:
        return f"{self.kind}:{self.said}"

    @classmethod
    def decode(cls, stored: str) -> ChannelProblem:
        """The problem a stored text says (text stored by an older studybot is ``other``)."""
        kind, sep, said = stored.partition(":")
        if sep and kind in ("missing_access", "not_found"):
            return cls(kind, said)  # type: ignore[arg-type]
        return cls("other", stored)


def problem_of(group: Group) -> ChannelProblem | None:
    return None if group.problem is None else ChannelProblem.decode(group.problem)


async def fail(store: Store, plan: PostPlan, problem: ChannelProblem, now: datetime) -> None:
    """The channel refused the post (403/404): mark the day failed, pause the group so its
    days stop counting, and keep the reason for ``/roadmap status``. Other groups go on.
    Resuming the group retries the day."""
    stored = problem.encode()
    await store.mark_post(plan.group.guild_id, plan.group.id, plan.day, "failed", stored)
    await store.set_group_problem(plan.group.guild_id, plan.group.id, stored)
    if plan.group.state == "active":
        await store.set_group_state(plan.group.guild_id, plan.group.id, "paused", now)


# -- start-up reconciliation: which groups have anything to do -----------------------------


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Every running group, split by whether ``plan_posts`` could find anything to do now."""

    checked: int
    due: tuple[Group, ...]
    """Groups to run through the whole posting path (``plan_posts``, send, confirm), by id."""
    idle: tuple[tuple[Group, datetime | None], ...]
    """The others, each with the instant its next day is released (None: paused, finished,
    held back by an open pause or roadmap not loaded), for its one-shot job."""


async def reconcile(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    now: datetime,
    shards: ShardSet | None = None,
) -> Reconciliation:
    """Check every running group of every server of ``shards`` (default: all) at once: three
    reads, then pure Python.

    ``plan_posts`` costs several round trips per group even when all its posts are done, so
    start-up runs it only for the groups in ``due``: those whose ledger might need a claim, a
    missed-day record, a resend or a retry (``has_work``, which errs towards ``due``).
    ``plan_posts`` still decides, claims and records for those, so the rules stay in one place.
    Groups with the same schedule (roadmap length, start, post time, zone, pace, pauses) share
    its released day and next release, computed once.
    """
    mine = shards or ShardSet.all()
    groups = await store.running_groups_all_guilds(mine)
    pauses = await store.pauses_all_guilds(mine)
    spans = await store.post_spans_all_guilds(mine)
    due: list[Group] = []
    idle: list[tuple[Group, datetime | None]] = []
    released: dict[Schedule, tuple[int, datetime | None]] = {}
    for group in groups:
        roadmap = roadmaps.get(group.roadmap_id)
        if roadmap is None or group.state != "active":  # plan_posts: nothing; next_post_at: None
            idle.append((group, None))
            continue
        try:
            schedule = schedule_from(group, roadmap, pauses.get(group.id, ()))
            known = released.get(schedule)
            if known is None:
                latest = day_at(schedule, now)
                known = released[schedule] = (latest, _release_or_none(schedule, latest + 1))
            latest, upcoming = known
            work = has_work(group, schedule, latest, spans.get(group.id))
        except Exception:  # e.g. a zone this machine does not know
            work = True  # the full path fails (and is logged) for this group alone
        if work:
            due.append(group)
        else:
            idle.append((group, upcoming))
    return Reconciliation(len(groups), tuple(due), tuple(idle))


def has_work(group: Group, schedule: Schedule, latest: int, span: PostSpan | None) -> bool:
    """Whether ``plan_posts`` could claim, record, resend or reclaim anything for an active
    group whose ``latest`` day is released and whose ledger looks like ``span``.

    False only when days ``1..latest`` are settled: each has a sent, missed or (before the
    latest) failed row, or was released before the group was created (``plan_posts`` skips
    those and writes no row). Anything else, including a ledger with gaps, is True.
    """
    if latest == 0:
        return False
    if span is None or span.last_day < latest or span.first_day > latest:
        return True  # the latest day has no row: it is always claimed
    if any(day <= latest for day in span.claimed) or latest in span.failed:
        return True  # a resend after a crash, or a retry after /roadmap resume
    if span.rows != span.last_day - span.first_day + 1:
        return True  # a gap in the ledger: let plan_posts look at every day
    if span.first_day == 1:
        return False
    # Days 1..first_day-1 have no row: settled only if released before the group was created
    # (release instants grow with the day, so checking the last of them is enough).
    before = _release_or_none(schedule, span.first_day - 1)
    return before is None or before >= group.created_at - PRE_CREATION_SLACK


def _release_or_none(schedule: Schedule, day: int) -> datetime | None:
    if day > schedule.summary_day:
        return None
    try:
        return release_instant(schedule, day)
    except ValueError:  # held back by an open pause
        return None
