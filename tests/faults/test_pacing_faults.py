"""A week-long outage with catch-up on, under Discord's real limits: the bot posts eight days
into one channel (more than the 5 messages per 5 s a channel takes) while five other groups
post today's day. Its own pacing spaces the burst: no 429, no channel bucket run dry (so no
post is held inside discord.py after Discord stored it), the other groups not held up, and
every post confirmed exactly once."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.daily.pacing import CHANNEL_MESSAGES, CHANNEL_PER_S
from emulator import Emulator, Scenario
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    hall,
    post_labels,
    posts,
    seed_group,
    wait_db,
)

OTHERS = 5
DAYS = 8  # seven catch-up days (the most the bot posts) and today


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=1 + OTHERS, members=1)


async def test_a_week_of_catch_up_in_one_channel_stays_under_its_limit(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    busy, *others = [g.channel_named(f"ch{i}") for i in range(1 + OTHERS)]
    week_ago = today.today - timedelta(days=DAYS - 1)
    catching_up = await seed_group(
        db,
        g.id,
        busy.id,
        day=today,
        created_by=alice.id,
        start=week_ago,
        created_at=today.at(week_ago, time(today.post_time.hour - 1, 0)),
        catch_up=True,
    )
    for ch in others:
        await seed_group(db, g.id, ch.id, day=today, created_by=alice.id)

    bot = await bots.start()
    await wait_db(
        db,
        lambda d: [p[2] for p in posts(d)] == ["sent"] * (DAYS + OTHERS),
        30,
        "every post sent and confirmed",
    )
    await bot.stop()

    assert post_labels(emulator, busy) == [f"g{catching_up} d{d}" for d in range(1, DAYS + 1)]
    assert all(len(post_labels(emulator, ch)) == 1 for ch in others)
    busy_path = f"/api/v10/channels/{busy.id}/messages"
    sends = [r for r in emulator.requests if r.route == SEND and r.path == busy_path]
    assert [r.status for r in sends] == [200] * DAYS
    assert emulator.rate_limited == []
    # the bot never emptied the channel's bucket: discord.py never had to hold a post back
    assert all(r.headers["X-RateLimit-Remaining"] != "0" for r in sends)
    first, beyond = sends[0], sends[CHANNEL_MESSAGES]
    assert beyond.time - first.time >= CHANNEL_PER_S  # Discord's window had passed
    # the other groups did not wait behind the busy channel
    other_sends = [r for r in emulator.requests if r.route == SEND and r.path != busy_path]
    assert len(other_sends) == OTHERS
    assert max(r.time for r in other_sends) < beyond.time
