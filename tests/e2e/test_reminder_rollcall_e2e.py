"""Reminders that cannot be DMs, and days without reminders, end to end: a member whose DMs
are closed (50007) is named in the group's one roll call of the day instead, never both and
never twice; with ``rollcall_mentions`` off the names do not ping; nobody is reminded on a
weekend of a weekday-only group, on their planned break, or while the group is paused."""

from __future__ import annotations

from datetime import date

from bot.app import StudyBot
from bot.store.features.settings import MemberBreak
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World
from tests.e2e.reminders_helpers import (
    armed,
    dms,
    join,
    reminders_on,
    rollcalls,
    run_due,
    start_group,
    utc,
)


def request_bodies(emulator: Emulator, path_part: str) -> list[dict]:
    return [
        r.json
        for r in emulator.requests
        if r.method == "POST" and path_part in r.path and r.status == 200 and r.json
    ]


async def test_closed_dms_go_to_one_roll_call(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(utc(3, 2, 7))  # Monday, London
    group = await start_group(emulator, studybot, world, zone="Europe/London")
    for member in (world.bob, world.carol):
        await join(emulator, world, member)
    emulator.set_dms(world.carol, False)
    await reminders_on(studybot, group)

    clock.set(utc(3, 2, 21))
    await run_due(studybot, group)
    assert len(dms(emulator, world.bob)) == 1 and dms(emulator, world.carol) == []
    (call,) = rollcalls(emulator, world)
    assert f"<@{world.carol.id}>" in call["content"] and f"<@{world.bob.id}>" not in call["content"]
    sent = [
        b
        for b in request_bodies(emulator, f"/channels/{world.general.id}/messages")
        if "rollcall" in str(b.get("components"))
    ]
    assert sent[0]["allowed_mentions"]["users"] == [world.carol.id]
    assert sent[0]["allowed_mentions"]["parse"] == []
    pref = await studybot.store.reminder_pref(group.guild_id, group.id, world.carol.id)
    assert pref.dms_closed

    await run_due(studybot, group)  # again the same evening: nothing more
    clock.set(utc(3, 2, 22))
    await run_due(studybot, group)
    assert len(rollcalls(emulator, world)) == 1 and len(dms(emulator, world.bob)) == 1

    # Tuesday, mentions off: carol (known closed) is named without a ping, bob gets his DM
    await studybot.store.set_group_setting(group.guild_id, group.id, "rollcall_mentions", "0")
    clock.set(utc(3, 3, 21))
    await run_due(studybot, group)
    assert len(rollcalls(emulator, world)) == 2 and len(dms(emulator, world.bob)) == 2
    assert dms(emulator, world.carol) == []
    last = [
        b
        for b in request_bodies(emulator, f"/channels/{world.general.id}/messages")
        if "rollcall" in str(b.get("components"))
    ][-1]
    assert f"<@{world.carol.id}>" in last["content"]
    assert last["allowed_mentions"].get("users", []) == []
    assert last["allowed_mentions"]["parse"] == []

    # carol stops it from the roll call's button
    reply = await emulator.click(world.carol, rollcalls(emulator, world)[-1], rollcall_id(last))
    assert reply.ephemeral
    pref = await studybot.store.reminder_pref(group.guild_id, group.id, world.carol.id)
    assert not pref.enabled
    clock.set(utc(3, 4, 21))
    await run_due(studybot, group)
    assert len(rollcalls(emulator, world)) == 2 and len(dms(emulator, world.bob)) == 3


def rollcall_id(body: dict) -> str:
    return next(
        c["custom_id"]
        for row in body["components"]
        for c in row["components"]
        if c.get("custom_id", "").startswith("studybot:rollcall:")
    )


async def test_no_reminder_on_weekend_break_or_pause(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(utc(3, 5, 7))  # Thursday, London
    group = await start_group(emulator, studybot, world, zone="Europe/London", days="weekdays")
    for member in (world.bob, world.carol):
        await join(emulator, world, member)
    await reminders_on(studybot, group)
    await studybot.store.add_break(
        MemberBreak(
            group.guild_id, group.id, world.bob.id, date(2026, 3, 6), date(2026, 3, 9), clock()
        )
    )
    clock.set(utc(3, 5, 21))  # Thursday: both
    await run_due(studybot, group)
    assert (len(dms(emulator, world.bob)), len(dms(emulator, world.carol))) == (1, 1)
    clock.set(utc(3, 6, 21))  # Friday: bob is on his break
    await run_due(studybot, group)
    assert (len(dms(emulator, world.bob)), len(dms(emulator, world.carol))) == (1, 2)
    for day in (7, 8):  # the weekend of a weekday-only group
        clock.set(utc(3, day, 21))
        await run_due(studybot, group)
    assert (len(dms(emulator, world.bob)), len(dms(emulator, world.carol))) == (1, 2)

    clock.set(utc(3, 9, 10))
    await emulator.command(world.alice, world.general, "roadmap pause")
    assert armed(studybot, group) is None  # a paused group has no reminder job
    clock.set(utc(3, 9, 21))
    await run_due(studybot, group)  # even if run: paused, nobody
    assert (len(dms(emulator, world.bob)), len(dms(emulator, world.carol))) == (1, 2)
    assert rollcalls(emulator, world) == []
