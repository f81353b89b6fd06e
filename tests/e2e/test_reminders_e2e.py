"""Reminders end to end: members in two timezones reminded at 21:00 their own time across
New York's spring-forward, nothing for a member who studied, the job re-armed at the next
member's instant, and ``/remind`` with the DM's "stop reminding me".

New York is UTC-5 until 2026-03-08 02:00 local, UTC-4 after: 21:00 there is 02:00Z on
Saturday night and 01:00Z from Sunday night on. Shanghai is UTC+8: 21:00 is 13:00Z.
"""

from __future__ import annotations

from bot.app import StudyBot
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World
from tests.e2e.reminders_helpers import (
    armed,
    dms,
    join,
    reminders_on,
    run_due,
    start_group,
    utc,
)


async def test_two_zones_across_spring_forward(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(utc(3, 5, 12))  # Thursday 07:00 in New York: day 1 at 09:00
    group = await start_group(emulator, studybot, world, zone="America/New_York")
    await join(emulator, world, world.bob, "Asia/Shanghai")
    await join(emulator, world, world.carol)
    await reminders_on(studybot, group)
    assert armed(studybot, group) == utc(3, 5, 13)  # bob, Thursday 21:00 in Shanghai

    # (instant, bob's DMs, carol's DMs, the job's next instant)
    steps = [
        (utc(3, 5, 13), 0, 0, utc(3, 6, 2)),  # Thu 21:00 Shanghai: day 1 not out (09:00 NY)
        (utc(3, 6, 2), 0, 1, utc(3, 6, 13)),  # Thu 21:00 EST: carol
        (utc(3, 6, 13), 1, 1, utc(3, 7, 2)),  # Fri 21:00 Shanghai: bob
        (utc(3, 7, 2), 1, 2, utc(3, 7, 13)),  # Fri 21:00 EST
        (utc(3, 7, 13), 2, 2, utc(3, 8, 2)),  # Sat 21:00 Shanghai
        (utc(3, 8, 2), 2, 3, utc(3, 8, 13)),  # Sat 21:00 EST
        (utc(3, 8, 13), 3, 3, utc(3, 9, 1)),  # Sun 21:00 Shanghai; carol next at 21:00 EDT
        (utc(3, 9, 1), 3, 4, utc(3, 9, 13)),  # Sun 21:00 EDT: an hour earlier in UTC
    ]
    for when, bob_dms, carol_dms, after in steps:
        clock.set(when)
        assert await run_due(studybot, group) == after, when
        assert (len(dms(emulator, world.bob)), len(dms(emulator, world.carol))) == (
            bob_dms,
            carol_dms,
        ), when
        await run_due(studybot, group)  # the same instant again: nothing doubles
        assert len(dms(emulator, world.bob)) == bob_dms

    dm = dms(emulator, world.carol)[-1]
    assert "14" in dm["content"] or "/remind" in dm["content"]
    ledger = await studybot.store.reminders_since(group.guild_id, group.id, utc(3, 1, 0).date())
    assert {(r.user_id, r.state) for r in ledger} == {
        (world.bob.id, "sent"),
        (world.carol.id, "sent"),
    }
    assert len(ledger) == 7


async def test_nothing_for_who_studied_and_stop_button(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(utc(3, 2, 7))  # Monday 07:00 in London
    group = await start_group(emulator, studybot, world, zone="Europe/London")
    await join(emulator, world, world.bob)
    await join(emulator, world, world.carol)
    await reminders_on(studybot, group)
    clock.set(utc(3, 2, 12))
    await emulator.command(world.carol, world.general, "checkin")
    clock.set(utc(3, 2, 21))
    await run_due(studybot, group)
    assert len(dms(emulator, world.bob)) == 1 and dms(emulator, world.carol) == []

    (dm,) = dms(emulator, world.bob)
    stop_id = next(
        c["custom_id"] for row in dm["components"] for c in row["components"] if "custom_id" in c
    )
    assert stop_id == f"studybot:remindstop:{group.guild_id}:{group.id}:20260302"
    reply = await emulator.click(world.bob, dm, stop_id)
    assert reply.ephemeral and "/remind" in reply.content
    pref = await studybot.store.reminder_pref(group.guild_id, group.id, world.bob.id)
    assert not pref.enabled

    clock.set(utc(3, 3, 21))
    await run_due(studybot, group)
    assert len(dms(emulator, world.bob)) == 1  # stopped
    assert len(dms(emulator, world.carol)) == 1  # carol did nothing on Tuesday

    reply = await emulator.command(world.bob, world.general, "remind", time="晚上8点")
    assert "20:00" in reply.content or "8:00" in reply.content
    # bob is on again and 20:00 has passed today with nothing done: due at once
    assert armed(studybot, group) == utc(3, 3, 21)
    assert await run_due(studybot, group) == utc(3, 4, 20)  # then Wednesday 20:00
    assert len(dms(emulator, world.bob)) == 2
    reply = await emulator.command(world.bob, world.general, "remind", enabled=False)
    assert "enabled:True" in reply.content  # bob reads Chinese: how to turn them on again
    assert armed(studybot, group) == utc(3, 4, 21)  # carol only
