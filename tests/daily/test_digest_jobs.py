"""The weekly digest's job follows the group's state and digest settings: a weekly cron job at
the digest weekday and time in the group's zone, gone while paused or with the digest off,
rebuilt from the database at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time

import discord
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.daily import DailyPosts, DiscordChannels, JobKey
from bot.store import Group, NewGroup, Store
from tests.daily.conftest import FAR
from tests.e2e.conftest import ROADMAPS, FakeClock

GUILD = 5001


@pytest.fixture
async def daily(
    store: Store, scheduler: AsyncIOScheduler, clock: FakeClock
) -> AsyncIterator[DailyPosts]:
    client = discord.Client(intents=discord.Intents(guilds=True))
    posts = DailyPosts(
        store=store,
        roadmaps=ROADMAPS,
        clock=clock,
        channels=DiscordChannels(client),
        scheduler=scheduler,
    )
    yield posts
    posts.close()
    await client.close()


async def new_group(store: Store, channel: int = 1) -> Group:
    new = NewGroup(GUILD, channel, "14day", FAR.date(), time(9), "America/New_York", created_by=1)
    return await store.create_group(new, FAR)


def digest_trigger(scheduler: AsyncIOScheduler, group: Group) -> str | None:
    job = scheduler.get_job(JobKey(group.id, "digest").id)
    if job is None:
        return None
    assert isinstance(job.trigger, CronTrigger)
    return f"{job.trigger} {job.trigger.timezone}"


async def test_the_digest_job_follows_state_and_settings(
    daily: DailyPosts, store: Store, scheduler: AsyncIOScheduler
) -> None:
    group = await new_group(store)
    async with daily.changed(group):
        pass
    monday_nine = "cron[day_of_week='0', hour='9', minute='0'] America/New_York"
    assert digest_trigger(scheduler, group) == monday_nine

    await store.set_group_setting(GUILD, group.id, "digest_weekday", "4")
    await store.set_group_setting(GUILD, group.id, "digest_time", "18:30")
    async with daily.changed(group):
        pass
    friday = "cron[day_of_week='4', hour='18', minute='30'] America/New_York"
    assert digest_trigger(scheduler, group) == friday

    await store.set_group_setting(GUILD, group.id, "digest", "0")
    async with daily.changed(group):
        pass
    assert digest_trigger(scheduler, group) is None

    await store.set_group_setting(GUILD, group.id, "digest", None)
    assert await store.set_group_state(GUILD, group.id, "paused", FAR)
    paused = await store.get_group(GUILD, group.id)
    assert paused is not None
    async with daily.changed(paused):
        pass
    assert digest_trigger(scheduler, group) is None

    # start-up derives it again from the database
    assert await store.set_group_state(GUILD, group.id, "active", FAR)
    scheduler.remove_all_jobs()
    await daily.start()
    assert digest_trigger(scheduler, group) == friday


async def test_start_up_arms_the_same_fire_times_as_one_group_at_a_time(
    daily: DailyPosts, store: Store, scheduler: AsyncIOScheduler
) -> None:
    """Start-up shares each weekly trigger's first fire time between its groups; a change
    arms one group alone. Both give the trigger's next fire time, and dropping the digest
    removes the job either way."""
    first, second = await new_group(store), await new_group(store, channel=2)
    await daily.start()
    shared = {g.id: scheduler.get_job(JobKey(g.id, "digest").id) for g in (first, second)}
    assert shared[first.id].trigger is shared[second.id].trigger
    when = shared[first.id].next_run_time
    assert when == shared[second.id].next_run_time
    assert when == shared[first.id].trigger.get_next_fire_time(None, datetime.now(UTC))
    async with daily.changed(first):
        pass
    assert scheduler.get_job(JobKey(first.id, "digest").id).next_run_time == when
    await store.set_group_setting(GUILD, second.id, "digest", "0")
    await daily.start()
    assert scheduler.get_job(JobKey(second.id, "digest").id) is None
