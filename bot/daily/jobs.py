"""Per-group jobs on APScheduler, re-derived from the database at every start.

Each active group has a ``CronTrigger`` job at its local post time and, when its exact next
release instant is not the instant that job fires next, a one-shot job at that instant
(``CronTrigger`` fires a repeated local time twice and shifts a missing one by an hour; a
group that skips weekends or has a pause is released on other days); a send that failed
transiently adds a one-shot retry job. Ids come from ``JobKey`` (``replace_existing``: one
job per id). Every job only asks for the group to be run; the (group, day) ledger makes a
second firing a no-op. Jobs live in memory only (``InstantJobStore``): nothing is pickled,
the database is the truth.

Fire times this module computes come from the injected clock; APScheduler then runs the jobs
by its own wall clock.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_RUNNING, BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.daily.job_ids import JobKey, of_group
from bot.daily.job_store import InstantJobStore
from bot.services.zones import zone
from bot.store import Group

log = logging.getLogger(__name__)

MISFIRE_GRACE_S = 6 * 3600
"""A job that could not run on time (event loop busy, clock jump) still runs within this
window; what it posts is decided by the ledger (same local day: a late post; otherwise the
catch-up rule)."""

RunGroup = Callable[[int, int], Awaitable[object]]
"""What every job calls: ``run(guild_id, group_id)``."""


def new_scheduler() -> AsyncIOScheduler:
    """The bot's scheduler: jobs in memory (``InstantJobStore``), times in UTC."""
    return AsyncIOScheduler(
        jobstores={"default": InstantJobStore()},
        timezone="UTC",
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_S,
        },
    )


def signed(run: RunGroup) -> RunGroup:
    """``run`` as a coroutine function that carries its signature, computed once.

    APScheduler checks every new job's arguments against ``inspect.signature`` of its callable,
    which for a bound method is rebuilt each time (about a third of the cost of ``add_job``).
    Every job kind added per group at start-up (daily posts, digests) goes through it.
    """

    async def run_group(guild_id: int, group_id: int) -> object:
        return await run(guild_id, group_id)

    run_group.__signature__ = inspect.signature(run_group)  # type: ignore[attr-defined]
    return run_group


@contextmanager
def paused(scheduler: AsyncIOScheduler) -> Iterator[None]:
    """Add many jobs with one wake-up of the scheduler instead of one per job.

    A running APScheduler re-plans (a thread-safe wake-up of the event loop) on every
    ``add_job``. Callers add jobs synchronously inside, so the event loop never sees the pause:
    no job can come due unnoticed, and the scheduler re-plans once on ``resume``.
    """
    running = scheduler.state == STATE_RUNNING
    if running:
        scheduler.pause()
    try:
        yield
    finally:
        if running:
            scheduler.resume()


_JOB_STATE = tuple(slot for slot in Job.__slots__ if slot != "__weakref__")


def job_name(kind: str, group_id: int) -> str:
    """A job's name in APScheduler's log lines (never shown to a member)."""
    return f"{kind} of group {group_id}"


def add_alike(
    scheduler: BaseScheduler, template: Job, job_id: str, name: str, args: tuple[int, int]
) -> Job:
    """A job like ``template`` (same function, trigger, options and next fire time) but for
    ``args``, with ``job_id`` (replacing a job of that id) and ``name``.

    Start-up adds a job per group and most share a trigger and first fire time with others:
    ``add_job`` would check the same function, arguments and options for each (about two thirds
    of its cost, 14 µs a job). The template was added with ``add_job``, so it passed those
    checks; its copy goes straight into the template's job store. It is a plain APScheduler
    ``Job``, found, moved, run and removed like any other; no job-added event is sent for it
    (nothing in the bot listens for those), and the scheduler is woken by the batch's end
    (``paused``).
    """
    if template._jobstore_alias is None:  # a scheduler not started yet keeps jobs pending
        extra = {}
        if hasattr(template, "next_run_time"):
            extra["next_run_time"] = template.next_run_time
        return scheduler.add_job(
            template.func,
            template.trigger,
            args=args,
            id=job_id,
            name=name,
            replace_existing=True,
            **extra,
        )
    job = Job.__new__(Job)
    for slot in _JOB_STATE:
        setattr(job, slot, getattr(template, slot))
    job.id = job_id
    job.name = name
    job.args = args
    store = scheduler._lookup_jobstore(template._jobstore_alias)
    try:
        store.add_job(job)
    except ConflictingIdError:
        store.update_job(job)
    return job


def _fires_at(job: Job | None, when: datetime) -> bool:
    """Whether ``job`` fires next at the instant ``when`` (compared as timestamps: an aware
    datetime in a repeated hour with ``fold=1`` never equals one of another zone)."""
    fires: datetime | None = None if job is None else job.next_run_time
    return fires is not None and fires.timestamp() == when.timestamp()


class DailyJobs:
    """The scheduler's jobs for groups; ``run(guild_id, group_id)`` does the posting.

    Start-up schedules a job per active group (10,000 for 10,000 groups; more for the few
    whose next release needs its own), so the batch methods keep APScheduler's per-job cost
    down: groups with the same local post time share one ``CronTrigger`` (building one
    compiles its fields), the first job added with it is copied for the others (its first fire
    time and checks done once: ``add_alike``), the job function's signature is computed once
    (``signed``), and the scheduler is paused while jobs are added (``paused``). Job ids,
    triggers and fire times are the same as one ``add_job`` per job would give.
    """

    def __init__(self, scheduler: AsyncIOScheduler, run: RunGroup, clock: Clock) -> None:
        self.scheduler = scheduler
        self._run = signed(run)
        self._clock = clock
        self._triggers: dict[tuple[int, int, str], CronTrigger] = {}

    def _daily_trigger(self, group: Group) -> CronTrigger:
        """One shared trigger per local post time and zone; triggers hold no per-job state."""
        key = (group.post_time.hour, group.post_time.minute, group.timezone)
        trigger = self._triggers.get(key)
        if trigger is None:
            trigger = CronTrigger(hour=key[0], minute=key[1], timezone=zone(group.timezone))
            self._triggers[key] = trigger
        return trigger

    def _add(self, key: JobKey, group: Group, trigger: Any, name: str, **extra: Any) -> Job:
        return self.scheduler.add_job(
            self._run,
            trigger,
            args=(group.guild_id, group.id),
            id=key.id,
            name=job_name(name, group.id),
            replace_existing=True,
            **extra,
        )

    def _remove(self, key: JobKey) -> None:
        if self.scheduler.get_job(key.id) is not None:
            self.scheduler.remove_job(key.id)

    def _add_daily(self, group: Group, alike: dict[CronTrigger, Job]) -> None:
        """The group's daily job; ``alike`` holds, per trigger, the first job a batch added
        with it (its first fire time computed once), which the others copy (``add_alike``)."""
        trigger = self._daily_trigger(group)
        template = alike.get(trigger)
        if template is not None:
            key = JobKey(group.id)
            args = (group.guild_id, group.id)
            add_alike(self.scheduler, template, key.id, job_name("daily post", group.id), args)
            return
        now = self._clock().astimezone(trigger.timezone)
        when = trigger.get_next_fire_time(None, now)
        extra: dict[str, Any] = {} if when is None else {"next_run_time": when}
        alike[trigger] = self._add(JobKey(group.id), group, trigger, "daily post", **extra)

    def daily(self, group: Group) -> None:
        """(Re)create the group's daily job at its current post time and zone."""
        self._add_daily(group, {})

    def arm_next(self, group: Group, when: datetime | None) -> None:
        """A one-shot job at the exact next release instant (DST-proof); None removes it, and
        so does an instant the group's daily job fires at next anyway (most days of most
        groups: one job per group instead of two)."""
        key = JobKey(group.id, "next")
        daily = self.scheduler.get_job(JobKey(group.id).id)
        if when is None or _fires_at(daily, when):
            self._remove(key)
            return
        self._add(key, group, DateTrigger(run_date=when), "next post")

    def arm_next_many(self, items: Iterable[tuple[Group, datetime | None]]) -> int:
        """``arm_next`` for many groups in one batch; a job already armed at that instant is
        left alone (a reconnect re-checks every group). Returns how many jobs were added,
        replaced or removed."""
        changed = 0
        with paused(self.scheduler):
            jobs = {job.id: job for job in self.scheduler.get_jobs()}
            for group, when in items:
                key = JobKey(group.id, "next")
                job = jobs.get(key.id)
                if when is not None and _fires_at(jobs.get(JobKey(group.id).id), when):
                    when = None  # the daily job posts it
                if when is None:
                    if job is not None:
                        job.remove()
                        changed += 1
                elif job is None or not _fires_at(job, when):
                    self._add(key, group, DateTrigger(run_date=when), "next post")
                    changed += 1
        return changed

    def retry(self, group: Group, delay_s: float) -> datetime:
        """A one-shot job ``delay_s`` seconds from now (the injected clock); its fire time."""
        when = self._clock() + timedelta(seconds=delay_s)
        self._add(JobKey(group.id, "retry"), group, DateTrigger(run_date=when), "retry post")
        return when

    def remove_group(self, group_id: int) -> None:
        """Every job of the group, whatever its kind."""
        for job in self.scheduler.get_jobs():
            if of_group(job.id, group_id):
                job.remove()

    def rebuild(self, groups: Iterable[Group]) -> int:
        """Make the daily jobs match the active ``groups`` exactly and drop every job of any
        other group; returns how many groups are scheduled."""
        wanted = {g.id: g for g in groups if g.state == "active"}
        alike: dict[CronTrigger, Job] = {}
        with paused(self.scheduler):
            for job in self.scheduler.get_jobs():
                key = JobKey.parse(job.id)
                if key is not None and key.group_id not in wanted:
                    job.remove()
            for group in wanted.values():
                self._add_daily(group, alike)
        log.info("scheduled daily posts for %d groups", len(wanted))
        return len(wanted)
