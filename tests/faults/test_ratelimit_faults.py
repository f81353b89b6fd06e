"""A 429 storm on one channel while 20 other groups post: the 429s are waited out and retried
(same nonce), every channel holds exactly one post and every post row is confirmed."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from bot.services.posting import post_nonce
from emulator import Emulator, Scenario
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    day_posts,
    hall,
    post_labels,
    posts,
    seed_group,
    sends_to,
    wait_db,
)

GROUPS = 21
STORM = 10  # the channel index under the storm: groups before and after it post too
STORM_429S = 4  # discord.py tries a request 5 times


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=GROUPS, members=1)


async def test_429_storm_on_one_channel_while_20_groups_post(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    channels = [g.channel_named(f"ch{i}") for i in range(GROUPS)]
    groups = [await seed_group(db, g.id, ch.id, day=today, created_by=alice.id) for ch in channels]
    storm = channels[STORM]
    emulator.faults.fail(
        SEND,
        status=429,
        times=STORM_429S,
        retry_after=0.25,
        path=f"/channels/{storm.id}/messages",
    )

    bot = await bots.start()
    await emulator.wait_until(
        lambda: all(len(day_posts(emulator, ch)) == 1 for ch in channels),
        20,
        "one post in every channel",
    )
    await wait_db(
        db,
        lambda d: [p[2] for p in posts(d)] == ["sent"] * GROUPS,
        10,
        "every post confirmed",
    )
    await bot.stop()

    for gid, ch in zip(groups, channels, strict=True):
        assert post_labels(emulator, ch) == [f"g{gid} d1"]
        (post,) = day_posts(emulator, ch)
        assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]
        expected = [429] * STORM_429S + [200] if ch is storm else [200]
        assert sends_to(emulator, ch) == expected, ch.name
    storm_sends = [
        r for r in emulator.requests if r.route == SEND and r.path.endswith(f"/{storm.id}/messages")
    ]
    assert {r.json["nonce"] for r in storm_sends} == {post_nonce(groups[STORM], 1)}
    limited = [r for r in storm_sends if r.status == 429]
    assert all(r.headers["Via"] and "Retry-After" in r.headers for r in limited)
    gaps = [b.time - a.time for a, b in pairwise(storm_sends)]
    assert all(gap >= 0.2 for gap in gaps), gaps  # each retry waited for retry_after
    # the storm did not stop the groups after it
    assert len(emulator.messages(channels[-1])) == 1
