"""The time machine runs the bot's scheduler on simulated time: every job at its own time, in
order, each finished before the next; the emulator and the bot read the same clock."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.daily import new_scheduler
from sandbox.clock import SimClock
from sandbox.time_machine import TimeMachine
from tests.e2e.conftest import posts_of
from tests.sandbox.conftest import START, Sandbox


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def day_numbers(sandbox: Sandbox) -> list[int]:
    """The day of each post in #general, from its tick buttons' ids (oldest first)."""
    days = []
    for post in posts_of(sandbox.emu, sandbox.channel()):
        first = post["components"][0]["components"][0]["custom_id"]
        days.append(int(first.split(":")[3]))
    return days


def post_times(sandbox: Sandbox) -> list[datetime]:
    return [
        datetime.fromisoformat(p["timestamp"]) for p in posts_of(sandbox.emu, sandbox.channel())
    ]


async def start_14day(sandbox: Sandbox, **options: Any) -> None:
    alice = sandbox.member("alice")
    await sandbox.emu.command(alice, sandbox.channel(), "roadmap start", roadmap="14day", **options)


async def test_a_week_posts_each_day_once_at_its_time_in_order(sandbox: Sandbox) -> None:
    await start_14day(sandbox)  # 09:00 UTC from today; it is 08:00
    assert day_numbers(sandbox) == []
    await sandbox.machine.advance(86400)
    assert sandbox.clock() == utc(3, 8)
    assert day_numbers(sandbox) == [1]
    await sandbox.machine.advance(7 * 86400)
    assert day_numbers(sandbox) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert post_times(sandbox) == [utc(2 + k, 9) for k in range(8)]  # the emulator's clock too
    assert sandbox.clock() == utc(10, 8)


async def test_next_post_stops_at_the_post_and_skips_days_without_one(sandbox: Sandbox) -> None:
    assert not await sandbox.machine.next_event()  # nothing scheduled yet: time stays
    assert sandbox.clock() == START
    await start_14day(sandbox, time="18:30", timezone="Asia/Shanghai", days="weekdays")
    # 18:30 in Shanghai is 10:30 UTC; Friday's post is the last before the weekend
    for expected in (utc(2, 10, 30), utc(3, 10, 30), utc(4, 10, 30), utc(5, 10, 30)):
        assert await sandbox.machine.next_event()
        assert sandbox.clock() == expected
    assert await sandbox.machine.next_event()
    assert sandbox.clock() == utc(6, 10, 30)
    assert await sandbox.machine.next_event()
    assert sandbox.clock() == utc(9, 10, 30)  # Saturday's and Sunday's jobs posted nothing
    assert day_numbers(sandbox) == [1, 2, 3, 4, 5, 6]
    assert sandbox.machine.zones() == ["Asia/Shanghai"]


async def test_the_control_api_moves_time_through_the_machine(sandbox: Sandbox) -> None:
    await start_14day(sandbox)
    moved, state = await sandbox.emu.time.next_event()
    assert moved and state["now"] == utc(2, 9).isoformat() and state["zones"] == ["UTC"]
    assert state["next"] == utc(3, 9).isoformat()
    state = await sandbox.emu.time.advance(2 * 86400)
    assert state["now"] == utc(4, 9).isoformat() and day_numbers(sandbox) == [1, 2, 3]


async def test_any_job_runs_at_its_own_time_in_order_and_may_rearm_itself() -> None:
    """Not only daily posts: cron jobs in any zone and one-shot jobs (like reminders and
    digests), each seeing the clock at its own fire time; a job that replaces itself."""
    clock = SimClock(utc(2, 0))
    scheduler = new_scheduler()
    machine = TimeMachine(clock, scheduler, posted=lambda: 0)
    seen: list[tuple[str, datetime]] = []

    async def job(name: str) -> None:
        await asyncio.sleep(0)  # a real await: the machine waits for the job to finish
        seen.append((name, clock()))
        if name == "rearming" and len([n for n, _ in seen if n == name]) < 3:
            later = clock() + timedelta(hours=5)
            scheduler.add_job(
                job, DateTrigger(later), args=["rearming"], id="r", replace_existing=True
            )

    shanghai = CronTrigger(hour=7, minute=0, timezone="Asia/Shanghai")  # 23:00 UTC
    scheduler.add_job(
        job,
        shanghai,
        args=["cron"],
        id="c",
        next_run_time=shanghai.get_next_fire_time(None, clock()),
    )
    scheduler.add_job(job, DateTrigger(utc(2, 12)), args=["once"], id="o")
    scheduler.add_job(job, DateTrigger(utc(2, 3)), args=["rearming"], id="r")
    assert machine.next_fire() == utc(2, 3)
    await machine.advance_to(utc(3, 23, 30))
    assert seen == [
        ("rearming", utc(2, 3)),
        ("rearming", utc(2, 8)),
        ("once", utc(2, 12)),
        ("rearming", utc(2, 13)),
        ("cron", utc(2, 23)),
        ("cron", utc(3, 23)),
    ]
    assert clock() == utc(3, 23, 30)
    assert [j.id for j in scheduler.get_jobs()] == ["c"]
    assert machine.zones() == ["Asia/Shanghai"]
    scheduler.shutdown(wait=False)


async def test_a_failing_job_is_logged_and_time_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    clock = SimClock(utc(2, 0))
    scheduler = new_scheduler()
    machine = TimeMachine(clock, scheduler, posted=lambda: 0)
    ran: list[datetime] = []

    async def broken() -> None:
        raise RuntimeError("boom")

    async def fine() -> None:
        ran.append(clock())

    scheduler.add_job(broken, DateTrigger(utc(2, 1)), id="b")
    scheduler.add_job(fine, DateTrigger(utc(2, 2)), id="f")
    with caplog.at_level(logging.ERROR):
        await machine.advance(3 * 3600)
    assert ran == [utc(2, 2)] and clock() == utc(2, 3)
    assert any("raised" in r.getMessage() and r.exc_info for r in caplog.records)
    scheduler.shutdown(wait=False)


def test_the_clock_never_goes_back() -> None:
    clock = SimClock(utc(2, 8))
    clock.advance(60)
    assert clock() == utc(2, 8, 1) and clock.now() == utc(2, 8, 1).timestamp()
    with pytest.raises(ValueError, match="does not go back"):
        clock.set(utc(2, 8))
    with pytest.raises(ValueError, match="aware"):
        SimClock(datetime(2026, 3, 2))
