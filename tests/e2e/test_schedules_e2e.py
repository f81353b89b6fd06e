"""Schedules end to end: a DST zone, weekday-only and pace-2 groups, and pause/resume.

Expected instants are written out by hand: New York is UTC-5 (EST) until 2026-03-08 02:00 local,
UTC-4 (EDT) after, so 09:00 local is 14:00Z before the change and 13:00Z after.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import errors as E
from bot.app import StudyBot
from bot.daily import JobKey
from bot.daily.job_ids import of_group
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World, fire, posts_of
from tests.explain import told

NEW_YORK = ZoneInfo("America/New_York")


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def fields_of(reply: Any) -> dict[str, str]:
    return {f["name"]: f["value"] for f in reply.embeds[0].get("fields", [])}


def day_titles(emulator: Emulator, world: World) -> list[str]:
    return [p["embeds"][0]["title"].split(" · ")[0] for p in posts_of(emulator, world.general)]


async def only_group(bot: StudyBot) -> int:
    (group,) = await bot.store.running_groups_all_guilds()
    return group.id


async def test_new_york_posts_at_nine_local_across_spring_forward(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(utc(3, 6, 12))  # Friday 07:00 EST
    await emulator.command(
        world.alice,
        world.general,
        "roadmap start",
        roadmap="14day",
        time="09:00",
        timezone="America/New_York",
    )
    gid = await only_group(studybot)
    job = studybot.scheduler.get_job(JobKey(gid).id)
    assert job is not None

    # (fire at, expected days posted so far); 08:00 local on Saturday is too early,
    # and 10:00 local on Sunday (14:00Z, after the change) posts nothing twice.
    steps = [
        (utc(3, 6, 14), 1),  # Fri 09:00 EST
        (utc(3, 7, 13), 1),  # Sat 08:00 EST: not yet
        (utc(3, 7, 14), 2),  # Sat 09:00 EST
        (utc(3, 8, 13), 3),  # Sun 09:00 EDT: the first day after the change
        (utc(3, 8, 14), 3),  # Sun 10:00 EDT: already posted
        (utc(3, 9, 13), 4),  # Mon 09:00 EDT
    ]
    for when, expected in steps:
        clock.set(when)
        await fire(studybot, gid)
        assert day_titles(emulator, world) == [f"Day {d}/14" for d in range(1, expected + 1)]

    ledger = await studybot.store.posts(world.hall.id, gid)
    assert [(p.day, p.state, p.late) for p in ledger] == [(d, "sent", False) for d in (1, 2, 3, 4)]
    assert [p.claimed_at for p in ledger] == [
        utc(3, 6, 14),
        utc(3, 7, 14),
        utc(3, 8, 13),
        utc(3, 9, 13),
    ]
    assert [p.sent_at for p in ledger] == [p.claimed_at for p in ledger]

    # The CronTrigger's next fire time is 09:00 local on both sides of the change.
    trigger = job.trigger
    expected_next = {
        utc(3, 6, 14): utc(3, 7, 14),
        utc(3, 7, 14): utc(3, 8, 13),  # Saturday EST -> Sunday EDT
        utc(3, 8, 13): utc(3, 9, 13),
    }
    for after, nxt in expected_next.items():
        got = trigger.get_next_fire_time(after, after + timedelta(minutes=1))
        assert got == nxt, (after, got)
        assert (got.astimezone(NEW_YORK).hour, got.astimezone(NEW_YORK).minute) == (9, 0)
    live = studybot.scheduler.get_job(JobKey(gid).id)
    assert live is not None and live.next_run_time is not None
    local = live.next_run_time.astimezone(NEW_YORK)
    assert (local.hour, local.minute) == (9, 0)

    # /roadmap status on Saturday names Sunday's 09:00 local and its Discord timestamp.
    clock.set(utc(3, 7, 20))
    status = await emulator.command(world.alice, world.general, "roadmap status")
    assert "Day **2** of 14" in status.embeds[0]["description"]
    assert fields_of(status)["Next post"] == (
        f"day 3: Sun, Mar 8, 09:00 (America/New_York) · <t:{int(utc(3, 8, 13).timestamp())}:R>"
    )


async def test_weekdays_only_skips_the_weekend(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(utc(3, 6, 7))  # Friday
    await emulator.command(
        world.alice, world.general, "roadmap start", roadmap="14day", time="9", days="weekdays"
    )
    gid = await only_group(studybot)
    await emulator.command(world.bob, world.general, "join", roadmap="14day")

    clock.set(utc(3, 6, 9, 1))
    await fire(studybot, gid)
    assert day_titles(emulator, world) == ["Day 1/14"]
    first = await emulator.command(world.bob, world.general, "checkin")
    assert "连续打卡：1 天。" in first.content  # bob reads Chinese

    for saturday_or_sunday in (7, 8):
        clock.set(utc(3, saturday_or_sunday, 9, 1))
        await fire(studybot, gid)
        assert day_titles(emulator, world) == ["Day 1/14"]
    status = await emulator.command(world.alice, world.general, "roadmap status")
    assert "Day **1** of 14" in status.embeds[0]["description"]
    assert fields_of(status)["Next post"].startswith("day 2: Mon, Mar 9, 09:00 (UTC) · ")

    clock.set(utc(3, 9, 9, 1))  # Monday continues with day 2
    await fire(studybot, gid)
    # Friday then Monday: the weekend does not break the streak.
    monday = await emulator.command(world.bob, world.general, "checkin")
    assert "连续打卡：2 天。" in monday.content
    clock.set(utc(3, 10, 9, 1))
    await fire(studybot, gid)
    assert day_titles(emulator, world) == ["Day 1/14", "Day 2/14", "Day 3/14"]
    ledger = await studybot.store.posts(world.hall.id, gid)
    assert [(p.day, p.claimed_at) for p in ledger] == [
        (1, utc(3, 6, 9, 1)),
        (2, utc(3, 9, 9, 1)),
        (3, utc(3, 10, 9, 1)),
    ]


async def test_pace_two_releases_a_day_every_two_days(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await emulator.command(
        world.alice, world.general, "roadmap start", roadmap="14day", time="9am", pace=2
    )
    gid = await only_group(studybot)
    expected = {2: ["Day 1/14"], 3: ["Day 1/14"], 4: ["Day 1/14", "Day 2/14"]}
    expected[5] = expected[4]
    expected[6] = [*expected[4], "Day 3/14"]
    for date in range(2, 7):  # Monday 2026-03-02 .. Friday
        clock.set(utc(3, date, 9, 1))
        await fire(studybot, gid)
        assert day_titles(emulator, world) == expected[date], date
        if date == 3:
            status = await emulator.command(world.alice, world.general, "roadmap status")
            fields = fields_of(status)
            assert "Day **1** of 14" in status.embeds[0]["description"]
            assert fields["Next post"].startswith("day 2: Wed, Mar 4, 09:00 (UTC) · ")
            assert "1 roadmap day per 2 days" in fields["Schedule"]


async def test_paused_days_are_not_counted(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day")
    gid = await only_group(studybot)
    await emulator.command(world.bob, world.general, "join", roadmap="14day")
    for date in (2, 3):
        clock.set(utc(3, date, 9, 1))
        await fire(studybot, gid)
        await emulator.command(world.bob, world.general, "checkin")
    assert day_titles(emulator, world) == ["Day 1/14", "Day 2/14"]

    clock.set(utc(3, 3, 12))
    paused = await emulator.command(world.alice, world.general, "roadmap pause")
    assert fields_of(paused)["State"] == "paused"
    assert fields_of(paused)["Next post"] == "paused: resume with `/roadmap resume`"
    refused = await emulator.command(world.bob, world.general, "roadmap pause")
    assert refused.content == told(world.bob, E.NotManager())
    # the pause reached the scheduler at once: the group has no job left to fire
    assert [j.id for j in studybot.scheduler.get_jobs() if of_group(j.id, gid)] == []

    for date in (4, 5):  # Wednesday and Thursday 09:00 fall inside the pause
        clock.set(utc(3, date, 9, 1))
        assert await studybot.daily.run(world.hall.id, gid) == 0  # a run anyway posts nothing
    assert day_titles(emulator, world) == ["Day 1/14", "Day 2/14"]

    clock.set(utc(3, 5, 12))
    resumed = await emulator.command(world.alice, world.general, "roadmap resume")
    assert studybot.scheduler.get_job(JobKey(gid).id) is not None  # re-armed before the reply
    assert "Day **2** of 14" in resumed.embeds[0]["description"]
    assert fields_of(resumed)["Next post"] == (
        f"day 3: Fri, Mar 6, 09:00 (UTC) · <t:{int(utc(3, 6, 9).timestamp())}:R>"
    )
    assert day_titles(emulator, world) == ["Day 1/14", "Day 2/14"]

    clock.set(utc(3, 6, 9, 1))
    await fire(studybot, gid)
    assert day_titles(emulator, world) == ["Day 1/14", "Day 2/14", "Day 3/14"]
    ledger = await studybot.store.posts(world.hall.id, gid)
    assert [(p.day, p.state) for p in ledger] == [(1, "sent"), (2, "sent"), (3, "sent")]
    # Monday, Tuesday, (paused Wednesday and Thursday), Friday: a 3-day streak.
    friday = await emulator.command(world.bob, world.general, "checkin")
    assert "连续打卡：3 天。" in friday.content
