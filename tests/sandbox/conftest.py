"""Sandbox fixtures: the real bot and the emulator sharing a simulated clock, the bot's scheduler
in the time machine's hands (what ``studybot sandbox`` runs, without the web page)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import StudyBot
from bot.daily import new_scheduler
from bot.store import Store
from emulator import Channel, Emulator, Member, Scenario, running_bot
from emulator.pytest_plugin import openapi_checker
from sandbox.app import count_posts, settle
from sandbox.clock import SimClock
from sandbox.time_machine import TimeMachine
from sandbox.world import demo_world
from tests.e2e.conftest import ROADMAPS, make_settings

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday, an hour before the default post time


@dataclass
class Sandbox:
    emu: Emulator
    bot: StudyBot
    clock: SimClock
    machine: TimeMachine
    world: Scenario

    def member(self, name: str, guild: int = 0) -> Member:
        return self.world.guilds[guild].member_named(name)

    def channel(self, name: str = "general", guild: int = 0) -> Channel:
        return self.world.guilds[guild].channel_named(name)


@pytest.fixture
def clock() -> SimClock:
    return SimClock(START)


@pytest_asyncio.fixture
async def sandbox(
    tmp_path: Path, clock: SimClock, request: pytest.FixtureRequest
) -> AsyncIterator[Sandbox]:
    checker = openapi_checker(request.config)
    world = demo_world()
    emu = Emulator(
        world, token="test-token", clock=clock, openapi=checker.session() if checker else None
    )
    async with emu:
        emu.patch_discord()
        scheduler = new_scheduler()
        machine = TimeMachine(
            clock, scheduler, posted=partial(count_posts, emu), settle=partial(settle, emu)
        )
        emu.time.use(machine)
        settings = make_settings(tmp_path / "studybot.db")
        async with Store.open(settings.db_path) as store:
            bot = StudyBot(
                settings=settings, store=store, roadmaps=ROADMAPS, clock=clock, scheduler=scheduler
            )
            async with running_bot(emu, bot, wait_sync=True):
                yield Sandbox(emu, bot, clock, machine, world)
    assert not emu.unrouted, [f"{r.method} {r.path}" for r in emu.unrouted]
    assert not emu.internal_errors, emu.internal_errors
    if emu.openapi is not None:
        emu.openapi.raise_if_errors()
