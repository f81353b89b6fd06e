"""SIGTERM during a fan-out of posts: the post in flight is finished, no new one is started, the
process exits 0 within 10 s, no post appears twice; after a restart every due post appears
exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from emulator import Emulator
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    day_posts,
    post_labels,
    posts,
    seed_group,
    wait_db,
)

GROUPS = 4


async def test_sigterm_during_fan_out(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    channels = [g.channel_named(f"ch{i}") for i in range(GROUPS)]
    gids = [await seed_group(db, g.id, ch.id, day=today, created_by=alice.id) for ch in channels]
    held = emulator.faults.hold(SEND)  # the first post of the fan-out

    first = await bots.start()
    await asyncio.wait_for(held.arrived.wait(), 15)
    assert held.request is not None
    held_channel = next(ch for ch in channels if f"/{ch.id}/" in held.request["path"])
    loop = asyncio.get_running_loop()
    signalled = loop.time()
    first.sigterm()
    await first.wait_log("signal received: shutting down")
    held.release()  # the post in flight completes during the shutdown grace
    assert await first.wait(10) == 0, first.log[-3000:]
    assert loop.time() - signalled < 10
    assert "stopped" in first.log

    assert len(day_posts(emulator, held_channel)) == 1  # finished, not abandoned
    for ch in channels:
        assert len(day_posts(emulator, ch)) <= 1, ch.name
    # no new post run was started after the signal: only the one in flight was sent
    assert [len(day_posts(emulator, ch)) for ch in channels] == [
        int(ch is held_channel) for ch in channels
    ]
    assert "is not posted now (the next start posts it)" in first.log
    (held_post,) = day_posts(emulator, held_channel)
    held_gid = gids[channels.index(held_channel)]
    assert posts(db, held_gid) == [(held_gid, 1, "sent", int(held_post["id"]), 1)]

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
