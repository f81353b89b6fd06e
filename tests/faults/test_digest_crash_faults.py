"""kill -9 in the middle of the weekly digest's fan-out: after the restart every group has
exactly one digest, with its chart, and a confirmed ledger row."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.render import ids
from bot.services.digest_plan import monday_of
from bot.store import Store
from emulator import Emulator, Scenario
from tests.faults.conftest import SEND, Bots, LocalDay, hall, rows, seed_group, wait_db

GROUPS = 6


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=GROUPS, members=3)


def digests_in(emu: Emulator, channel: Any) -> list[dict[str, Any]]:
    """The bot's digests in a channel (found by their button, as the bot finds them)."""
    return [
        m
        for m in emu.messages(channel)
        for row in m.get("components") or []
        for c in row.get("components") or []
        if ids.digest.match(str(c.get("custom_id") or "")) is not None
    ]


def ledger(db: Path, week: str) -> list[tuple[Any, ...]]:
    sql = "SELECT group_id, week_start, state, message_id FROM digests WHERE week_start = ?"
    return rows(db, sql + " ORDER BY group_id", (week,))


async def seed(db: Path, emu: Emulator, today: LocalDay) -> list[int]:
    """Groups started 10 days ago whose digest is due today (their weekday, at their post
    time, an hour ago); every day post is settled, so the digests are the only sends."""
    g = emu.scenario.guilds[0]
    alice = g.member_named("alice").id
    members = [g.member_named(f"m{i}").id for i in (1, 2, 3)]
    start = today.today - timedelta(days=10)
    created = today.at(start, today.post_time) - timedelta(hours=1)
    groups = []
    for i in range(GROUPS):
        ch = g.channel_named(f"ch{i}")
        gid = await seed_group(
            db, g.id, ch.id, day=today, created_by=alice, start=start, created_at=created,
            members=members, digest=True,
        )  # fmt: skip
        async with Store.open(db) as store:
            await store.set_group_setting(g.id, gid, "digest_weekday", str(today.today.weekday()))
            for day in range(1, 12):
                await store.record_missed_post(g.id, gid, day, f"sb{gid}d{day}", today.now)
        groups.append(gid)
    return groups


async def test_kill9_mid_digest_fan_out_every_group_gets_one_digest(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    groups = await seed(db, emulator, today)
    g = emulator.scenario.guilds[0]
    stored_ch, lost_ch = g.channel_named("ch1"), g.channel_named("ch3")
    stored = emulator.faults.hold(SEND, path=f"/channels/{stored_ch.id}/messages")
    lost = emulator.faults.hold(SEND, path=f"/channels/{lost_ch.id}/messages")
    week = (monday_of(today.today) - timedelta(days=7)).isoformat()

    first = await bots.start()
    await asyncio.wait_for(stored.arrived.wait(), 20)
    await asyncio.wait_for(lost.arrived.wait(), 20)
    others = {gid for i, gid in enumerate(groups) if i not in (1, 3)}

    def others_sent(path: Path) -> bool:
        return {r[0] for r in ledger(path, week) if r[2] == "sent"} >= others

    await wait_db(db, others_sent, 20, "the other groups' digests confirmed")
    await first.killed()  # mid fan-out: two digests in flight
    stored.release(drop=True)  # Discord stores it; the dead bot never hears of it
    lost.release(lose=True)  # never reached Discord
    await emulator.wait_until(lambda: len(digests_in(emulator, stored_ch)) == 1, 5, "stored")
    in_flight = {groups[1], groups[3]}
    assert {(r[0], r[2]) for r in ledger(db, week) if r[0] in in_flight} == {
        (gid, "claimed") for gid in in_flight
    }

    second = await bots.start()
    found = int(digests_in(emulator, stored_ch)[0]["id"])
    await second.wait_log(f"group {groups[1]}: the digest of {week} was already posted", 20)
    await second.wait_log(f"posted group {groups[3]}'s digest of {week}", 20)
    await second.stop()

    for i in range(GROUPS):
        ch = g.channel_named(f"ch{i}")
        (digest,) = digests_in(emulator, ch)
        (attachment,) = digest["attachments"]
        assert attachment["filename"] == "week.png" and attachment["size"] > 10_000
        assert "Weekly digest" in digest["embeds"][0]["title"]
    assert ledger(db, week) == [
        (gid, week, "sent", found if gid == groups[1] else ledger_id(emulator, g, i))
        for i, gid in enumerate(groups)
    ]
    # the week before was due (and is over) while no bot ran: recorded missed, never posted
    before = (monday_of(today.today) - timedelta(days=14)).isoformat()
    assert ledger(db, before) == [(gid, before, "missed", None) for gid in groups]
    sends = [r for r in emulator.requests if r.route == SEND]
    assert len(sends) == GROUPS + 1  # ch3's first attempt was lost, then sent once


def ledger_id(emu: Emulator, g: Any, i: int) -> int:
    return int(digests_in(emu, g.channel_named(f"ch{i}"))[0]["id"])
