"""The gateway connection is lost while a post is in flight (TCP drop, op 7 RECONNECT,
op 9 INVALID_SESSION with and without resume): the bot resumes or re-identifies, its
reconciliation after the reconnect does not post again, the channel holds exactly one post, and
the bot keeps answering clicks on it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from emulator import Emulator
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    day_posts,
    first_tick_id,
    post_labels,
    posts,
    rows,
    seed_group,
)


@pytest.mark.parametrize("fault", ["drop", "op7", "invalid_session_resumable", "invalid_session"])
async def test_gateway_lost_during_a_post(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay, fault: str
) -> None:
    g = emulator.scenario.guilds[0]
    ch, m1 = g.channel_named("ch0"), g.member_named("m1")
    gid = await seed_group(
        db, g.id, ch.id, day=today, created_by=g.member_named("alice").id, members=[m1.id]
    )
    held = emulator.faults.hold(SEND, path=f"/channels/{ch.id}/messages")
    bot = await bots.start()
    await asyncio.wait_for(held.arrived.wait(), 15)

    if fault == "drop":
        await emulator.gateway_drop()
    elif fault == "op7":
        await emulator.gateway_reconnect_op7()
    else:
        await emulator.gateway_invalid_session(resumable=fault == "invalid_session_resumable")
    await emulator.wait_until(
        lambda: emulator.gateway.resume_count + emulator.gateway.ready_count >= 2,
        15,
        "a resume or a second identify",
    )
    # the reconcile after the reconnect (on_ready / on_resumed) starts while the post is held
    if fault == "invalid_session":
        assert (emulator.gateway.resume_count, emulator.gateway.ready_count) == (0, 2)
        await bot.wait_log("bot.app: connected as", 10, count=2)
    else:
        assert (emulator.gateway.resume_count, emulator.gateway.ready_count) == (1, 1)
        await bot.wait_log("successfully RESUMED", 10)
    held.release()
    post = await emulator.wait_for_message(ch, lambda m: bool(m.get("embeds")), timeout=10)
    await bot.wait_log(f"posted group {gid} day 1 as message {post['id']}")

    # the reconnected bot still answers (and the reconcile after it posted nothing more)
    reply = await emulator.click(m1, post, first_tick_id(post))
    assert "Done" in reply.content
    await bot.stop()
    assert post_labels(emulator, ch) == [f"g{gid} d1"]
    assert len(day_posts(emulator, ch)) == 1
    assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]
    assert rows(db, "SELECT user_id, day FROM ticks") == [(m1.id, 1)]
    assert [r.status for r in emulator.requests if r.route == SEND] == [200]
