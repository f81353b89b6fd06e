"""Daily jobs on the real APScheduler: what the batch paths (start-up) schedule is what one
``add_job`` per job gives, every fire time comes from the injected clock, and a group's jobs
go together."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from apscheduler.triggers.cron import CronTrigger

from bot.daily.job_ids import JobKey
from bot.daily.jobs import MISFIRE_GRACE_S, DailyJobs, new_scheduler
from bot.services.zones import zone
from tests.daily.conftest import FAR, Runs, group
from tests.e2e.conftest import FakeClock


def ids(scheduler: AsyncIOScheduler) -> list[str]:
    return sorted(job.id for job in scheduler.get_jobs())


async def test_rebuild_schedules_each_active_group_like_a_single_schedule(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    runs = Runs()
    jobs = DailyJobs(scheduler, runs, clock)
    jobs.daily(group(99))  # a group that no longer runs: its job goes
    jobs.arm_next(group(98), FAR + timedelta(hours=1))  # so do its other jobs
    active = [group(1), group(2), group(3, hour=7, tz="Asia/Shanghai")]
    others = [group(4, state="paused"), group(5, state="stopped"), group(6, state="finished")]
    assert jobs.rebuild([*active, *others]) == 3
    assert scheduler.state == STATE_RUNNING
    assert ids(scheduler) == [JobKey(g.id).id for g in active]
    for g in active:
        job = scheduler.get_job(JobKey(g.id).id)
        expected = CronTrigger(hour=g.post_time.hour, minute=30, timezone=zone(g.timezone))
        assert str(job.trigger) == str(expected)
        # the first fire time follows the injected clock, not the machine's
        assert job.next_run_time == expected.get_next_fire_time(None, FAR)
        assert job.args == (g.guild_id, g.id)
        assert job.misfire_grace_time == MISFIRE_GRACE_S == 6 * 3600
    assert scheduler.get_job("group:1").next_run_time == datetime(2031, 7, 14, 9, 30, tzinfo=UTC)
    # the same local post time and zone: one trigger object, shared
    assert scheduler.get_job("group:1").trigger is scheduler.get_job("group:2").trigger


async def test_one_daily_job_fires_from_the_injected_clock(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    jobs = DailyJobs(scheduler, Runs(), clock)
    clock.set(datetime(2031, 7, 14, 9, 31, tzinfo=UTC))  # just after today's 09:30
    jobs.daily(group(1))
    job = scheduler.get_job(JobKey(1).id)
    assert job.next_run_time == datetime(2031, 7, 15, 9, 30, tzinfo=UTC)
    jobs.daily(replace(group(1), timezone="Asia/Shanghai"))  # an edit replaces it
    (job,) = scheduler.get_jobs()
    assert job.next_run_time == datetime(2031, 7, 15, 1, 30, tzinfo=UTC)  # 09:30 UTC+8


async def test_retry_fires_a_delay_after_the_injected_clock(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    jobs = DailyJobs(scheduler, Runs(), clock)
    assert jobs.retry(group(1), 15.0) == FAR + timedelta(seconds=15)
    job = scheduler.get_job(JobKey(1, "retry").id)
    assert job.next_run_time == FAR + timedelta(seconds=15)
    assert job.args == (group(1).guild_id, 1)
    clock.advance(minutes=1)
    jobs.retry(group(1), 2.0)  # replaced, never doubled
    assert ids(scheduler) == ["group:1:retry"]
    assert scheduler.get_job("group:1:retry").next_run_time == FAR + timedelta(seconds=62)


async def test_remove_group_takes_every_kind_and_only_that_group(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    jobs = DailyJobs(scheduler, Runs(), clock)
    for g in (group(1), group(11), group(12)):
        jobs.daily(g)
        jobs.arm_next(g, FAR + timedelta(days=1))
        jobs.retry(g, 60)
    jobs.remove_group(1)
    assert ids(scheduler) == [
        "group:11",
        "group:11:next",
        "group:11:retry",
        "group:12",
        "group:12:next",
        "group:12:retry",
    ]
    jobs.remove_group(1)  # nothing left to remove: no error
    assert len(scheduler.get_jobs()) == 6


async def test_a_next_job_only_where_the_daily_job_does_not_fire_then(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    jobs = DailyJobs(scheduler, Runs(), clock)
    g = group(1)
    jobs.daily(g)
    daily_at = scheduler.get_job("group:1").next_run_time
    jobs.arm_next(g, daily_at)  # most days: the daily job posts it
    assert ids(scheduler) == ["group:1"]
    monday = daily_at + timedelta(days=3)  # a group that skips the weekend
    jobs.arm_next(g, monday)
    assert scheduler.get_job("group:1:next").next_run_time == monday
    jobs.arm_next(g, daily_at)
    assert ids(scheduler) == ["group:1"]
    assert jobs.arm_next_many([(g, daily_at)]) == 0 and ids(scheduler) == ["group:1"]
    assert jobs.arm_next_many([(g, monday)]) == 1
    jobs.arm_next_many([(g, daily_at)])
    assert ids(scheduler) == ["group:1"]

    # 01:30 comes twice in New York on 2031-11-02: after the first (05:30 UTC) the daily job
    # fires at the second (06:30 UTC), while the next release is the 3rd's 01:30
    clock.set(datetime(2031, 11, 2, 6, 0, tzinfo=UTC))
    new_york = group(2, hour=1, tz="America/New_York")
    jobs.daily(new_york)
    second = scheduler.get_job("group:2").next_run_time  # fold=1: compares by instant only in UTC
    assert second.astimezone(UTC) == datetime(2031, 11, 2, 6, 30, tzinfo=UTC)
    jobs.arm_next(new_york, second.astimezone(UTC))  # release instants are in UTC
    assert ids(scheduler) == ["group:1", "group:2"]
    release = datetime(2031, 11, 3, 6, 30, tzinfo=UTC)
    jobs.arm_next(new_york, release)
    assert scheduler.get_job("group:2:next").next_run_time == release


async def test_arm_next_many_adds_removes_and_keeps(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    jobs = DailyJobs(scheduler, Runs(), clock)
    soon = datetime.now(UTC) + timedelta(hours=1)
    later = soon + timedelta(days=1)
    assert jobs.arm_next_many([(group(1), soon), (group(2), soon), (group(3), None)]) == 2
    kept = scheduler.get_job("group:1:next")
    assert kept.next_run_time == soon and scheduler.get_job("group:3:next") is None
    # a reconnect re-checks: unchanged jobs are left alone, changed ones replaced or removed
    assert jobs.arm_next_many([(group(1), soon), (group(2), later), (group(3), None)]) == 1
    assert scheduler.get_job("group:1:next") is kept
    assert scheduler.get_job("group:2:next").next_run_time == later
    assert jobs.arm_next_many([(group(2), None)]) == 1
    assert scheduler.get_job("group:2:next") is None
    assert scheduler.state == STATE_RUNNING


async def test_a_batch_keeps_a_paused_scheduler_paused(
    scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    scheduler.pause()  # as at shutdown
    jobs = DailyJobs(scheduler, Runs(), clock)
    jobs.rebuild([group(1)])
    jobs.arm_next_many([(group(1), FAR + timedelta(hours=1))])
    assert scheduler.state == STATE_PAUSED


async def test_batched_jobs_run_the_group(scheduler: AsyncIOScheduler, clock: FakeClock) -> None:
    """A one-shot job armed in a batch at an instant already past runs at once (misfire grace),
    calling ``run(guild_id, group_id)``."""
    runs = Runs()
    jobs = DailyJobs(scheduler, runs, clock)
    g = replace(group(7), guild_id=4242)
    jobs.arm_next_many([(g, datetime.now(UTC) - timedelta(seconds=1))])
    await asyncio.wait_for(runs.ran.wait(), 5)
    assert runs.calls == [(4242, 7)]


STATE = ("executor", "args", "kwargs", "name", "misfire_grace_time", "coalesce")
STATE += ("max_instances", "next_run_time", "func_ref", "id")


def state(job: Job) -> tuple[object, ...]:
    """What a job is, but its function (each ``DailyJobs`` wraps its own) and its trigger
    (each keeps its own, compared by what it says)."""
    return (str(job.trigger), *(getattr(job, slot, None) for slot in STATE))


async def test_a_copied_job_is_the_job_add_job_gives(clock: FakeClock) -> None:
    """``add_alike`` (start-up's copies of a trigger's first job) against one ``add_job`` per
    job, on a started scheduler and on one whose jobs still wait for its start, with a job of
    the same id already there."""
    runs = Runs()
    for started in (True, False):
        copied, added = new_scheduler(), new_scheduler()
        if started:
            copied.start(paused=True)
            added.start(paused=True)
        try:
            rebuilt, one_by_one = DailyJobs(copied, runs, clock), DailyJobs(added, runs, clock)
            groups = [group(1), group(2, tz="Asia/Shanghai"), group(3), group(4)]
            for jobs in (rebuilt, one_by_one):  # replaced by what follows
                jobs.daily(replace(group(3), timezone="Europe/Paris"))
            rebuilt.rebuild(groups)
            for g in groups:
                one_by_one.daily(g)
            for s in (copied, added):  # the pending jobs go into the store, the last of an id wins
                if not s.running:
                    s.start(paused=True)
            assert [state(j) for j in copied.get_jobs()] == [state(j) for j in added.get_jobs()]
            assert len(copied.get_jobs()) == 4
            assert {j.func for j in copied.get_jobs()} == {rebuilt._run}
        finally:
            for s in (copied, added):
                if s.running:
                    s.shutdown(wait=False)
    assert runs.calls == []


async def test_copied_jobs_run_move_and_go_like_any_other(clock: FakeClock) -> None:
    scheduler = new_scheduler()
    scheduler.start()
    try:
        runs = Runs()
        jobs = DailyJobs(scheduler, runs, clock)
        jobs.rebuild([group(1), replace(group(2), guild_id=4242)])
        copy = scheduler.get_job(JobKey(2).id)
        copy.modify(next_run_time=datetime.now(UTC) - timedelta(seconds=1))
        await asyncio.wait_for(runs.ran.wait(), 5)
        assert runs.calls == [(4242, 2)]
        jobs.remove_group(2)
        assert ids(scheduler) == [JobKey(1).id]
    finally:
        scheduler.shutdown(wait=False)
