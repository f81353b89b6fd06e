"""Ticks: committed before the interaction is answered (a kill -9 in between keeps the tick and
clicking again is safe), and 50 members clicking the same post at once lose nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from emulator import Emulator, Scenario
from tests.faults.conftest import (
    CALLBACK,
    Bots,
    LocalDay,
    day_posts,
    first_tick_id,
    hall,
    posts,
    rows,
    seed_group,
)

MEMBERS = 50


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=1, members=MEMBERS)


def ticks(db: Path, group_id: int) -> list[tuple[int, int, str]]:
    return [
        (r[0], r[1], r[2])
        for r in rows(
            db,
            "SELECT user_id, day, task_id FROM ticks WHERE group_id = ? ORDER BY user_id",
            (group_id,),
        )
    ]


async def posted_group(emulator: Emulator, bots: Bots, db: Path, today: LocalDay) -> int:
    g = emulator.scenario.guilds[0]
    members = [g.member_named(f"m{i}").id for i in range(1, MEMBERS + 1)]
    return await seed_group(
        db,
        g.id,
        g.channel_named("ch0").id,
        day=today,
        created_by=g.member_named("alice").id,
        members=members,
    )


async def test_kill9_after_tick_committed_before_answer(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    ch, m1 = g.channel_named("ch0"), g.member_named("m1")
    gid = await posted_group(emulator, bots, db, today)
    first = await bots.start()
    post = await emulator.wait_for_message(ch, lambda m: bool(m.get("embeds")), timeout=15)
    tick_id = first_tick_id(post)
    task_id = tick_id.split(":")[-1]

    held = emulator.faults.hold(CALLBACK)
    await emulator.click(m1, post, tick_id, wait=False)
    await asyncio.wait_for(held.arrived.wait(), 10)
    assert "Done" in held.request["json"]["data"]["content"]  # type: ignore[index]
    # the answer is on its way, so the tick is already committed; the process dies now
    await first.killed()
    assert ticks(db, gid) == [(m1.id, 1, task_id)]
    held.release()

    second = await bots.start()
    again = await emulator.click(m1, post, tick_id)
    assert again.ephemeral and "already did" in again.content
    await second.stop()
    assert ticks(db, gid) == [(m1.id, 1, task_id)]
    assert len(day_posts(emulator, ch)) == 1
    assert [p[:3] for p in posts(db, gid)] == [(gid, 1, "sent")]


async def test_fifty_members_click_the_same_post_at_once(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    ch = g.channel_named("ch0")
    gid = await posted_group(emulator, bots, db, today)
    bot = await bots.start()
    post = await emulator.wait_for_message(ch, lambda m: bool(m.get("embeds")), timeout=15)
    tick_id = first_tick_id(post)
    task_id = tick_id.split(":")[-1]
    members = [g.member_named(f"m{i}") for i in range(1, MEMBERS + 1)]

    replies = await asyncio.gather(*(emulator.click(m, post, tick_id, timeout=15) for m in members))
    assert len(replies) == MEMBERS
    assert all(r.ephemeral and "Done" in r.content for r in replies), [
        r.content for r in replies if "Done" not in r.content
    ]
    await bot.stop()
    assert ticks(db, gid) == sorted((m.id, 1, task_id) for m in members)
    assert len(day_posts(emulator, ch)) == 1
