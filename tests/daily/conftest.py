"""Daily posting fixtures: a running APScheduler, groups as the store returns them, and a clock
far from the wall clock, so a fire time computed from the wrong "now" shows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.daily.jobs import new_scheduler
from bot.store import Group, GroupState
from tests.e2e.conftest import FakeClock

FAR = datetime(2031, 7, 14, 8, 0, tzinfo=UTC)
"""The injected clock's "now" in these tests: years away from the machine's."""


def group(group_id: int, hour: int = 9, tz: str = "UTC", state: GroupState = "active") -> Group:
    return Group(
        id=group_id,
        guild_id=1000 + group_id % 3,
        channel_id=group_id,
        roadmap_id="14day",
        start_date=date(2026, 3, 2),
        post_time=time(hour, 30),
        timezone=tz,
        pace=1,
        weekdays_only=False,
        catch_up=False,
        state=state,
        created_by=1,
        created_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        ended_at=None,
        problem=None,
    )


class Runs:
    """What the jobs call: records ``(guild_id, group_id)`` and says when it ran."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.ran = asyncio.Event()

    async def __call__(self, guild_id: int, group_id: int) -> int:
        self.calls.append((guild_id, group_id))
        self.ran.set()
        return 0


@pytest.fixture
async def scheduler() -> AsyncIterator[AsyncIOScheduler]:
    sched = new_scheduler()
    sched.start()
    yield sched
    if sched.running:
        sched.shutdown(wait=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(FAR)
