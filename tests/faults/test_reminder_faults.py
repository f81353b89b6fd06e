"""A crash in the middle of a reminder fan-out: the real bot is killed (SIGKILL) while one DM
is in flight (Discord stores it, the bot never hears back) and another's connection is reset
after Discord stored it; restarted, the bot finds both in their DMs and sends every reminder
still owed: each member ends up with exactly one DM, nothing doubled, nothing missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store
from emulator import Emulator, Scenario
from tests.faults.conftest import SEND, Bots, LocalDay, hall, rows, seed_group, wait_db

MEMBERS = 6


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=1, members=MEMBERS)


def reminder_states(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "SELECT state FROM reminders ORDER BY user_id")]


async def test_killed_mid_fan_out_nothing_doubled_or_missing(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    members = [g.member_named(f"m{i}") for i in range(1, MEMBERS + 1)]
    group = await seed_group(
        db,
        g.id,
        g.channel_named("ch0").id,
        day=today,
        created_by=alice.id,
        members=[m.id for m in members],
    )
    async with Store.open(db) as store:
        await store.set_group_setting(g.id, group, "reminders", "1")
        await store.set_group_setting(
            g.id, group, "reminder_time", today.post_time.strftime("%H:%M")
        )
    # the DM channels exist already (members the bot reminded before): their paths are known
    dm = {m.id: emulator.open_dm(m) for m in members}
    held = emulator.faults.hold(SEND, path=f"/channels/{dm[members[2].id]}/messages")
    emulator.faults.drop(SEND, path=f"/channels/{dm[members[4].id]}/messages")

    first = await bots.start()
    await held.arrived.wait()
    await first.killed()
    held.release()  # Discord stores the DM the dead bot sent
    await emulator.wait_until(
        lambda: len(emulator.dm_messages(members[2])) == 1, 10, "the held DM stored"
    )

    second = await bots.start()
    await wait_db(
        db, lambda d: reminder_states(d) == ["sent"] * MEMBERS, 20, "every reminder confirmed"
    )
    await second.stop()
    assert [len(emulator.dm_messages(m)) for m in members] == [1] * MEMBERS
    ids = {int(emulator.dm_messages(m)[0]["id"]) for m in members}
    confirmed = {r[0] for r in rows(db, "SELECT message_id FROM reminders")}
    assert confirmed == ids
