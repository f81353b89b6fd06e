"""SIGTERM during a fan-out of posts: the posts in flight are finished, no new one is started,
the process exits 0 within 10 s, no post appears twice; after a restart every due post appears
exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.daily.owner import RECONCILE_AT_ONCE
from bot.daily.pacing import POSTER_REQUESTS_PER_S
from emulator import Emulator, Scenario
from emulator.faults import Hold
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    day_posts,
    hall,
    post_labels,
    posts,
    seed_group,
    wait_db,
)

GROUPS = RECONCILE_AT_ONCE + 4  # the fan-out's runs under way, and four not started yet
IN_FLIGHT = min(RECONCILE_AT_ONCE, POSTER_REQUESTS_PER_S)  # sends the pacer lets out at once


async def arrived(holds: list[Hold], count: int, timeout: float) -> None:
    """Wait (bounded) until ``count`` of the held requests arrived."""
    waiting = {asyncio.ensure_future(h.arrived.wait()) for h in holds}
    try:
        async with asyncio.timeout(timeout):
            while sum(h.arrived.is_set() for h in holds) < count:
                _, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waiting:
            task.cancel()


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=GROUPS, members=2)


async def test_sigterm_during_fan_out(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    channels = [g.channel_named(f"ch{i}") for i in range(GROUPS)]
    gids = [await seed_group(db, g.id, ch.id, day=today, created_by=alice.id) for ch in channels]
    holds = [emulator.faults.hold(SEND, path=f"/channels/{ch.id}/messages") for ch in channels]

    first = await bots.start()
    # the fan-out's first sends are in flight (held), its other runs wait for the pacer
    await arrived(holds, IN_FLIGHT, 15)
    loop = asyncio.get_running_loop()
    signalled = loop.time()
    first.sigterm()
    await first.wait_log("signal received: shutting down")
    for h in holds:
        h.release()  # the posts in flight complete during the shutdown grace
    assert await first.wait(10) == 0, first.log[-3000:]
    assert loop.time() - signalled < 10
    assert "stopped" in first.log

    # the runs under way finished, not abandoned; no new post run started after the signal
    counts = [len(day_posts(emulator, ch)) for ch in channels]
    assert sorted(counts) == [0] * (GROUPS - RECONCILE_AT_ONCE) + [1] * RECONCILE_AT_ONCE
    assert first.log.count("is not posted now (the next start posts it)") == (
        GROUPS - RECONCILE_AT_ONCE
    )
    for ch, gid, n in zip(channels, gids, counts, strict=True):
        if n:
            (post,) = day_posts(emulator, ch)
            assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]

    second = await bots.start()
    await emulator.wait_until(
        lambda: all(len(day_posts(emulator, ch)) == 1 for ch in channels),
        15,
        "one post in every channel",
    )
    await wait_db(
        db, lambda d: [p[2] for p in posts(d)] == ["sent"] * GROUPS, 10, "every post confirmed"
    )
    await second.stop()
    for gid, ch in zip(gids, channels, strict=True):
        assert post_labels(emulator, ch) == [f"g{gid} d1"]
        (post,) = day_posts(emulator, ch)
        assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]


async def test_sigterm_while_discord_is_unreachable(emulator: Emulator, bots: Bots) -> None:
    """Discord goes away and the bot keeps trying to reconnect (sleeping between attempts):
    SIGTERM still ends it within 10 s with exit 0, instead of waiting out the backoff."""
    bot = await bots.start()
    await emulator.stop()  # the gateway and REST API vanish
    await bot.wait_log("Attempting a reconnect in", timeout=30)
    loop = asyncio.get_running_loop()
    signalled = loop.time()
    bot.sigterm()
    assert await bot.wait(10) == 0, bot.log[-3000:]
    assert loop.time() - signalled < 10
    assert "stopped" in bot.log
