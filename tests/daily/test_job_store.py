"""``InstantJobStore`` answers the scheduler exactly as APScheduler's ``MemoryJobStore`` does,
over a long random run of adds, moves, pauses and removals, and in a real scheduler."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.daily.job_store import InstantJobStore
from bot.daily.jobs import new_scheduler

BASE = datetime(2031, 7, 14, 8, 0, tzinfo=UTC)


def jobs_for(scheduler: AsyncIOScheduler) -> dict[str, Job]:
    """Real ``Job`` objects (the stores only read ``id`` and ``next_run_time``)."""

    async def noop() -> None:
        return None

    return {
        f"group:{i}": Job(
            scheduler, id=f"group:{i}", func=noop, args=(), kwargs={}, trigger=DateTrigger(BASE)
        )
        for i in range(60)
    }


def when(rng: random.Random) -> datetime | None:
    """Few distinct instants (as groups share post times), now and then none (paused)."""
    if rng.random() < 0.1:
        return None
    return BASE + timedelta(minutes=rng.randrange(12))


def same_answers(ours: InstantJobStore, theirs: MemoryJobStore, now: datetime) -> None:
    assert [j.id for j in ours.get_all_jobs()] == [j.id for j in theirs.get_all_jobs()]
    assert [j.id for j in ours.get_due_jobs(now)] == [j.id for j in theirs.get_due_jobs(now)]
    assert ours.get_next_run_time() == theirs.get_next_run_time()


def test_a_random_run_gives_memory_job_stores_answers() -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    jobs = jobs_for(scheduler)
    ours, theirs = InstantJobStore(), MemoryJobStore()
    rng = random.Random(17)
    stored: set[str] = set()
    for step in range(3000):
        job = jobs[rng.choice(sorted(jobs))]
        action = rng.random()
        if job.id not in stored or action < 0.2:
            if job.id in stored:
                ours.remove_job(job.id)
                theirs.remove_job(job.id)
                stored.discard(job.id)
                continue
            job.next_run_time = when(rng)
            ours.add_job(job)
            theirs.add_job(job)
            stored.add(job.id)
        else:
            job.next_run_time = when(rng)
            ours.update_job(job)
            theirs.update_job(job)
        if step % 25 == 0:
            same_answers(ours, theirs, BASE + timedelta(minutes=rng.randrange(-1, 13)))
        assert ours.lookup_job(job.id) is theirs.lookup_job(job.id)
    assert stored and len(ours.get_all_jobs()) == len(stored)
    ours.remove_all_jobs()
    assert ours.get_all_jobs() == [] and ours.get_next_run_time() is None


def test_the_same_errors() -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    job = jobs_for(scheduler)["group:1"]
    job.next_run_time = BASE
    store = InstantJobStore()
    store.add_job(job)
    with pytest.raises(ConflictingIdError):
        store.add_job(job)
    store.remove_job(job.id)
    with pytest.raises(JobLookupError):
        store.remove_job(job.id)
    with pytest.raises(JobLookupError):
        store.update_job(job)
    assert store.lookup_job(job.id) is None


async def test_the_bots_scheduler_runs_due_jobs_from_it() -> None:
    scheduler = new_scheduler()
    scheduler.start()
    ran: list[int] = []
    done = asyncio.Event()

    async def run(n: int) -> None:
        ran.append(n)
        if len(ran) == 3:
            done.set()

    try:
        assert isinstance(scheduler._lookup_jobstore("default"), InstantJobStore)
        past = datetime.now(UTC) - timedelta(seconds=1)
        later = datetime.now(UTC) + timedelta(days=1)
        for n, at in ((1, past), (2, past), (3, later), (4, past)):
            scheduler.add_job(run, DateTrigger(at), args=(n,), id=f"job{n}")
        await asyncio.wait_for(done.wait(), 5)
        assert sorted(ran) == [1, 2, 4]
        assert [j.id for j in scheduler.get_jobs()] == ["job3"]
    finally:
        scheduler.shutdown(wait=False)
