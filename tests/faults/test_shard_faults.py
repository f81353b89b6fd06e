"""Two bot processes serving the same shards (a rolling deploy) against one emulator and one
PostgreSQL database; one is killed with SIGKILL mid-fan-out. Every group is posted exactly once:
the group lease keeps the live process off the group the other is sending, and once that
process is gone the survivor finds its post in the channel and confirms it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from emulator import Emulator, Scenario
from emulator.gateway_shards import shard_of
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    day_posts,
    post_labels,
    seed_group,
    sends_to,
)
from tests.pg import fresh_pg_database, skip_without_server

SHARD_ARGS = ("--shards", "0,1", "--shard-count", "2")
CHANNELS = 4


@pytest.fixture
def scenario() -> Scenario:
    """Two servers, one per shard of 2, with four channels each."""
    sc = Scenario()
    for name in ("North", "South"):
        guild = sc.guild(name)
        for i in range(CHANNELS):
            guild.text_channel(f"ch{i}")
        guild.member("alice", manage_guild=True)
    assert {shard_of(g.id, 2) for g in sc.guilds} == {0, 1}
    return sc


@pytest_asyncio.fixture
async def pg_db() -> AsyncIterator[str]:
    skip_without_server()
    async with fresh_pg_database("studybot_faults") as url:
        yield url


async def ledger(url: str) -> list[tuple[int, int, str, int | None]]:
    con = await asyncpg.connect(url)
    try:
        rows = await con.fetch("SELECT group_id, day, state, message_id FROM posts ORDER BY 1, 2")
    finally:
        await con.close()
    return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_two_processes_on_the_same_shards_post_every_group_once_though_one_is_killed(
    emulator: Emulator, pg_db: str, tmp_path: Path, today: LocalDay
) -> None:
    emulator.gateway.max_concurrency = 2  # both shards of a process identify at once
    groups: dict[int, int] = {}  # group id -> channel id
    for guild in emulator.scenario.guilds:
        for i in range(CHANNELS):
            channel = guild.channel_named(f"ch{i}")
            gid = await seed_group(
                pg_db, guild.id, channel.id, day=today, created_by=guild.member_named("alice").id
            )
            groups[gid] = channel.id
    victim_group = sorted(groups)[2]
    victim = groups[victim_group]
    held = emulator.faults.hold(SEND, path=f"/channels/{victim}/messages")
    bots = Bots(emulator, pg_db, tmp_path)
    try:
        first = await bots.start(*SHARD_ARGS, shards=2)
        await asyncio.wait_for(held.arrived.wait(), 20)  # the first is sending the third group
        second = await bots.start(*SHARD_ARGS, shards=2)  # the rolling deploy's new process
        await second.wait_log(f"group {victim_group} is being posted by another process", 20)
        await first.killed()
        held.release(drop=True)  # Discord made the message; the dead process never heard

        for gid in groups:  # each group's post committed by the first, or settled by the second
            if f"posted group {gid} day 1 as" not in first.log:
                settled = rf"(posted group {gid} day 1 as|group {gid} day 1 was already posted)"
                await second.wait_match(settled, 20)
        await second.stop()
    finally:
        await bots.cleanup()
        emulator.faults.clear()
        print(bots.dump())

    for gid, channel in groups.items():
        assert post_labels(emulator, channel) == [f"g{gid} d1"]
    assert await ledger(pg_db) == [
        (gid, 1, "sent", int(day_posts(emulator, ch)[0]["id"]))
        for gid, ch in sorted(groups.items())
    ]
    assert sends_to(emulator, victim) == [200]  # the survivor found it; it did not send again
    assert sum(len(sends_to(emulator, ch)) for ch in groups.values()) == len(groups)
    assert f"group {victim_group} day 1 was already posted" in second.log
