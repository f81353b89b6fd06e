"""Transient send failures that discord.py does not retry itself (a 503; a connection reset after
Discord created the message): the bot retries the claimed post soon, in the same run, and the
channel ends with exactly one post."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.posting import post_nonce
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


@pytest.mark.parametrize("fault", ["503", "reset"])
async def test_transient_send_failure_is_retried_once(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay, fault: str
) -> None:
    g = emulator.scenario.guilds[0]
    ch = g.channel_named("ch0")
    gid = await seed_group(db, g.id, ch.id, day=today, created_by=g.member_named("alice").id)
    path = f"/channels/{ch.id}/messages"
    if fault == "503":
        emulator.faults.fail(SEND, status=503, times=1, path=path)
    else:
        emulator.faults.drop(SEND, times=1, path=path)  # created, but the answer is lost

    bot = await bots.start()
    await wait_db(db, lambda d: [p[2] for p in posts(d, gid)] == ["sent"], 20, "the post confirmed")
    await bot.stop()
    (post,) = day_posts(emulator, ch)
    assert post_labels(emulator, ch) == [f"g{gid} d1"]
    assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]
    sends = [r for r in emulator.requests if r.route == SEND]
    assert {r.json["nonce"] for r in sends} == {post_nonce(gid, 1)}
    if fault == "503":
        assert [r.status for r in sends] == [503, 200]
    else:
        # the retry looked in the history first and found the message: no second send
        assert len(sends) == 1
