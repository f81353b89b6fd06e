"""kill -9 around the daily post: after the send reached Discord but before the bot recorded it,
and between the claim and the send. The restart leaves exactly one message and a confirmed row."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.services.posting import post_nonce
from bot.store import Store
from emulator import Emulator
from tests.faults.conftest import SEND, Bots, LocalDay, day_posts, post_labels, posts, seed_group


async def test_kill9_after_send_reached_discord_before_recorded(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    ch = g.channel_named("ch0")
    gid = await seed_group(db, g.id, ch.id, day=today, created_by=g.member_named("alice").id)
    held = emulator.faults.hold(SEND, path=f"/channels/{ch.id}/messages")

    first = await bots.start()
    await asyncio.wait_for(held.arrived.wait(), 15)
    assert held.request is not None and held.request["json"]["nonce"] == post_nonce(gid, 1)
    assert posts(db, gid) == [(gid, 1, "claimed", None, 1)]  # claimed before the send
    await first.killed()
    held.release(drop=True)  # Discord creates the message; the (dead) bot never hears of it
    await emulator.wait_until(lambda: len(day_posts(emulator, ch)) == 1, 5, "the message")
    message_id = int(day_posts(emulator, ch)[0]["id"])
    assert posts(db, gid) == [(gid, 1, "claimed", None, 1)]

    second = await bots.start()
    # the restart finds its own post by its buttons in the channel history, sends nothing
    await second.wait_log(f"group {gid} day 1 was already posted ({message_id})", 15)
    await second.stop()
    assert post_labels(emulator, ch) == [f"g{gid} d1"]
    assert posts(db, gid) == [(gid, 1, "sent", message_id, 1)]
    assert [r.status for r in emulator.requests if r.route == SEND] == [200]
    assert any(r.route == "GET /channels/{channel_id}/messages" for r in emulator.requests)


async def test_kill9_between_claim_and_send(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    """A claimed row with no message (the process died right after the claim's commit)."""
    g = emulator.scenario.guilds[0]
    ch = g.channel_named("ch0")
    gid = await seed_group(db, g.id, ch.id, day=today, created_by=g.member_named("alice").id)
    async with Store.open(db) as store:
        claimed = await store.claim_post(g.id, gid, 1, post_nonce(gid, 1), today.now, late=True)
    assert claimed is not None
    assert posts(db, gid) == [(gid, 1, "claimed", None, 1)]

    bot = await bots.start()
    post = await emulator.wait_for_message(ch, lambda m: bool(m.get("embeds")), timeout=15)
    await bot.wait_log(f"posted group {gid} day 1 as message {post['id']}")
    await bot.stop()
    assert post_labels(emulator, ch) == [f"g{gid} d1"]
    assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]
    sends = [r for r in emulator.requests if r.route == SEND]
    assert len(sends) == 1 and sends[0].json["nonce"] == post_nonce(gid, 1)
    assert "Posted late" in post["embeds"][0]["description"]
