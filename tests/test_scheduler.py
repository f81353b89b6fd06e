"""Daily jobs: what the batch paths (start-up) schedule is what one ``add_job`` per job gives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from apscheduler.triggers.cron import CronTrigger

from bot.scheduler import DailyJobs, job_id, new_scheduler
from bot.services.schedule import zone
from bot.store import Group, GroupState

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def group(group_id: int, hour: int = 9, tz: str = "UTC", state: GroupState = "active") -> Group:
    return Group(
        id=group_id,
        guild_id=1000 + group_id % 3,
        channel_id=group_id,
        roadmap_id="14day",
        start_date=date(2026, 3, 2),
        post_time=time(hour, 30),
        timezone=tz,
        pace=1,
        weekdays_only=False,
        catch_up=False,
        state=state,
        created_by=1,
        created_at=T0,
        ended_at=None,
        problem=None,
    )


class Runs:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.ran = asyncio.Event()

    async def __call__(self, guild_id: int, group_id: int) -> int:
        self.calls.append((guild_id, group_id))
        self.ran.set()
        return 0


@pytest.fixture
async def scheduler() -> AsyncIterator[AsyncIOScheduler]:
    sched = new_scheduler()
    sched.start()
    yield sched
    sched.shutdown(wait=False)


async def test_rebuild_schedules_each_running_group_like_a_single_schedule(
    scheduler: AsyncIOScheduler,
) -> None:
    runs = Runs()
    jobs = DailyJobs(scheduler, runs)
    jobs.schedule(group(99))  # a group that no longer runs: its job goes
    groups = [group(1), group(2), group(3, hour=7, tz="Asia/Shanghai"), group(4, state="paused")]
    assert jobs.rebuild([*groups, group(5, state="stopped")]) == 4
    assert scheduler.state == STATE_RUNNING
    assert sorted(j.id for j in scheduler.get_jobs()) == [job_id(g.id) for g in groups]
    for g in groups:
        job = scheduler.get_job(job_id(g.id))
        expected = CronTrigger(hour=g.post_time.hour, minute=30, timezone=zone(g.timezone))
        assert str(job.trigger) == str(expected)
        assert job.next_run_time == expected.get_next_fire_time(None, datetime.now(UTC))
        assert job.args == (g.guild_id, g.id)
        assert job.misfire_grace_time == 6 * 3600
    # the same local post time and zone: one trigger object, shared
    assert scheduler.get_job("group:1").trigger is scheduler.get_job("group:2").trigger


async def test_arm_next_many_adds_removes_and_keeps(scheduler: AsyncIOScheduler) -> None:
    runs = Runs()
    jobs = DailyJobs(scheduler, runs)
    soon = datetime.now(UTC) + timedelta(hours=1)
    later = soon + timedelta(days=1)
    assert jobs.arm_next_many([(group(1), soon), (group(2), soon), (group(3), None)]) == 3
    kept = scheduler.get_job("group:1:next")
    assert kept.next_run_time == soon and scheduler.get_job("group:3:next") is None
    # a reconnect re-checks: unchanged jobs are left alone, changed ones replaced or removed
    assert jobs.arm_next_many([(group(1), soon), (group(2), later), (group(3), None)]) == 2
    assert scheduler.get_job("group:1:next") is kept
    assert scheduler.get_job("group:2:next").next_run_time == later
    jobs.arm_next_many([(group(2), None)])
    assert scheduler.get_job("group:2:next") is None
    assert scheduler.state == STATE_RUNNING


async def test_a_batch_keeps_a_paused_scheduler_paused(scheduler: AsyncIOScheduler) -> None:
    scheduler.pause()  # as at shutdown
    jobs = DailyJobs(scheduler, Runs())
    jobs.rebuild([group(1)])
    jobs.arm_next_many([(group(1), datetime.now(UTC) + timedelta(hours=1))])
    assert scheduler.state == STATE_PAUSED


async def test_batched_jobs_run_the_group(scheduler: AsyncIOScheduler) -> None:
    """A one-shot job armed in a batch at an instant already past runs at once (misfire grace),
    calling ``run(guild_id, group_id)``."""
    runs = Runs()
    jobs = DailyJobs(scheduler, runs)
    g = replace(group(7), guild_id=4242)
    jobs.arm_next_many([(g, datetime.now(UTC) - timedelta(seconds=1))])
    await asyncio.wait_for(runs.ran.wait(), 5)
    assert runs.calls == [(4242, 7)]
