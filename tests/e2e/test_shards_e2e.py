"""Two shard processes' bots (``ShardedStudyBot``, shard 0 and shard 1 of 2) over one database:
each connects only its shard, schedules and reconciles only its own servers' groups, and every
group due at start-up is posted once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import time

import pytest

from bot.app import ShardedStudyBot
from bot.config import Settings
from bot.daily import JobKey
from bot.store import NewGroup
from emulator import Emulator, Scenario, running_bot
from emulator.gateway_shards import shard_of
from tests.bot_posts import labels
from tests.e2e.conftest import REPO, ROADMAPS, FakeClock, open_store, posts_of
from tests.pg import TEST_POOL_SIZE


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    for name in ("North", "South"):
        guild = sc.guild(name)
        guild.text_channel("general")
        guild.text_channel("other")
        guild.member("alice", manage_guild=True)
    assert sorted(shard_of(g.id, 2) for g in sc.guilds) == [0, 1]
    return sc


def shard_settings(db: str, shard: int) -> Settings:
    return Settings.model_validate(
        {
            "DISCORD_TOKEN": "test-token",
            "STUDYBOT_DB": db,
            "STUDYBOT_DB_POOL_SIZE": TEST_POOL_SIZE,
            "STUDYBOT_ROADMAPS": str(REPO / "roadmaps"),
            "STUDYBOT_SHARDS": str(shard),
            "STUDYBOT_SHARD_COUNT": 2,
        }
    )


@contextlib.asynccontextmanager
async def shard_bot(
    emulator: Emulator, db: str, shard: int, clock: FakeClock
) -> AsyncIterator[ShardedStudyBot]:
    settings = shard_settings(db, shard)
    async with open_store(settings) as store:
        bot = ShardedStudyBot(settings=settings, store=store, roadmaps=ROADMAPS, clock=clock)
        async with running_bot(emulator, bot):
            yield bot


async def test_each_process_serves_only_its_shards_servers(
    emulator: Emulator, db_target: str, clock: FakeClock
) -> None:
    groups: dict[int, tuple[int, int]] = {}  # group id -> (shard, channel id)
    async with open_store(shard_settings(db_target, 0)) as store:
        for guild in emulator.scenario.guilds:
            for channel in guild.channels:
                new = NewGroup(
                    guild.id, channel.id, "14day", clock.now.date(), time(6, 0), "UTC", 1
                )
                group = await store.create_group(new, clock.now.replace(hour=5))
                groups[group.id] = (shard_of(guild.id, 2), channel.id)
    async with (
        shard_bot(emulator, db_target, 0, clock) as zero,
        shard_bot(emulator, db_target, 1, clock) as one,
    ):
        for bot, shard in ((zero, 0), (one, 1)):
            assert [g.shard_id for g in bot.guilds] == [shard]
            daily = {
                key.group_id
                for job in bot.scheduler.get_jobs()
                if (key := JobKey.parse(job.id)) is not None and key.kind == "daily"
            }
            assert daily == {gid for gid, (s, _) in groups.items() if s == shard}
        async with asyncio.timeout(20):
            for gid, (_, channel) in groups.items():
                await emulator.wait_for_message(
                    channel, lambda m, gid=gid: labels([m]) == [f"g{gid} d1"]
                )
        await asyncio.wait_for(zero.wait_until_ready(), 10)
        await asyncio.wait_for(one.wait_until_ready(), 10)
    for _, channel in groups.values():
        assert len(posts_of(emulator, channel)) == 1
    assert sorted(emulator.gateway.identified_shards) == [(0, 2), (1, 2)]
