"""Run the bot's scheduler on simulated time.

APScheduler fires jobs by the wall clock, and computes a job's next fire time from the moment it
fired, so it cannot run on a clock that jumps a week in a second. The time machine takes its
place: the scheduler is started paused (so it never fires anything itself; the bot adds, replaces
and removes jobs in it as always), and a move to a target instant goes step by step: set the
clock to the earliest job's next fire time, reschedule that job from there exactly as APScheduler
would (a cron job to its next fire time, a one-shot job removed), run it and wait for it to
finish, and repeat until no job is due before the target; then set the clock to the target.

Any job is handled this way, whatever it does: daily posts today, and reminders or digests
tomorrow, as long as its fire times come from the injected clock (``bot/daily/jobs.py``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger

from emulator.http_util import JSON
from sandbox.clock import SimClock

log = logging.getLogger(__name__)

NEXT_POST_HORIZON = timedelta(days=62)
""""Next post" looks this far ahead at most (a paused or finished group posts nothing)."""
MAX_RUNS_PER_MOVE = 20_000
"""A job that keeps re-arming itself at the same instant would otherwise spin forever."""


class TimeMachine:
    """Moves ``clock`` and runs ``scheduler``'s jobs that fall due, in order; the emulator's
    ``TimeTravel`` (``emu.time.use(machine)``). ``posted()`` counts the bot's messages so far,
    which tells "next post" when it got there; ``settle()`` waits for interactions in flight
    before time jumps."""

    def __init__(
        self,
        clock: SimClock,
        scheduler: AsyncIOScheduler,
        *,
        posted: Callable[[], int],
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.clock = clock
        self.scheduler = scheduler
        self.posted = posted
        self.settle = settle
        self.runs = 0
        """Jobs run so far."""
        if scheduler.state == STATE_STOPPED:
            scheduler.start(paused=True)  # the bot's start-up leaves a running scheduler alone
        else:
            scheduler.pause()
        self._zones: list[str] = []

    # ---- what is scheduled -----------------------------------------------------------------
    def _jobs(self) -> list[Job]:
        return [j for j in self.scheduler.get_jobs() if j.next_run_time is not None]

    def next_fire(self) -> datetime | None:
        """When the earliest job fires next (None: nothing is scheduled)."""
        times = [j.next_run_time for j in self._jobs()]
        return min(times) if times else None

    def _due(self, target: datetime) -> Job | None:
        due = [j for j in self._jobs() if j.next_run_time <= target]
        return min(due, key=lambda j: (j.next_run_time, j.id)) if due else None

    def zones(self) -> list[str]:
        """The zones groups post in (from their daily jobs), the last seen ones when none is
        scheduled now."""
        found = sorted(
            {str(j.trigger.timezone) for j in self._jobs() if isinstance(j.trigger, CronTrigger)}
        )
        if found:
            self._zones = found
        return self._zones

    def describe(self) -> JSON:
        nxt = self.next_fire()
        return {"zones": self.zones(), "next": None if nxt is None else nxt.isoformat()}

    # ---- moving ----------------------------------------------------------------------------
    async def advance(self, seconds: float) -> None:
        await self.advance_to(self.clock() + timedelta(seconds=seconds))

    async def advance_to(self, target: datetime) -> int:
        """Run every job due up to ``target`` at its own time, in order; the number run."""
        if self.settle is not None:
            await self.settle()
        runs = 0
        while (job := self._due(target)) is not None:
            if job.next_run_time > self.clock():
                self.clock.set(job.next_run_time)
            await self._run(job)
            runs += 1
            if runs >= MAX_RUNS_PER_MOVE:
                log.error("sandbox: %d jobs in one move; stopping at %s", runs, self.clock())
                return runs
        if target > self.clock():
            self.clock.set(target)
        return runs

    async def next_event(self) -> bool:
        """Move to the bot's next post: job by job until one posted something (a day post
        that falls on a skipped weekend posts nothing); False if nothing posts within
        ``NEXT_POST_HORIZON``, and then time has not moved."""
        before = self.posted()
        horizon = self.clock() + NEXT_POST_HORIZON
        while (when := self.next_fire()) is not None and when <= horizon:
            await self.advance_to(when)
            if self.posted() > before:
                return True
        return False

    async def _run(self, job: Job) -> None:
        """As APScheduler runs a due job: reschedule it first (the job may replace itself),
        then run it; a failure is logged and the move goes on."""
        run_time = job.next_run_time
        following = job.trigger.get_next_fire_time(run_time, self.clock())
        if following is None:
            job.remove()
        else:
            job.modify(next_run_time=following)
        self.runs += 1
        log.info("sandbox: %s at %s", job.name, run_time.isoformat())
        try:
            result = job.func(*job.args, **job.kwargs)
            if inspect.isawaitable(result):
                await result
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sandbox: job %r raised", job.name)
