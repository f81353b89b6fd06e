"""Per-group daily jobs on APScheduler, re-derived from the database at every start.

Each running group has a ``CronTrigger`` job at its local post time (stable id ``group:<id>``,
``replace_existing``) and a one-shot job at the exact next release instant (``group:<id>:next``),
because ``CronTrigger`` fires a repeated local time twice and shifts a missing one by an hour.
Either job only asks the poster to post what is due; the (group, day) ledger makes a second
firing a no-op. Jobs live in memory only: nothing is pickled, the database is the truth.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.services.schedule import zone
from bot.store import Group

log = logging.getLogger(__name__)

# A job that could not run on time (event loop busy, clock jump) still runs within this window;
# what it posts is decided by the ledger (same local day: late post; otherwise the catch-up rule).
MISFIRE_GRACE_S = 6 * 3600

RunGroup = Callable[[int, int], Awaitable[object]]


def new_scheduler() -> AsyncIOScheduler:
    return AsyncIOScheduler(
        timezone="UTC",
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_S,
        },
    )


def job_id(group_id: int) -> str:
    return f"group:{group_id}"


class DailyJobs:
    """The scheduler's jobs for groups; ``run(guild_id, group_id)`` does the posting."""

    def __init__(self, scheduler: AsyncIOScheduler, run: RunGroup) -> None:
        self.scheduler = scheduler
        self._run = run

    def schedule(self, group: Group) -> None:
        """(Re)create the group's daily job, or remove it if the group no longer runs."""
        if not group.running:
            self.remove(group.id)
            return
        trigger = CronTrigger(
            hour=group.post_time.hour,
            minute=group.post_time.minute,
            timezone=zone(group.timezone),
        )
        self.scheduler.add_job(
            self._run,
            trigger,
            args=(group.guild_id, group.id),
            id=job_id(group.id),
            name=f"daily post of group {group.id}",
            replace_existing=True,
        )

    def arm_next(self, group: Group, when: datetime | None) -> None:
        """A one-shot job at the exact next release instant (DST-proof)."""
        next_id = job_id(group.id) + ":next"
        if when is None:
            if self.scheduler.get_job(next_id) is not None:
                self.scheduler.remove_job(next_id)
            return
        self.scheduler.add_job(
            self._run,
            DateTrigger(run_date=when),
            args=(group.guild_id, group.id),
            id=next_id,
            name=f"next post of group {group.id}",
            replace_existing=True,
        )

    def remove(self, group_id: int) -> None:
        for jid in (job_id(group_id), job_id(group_id) + ":next"):
            if self.scheduler.get_job(jid) is not None:
                self.scheduler.remove_job(jid)

    def rebuild(self, groups: Iterable[Group]) -> int:
        """Make the jobs match ``groups`` exactly; returns how many groups are scheduled."""
        wanted = {g.id: g for g in groups if g.running}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("group:") and int(job.id.split(":")[1]) not in wanted:
                job.remove()
        for group in wanted.values():
            self.schedule(group)
        log.info("scheduled daily posts for %d groups", len(wanted))
        return len(wanted)

    def next_run(self, group_id: int) -> datetime | None:
        job = self.scheduler.get_job(job_id(group_id))
        return None if job is None else job.next_run_time
