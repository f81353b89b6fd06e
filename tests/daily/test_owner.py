"""``DailyPosts.changed``: a group's jobs follow its state in the database, at once, on the real
APScheduler and a real SQLite store. The clock sits before the post time, so nothing is due
and no post is sent (the e2e tests cover posting)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta

import discord
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED

from bot.daily import DailyPosts, DiscordChannels, JobKey
from bot.daily.job_ids import of_group
from bot.store import Group, GroupState, NewGroup, Store
from tests.conftest import REPO
from tests.daily.conftest import FAR
from tests.e2e.conftest import ROADMAPS, FakeClock

GUILD = 5001


@pytest.fixture
async def daily(
    store: Store, scheduler: AsyncIOScheduler, clock: FakeClock
) -> AsyncIterator[DailyPosts]:
    client = discord.Client(intents=discord.Intents(guilds=True))  # never connected: not needed
    yield DailyPosts(
        store=store,
        roadmaps=ROADMAPS,
        clock=clock,
        channels=DiscordChannels(client),
        scheduler=scheduler,
    )
    await client.close()


async def new_group(store: Store, channel_id: int) -> Group:
    """A 14-day group starting today at 09:00 UTC (the clock says 08:00)."""
    new = NewGroup(GUILD, channel_id, "14day", FAR.date(), time(9), "UTC", created_by=1)
    return await store.create_group(new, FAR)


async def set_state(store: Store, group: Group, state: GroupState, clock: FakeClock) -> Group:
    assert await store.set_group_state(GUILD, group.id, state, clock())
    fresh = await store.get_group(GUILD, group.id)
    assert fresh is not None and fresh.state == state
    return fresh


def jobs_of(scheduler: AsyncIOScheduler, group: Group) -> dict[str, datetime]:
    """The group's job ids and their next fire times (posts only: the weekly digest's job is
    tested in tests/daily/test_digest_jobs.py)."""
    return {
        job.id: job.next_run_time
        for job in scheduler.get_jobs()
        if of_group(job.id, group.id) and not job.id.endswith(":digest")
    }


async def test_jobs_follow_start_edit_pause_resume_and_stop(
    daily: DailyPosts, store: Store, scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    nine = FAR.replace(hour=9)
    neighbour = await new_group(store, 2)
    async with daily.changed(neighbour):
        pass
    theirs = jobs_of(scheduler, neighbour)
    # the next release is the daily job's next fire: no one-shot job for it (test_jobs.py)
    assert theirs == {JobKey(neighbour.id).id: nine}

    # start: the daily job before the reply; after the run, still the one job
    group = await new_group(store, 1)
    async with daily.changed(group):
        assert jobs_of(scheduler, group) == {JobKey(group.id).id: nine}
    assert jobs_of(scheduler, group) == {JobKey(group.id).id: nine}

    # edit: it follows the new local time and zone (20:15 in Tokyo is 11:15 UTC)
    assert await store.update_group_schedule(GUILD, group.id, time(20, 15), "Asia/Tokyo")
    edited = await store.get_group(GUILD, group.id)
    assert edited is not None
    async with daily.changed(edited):
        pass
    quarter_past_eleven = FAR.replace(hour=11, minute=15)
    assert jobs_of(scheduler, group) == {JobKey(group.id).id: quarter_past_eleven}

    # pause: no job left, before the reply says so; a run anyway re-arms nothing
    clock.advance(hours=1)
    paused = await set_state(store, edited, "paused", clock)
    async with daily.changed(paused):
        assert jobs_of(scheduler, group) == {}
    assert await daily.run(GUILD, group.id) == 0
    assert jobs_of(scheduler, group) == {}

    # resume (the next day): re-armed at that day's post time
    clock.advance(days=1)
    resumed = await set_state(store, paused, "active", clock)
    async with daily.changed(resumed):
        pass
    tomorrow = quarter_past_eleven + timedelta(days=1)
    assert jobs_of(scheduler, group) == {JobKey(group.id).id: tomorrow}

    # stop: every job goes, the neighbour's stay as they were
    stopped = await set_state(store, resumed, "stopped", clock)
    async with daily.changed(stopped):
        assert jobs_of(scheduler, group) == {}
    assert jobs_of(scheduler, group) == {}
    assert jobs_of(scheduler, neighbour) == theirs


async def test_a_run_that_finds_the_group_paused_drops_every_job(
    daily: DailyPosts, store: Store, scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    """Posting itself can pause a group (a channel that refuses posts): the follow-up of the
    run removes its jobs, a pending retry included."""
    group = await new_group(store, 1)
    async with daily.changed(group):
        pass
    daily.jobs.retry(group, 60)
    daily.jobs.arm_next(group, FAR + timedelta(days=3))  # as for a group that skips weekends
    assert len(jobs_of(scheduler, group)) == 3
    await set_state(store, group, "paused", clock)
    assert await daily.run(GUILD, group.id) == 0
    assert jobs_of(scheduler, group) == {}


async def test_start_derives_jobs_for_active_groups_only(
    daily: DailyPosts, store: Store, scheduler: AsyncIOScheduler, clock: FakeClock
) -> None:
    active = await new_group(store, 1)
    paused = await set_state(store, await new_group(store, 2), "paused", clock)
    assert await daily.start() == 1
    assert sorted(jobs_of(scheduler, active)) == [JobKey(active.id).id]
    assert jobs_of(scheduler, paused) == {}


async def test_stop_pauses_the_scheduler_and_refuses_new_runs(
    daily: DailyPosts, store: Store, scheduler: AsyncIOScheduler
) -> None:
    group = await new_group(store, 1)
    assert await daily.stop(1.0)
    assert scheduler.state == STATE_PAUSED  # no job fires during the shutdown
    assert await daily.run(GUILD, group.id) == 0


def test_daily_posting_does_not_import_the_app() -> None:
    """The app builds daily posting and hands it its parts; never the other way round."""
    code = "import sys, bot.daily; assert 'bot.app' not in sys.modules, 'bot.app imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


async def test_the_bot_holds_its_jobs_from_the_start(store: Store) -> None:
    from bot.app import StudyBot
    from bot.config import Settings
    from bot.daily.jobs import DailyJobs

    settings = Settings(_env_file=None, STUDYBOT_SYNC_COMMANDS=False)  # type: ignore[call-arg]
    bot = StudyBot(settings=settings, store=store, roadmaps={}, clock=lambda: FAR)
    try:
        assert isinstance(bot.daily.jobs, DailyJobs)  # before setup_hook: never None
        assert bot.daily.jobs.scheduler is bot.scheduler
        assert bot.daily.clock() == FAR
    finally:
        await bot.close()
