"""Fixtures for the emulator's own tests: a plain discord.py ``commands.Bot`` to drive."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio
from emu_bot import EmuBot

from emulator import Emulator, running_bot

# emulator.pytest_plugin is registered by the top-level tests/conftest.py
# (pytest only honours pytest_plugins there).


@pytest.fixture
def bot_factory() -> Callable[..., EmuBot]:
    return EmuBot


@pytest_asyncio.fixture
async def bot(emulator: Emulator) -> AsyncIterator[EmuBot]:
    """An EmuBot connected to the ``emulator`` fixture, commands synced."""
    client = EmuBot()
    async with running_bot(emulator, client, wait_sync=True):
        yield client
