"""kill -9 around the daily post in a busy channel, then a long outage before the restart
(issue 12): the post lies pages deep in the history and Discord's nonce window is long past,
so neither "the last 50 messages" nor the nonce would catch a second post. The restart reads
only the window where its attempt could have landed, and leaves exactly one post."""

from __future__ import annotations

import asyncio
from pathlib import Path

from emulator import Emulator
from emulator.scenario import Channel, Member
from tests.faults.conftest import (
    SEND,
    Bots,
    LocalDay,
    day_posts,
    post_labels,
    posts,
    seed_group,
    sends_to,
)

HISTORY = "GET /channels/{channel_id}/messages"
DAYS = 86400.0


async def chatter(emulator: Emulator, member: Member, channel: Channel, n: int, what: str) -> None:
    for i in range(n):
        await emulator.user_message(member, channel, f"{what} {i}")


def history_reads(emulator: Emulator, channel: Channel) -> int:
    path = f"/api/v10/channels/{channel.id}/messages"
    return sum(1 for r in emulator.requests if r.route == HISTORY and r.path == path)


async def test_post_stored_before_the_crash_is_found_pages_deep_after_days(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    ch, member = g.channel_named("ch0"), g.member_named("m1")
    gid = await seed_group(db, g.id, ch.id, day=today, created_by=g.member_named("alice").id)
    await chatter(emulator, member, ch, 150, "before")
    held = emulator.faults.hold(SEND, path=f"/channels/{ch.id}/messages")

    first = await bots.start()
    await asyncio.wait_for(held.arrived.wait(), 15)
    await chatter(emulator, member, ch, 120, "meanwhile")  # while the post is on its way
    await first.killed()
    held.release(drop=True)  # Discord stores the post; the dead bot never hears of it
    await emulator.wait_until(lambda: len(day_posts(emulator, ch)) == 1, 5, "the post")
    message_id = int(day_posts(emulator, ch)[0]["id"])
    [(_, _, state, _, _)] = posts(db, gid)
    assert state == "claimed"
    await chatter(emulator, member, ch, 200, "after")
    emulator.advance(3 * DAYS)  # three days down; Discord forgot the nonce long ago
    await chatter(emulator, member, ch, 300, "days later")
    recent = [m["id"] for m in emulator.messages(ch)[-50:]]
    assert str(message_id) not in recent  # the old guard (the last 50 messages) misses it

    second = await bots.start()
    await second.wait_log(f"group {gid} day 1 was already posted ({message_id})", 20)
    await second.stop()
    assert post_labels(emulator, ch) == [f"g{gid} d1"]
    assert posts(db, gid) == [(gid, 1, "sent", message_id, 1)]
    assert sends_to(emulator, ch) == [200]
    # 270 messages sit between the window's start and the post: it is on the third page
    assert history_reads(emulator, ch) == 3


async def test_attempt_lost_before_the_crash_is_sent_once_after_a_bounded_search(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    ch, member = g.channel_named("ch0"), g.member_named("m1")
    gid = await seed_group(db, g.id, ch.id, day=today, created_by=g.member_named("alice").id)
    held = emulator.faults.hold(SEND, path=f"/channels/{ch.id}/messages")

    first = await bots.start()
    await asyncio.wait_for(held.arrived.wait(), 15)
    await first.killed()
    held.release(lose=True)  # the request never reached Discord
    await chatter(emulator, member, ch, 150, "meanwhile")
    emulator.advance(2 * DAYS)
    await chatter(emulator, member, ch, 1200, "days later")  # the channel went on: 12 pages
    [(_, _, state, _, _)] = posts(db, gid)
    assert state == "claimed"

    second = await bots.start()
    post = await emulator.wait_for_message(ch, lambda m: bool(m.get("components")), timeout=20)
    await second.wait_log(f"posted group {gid} day 1 as message {post['id']}")
    await second.stop()
    assert post_labels(emulator, ch) == [f"g{gid} d1"]
    assert posts(db, gid) == [(gid, 1, "sent", int(post["id"]), 1)]
    assert sends_to(emulator, ch) == [0, 200]  # the lost attempt, then the one post
    nonces = [r.json["nonce"] for r in emulator.requests if r.route == SEND]
    assert nonces == [f"sb{gid}d1"] * 2
    # the 150 messages of the window, then the first one past it: the 1,200 are never read
    assert history_reads(emulator, ch) == 2
