"""pytest plugin: ``scenario`` and ``emulator`` fixtures, and ``--openapi-validate``.

Register with ``pytest_plugins = ["emulator.pytest_plugin"]`` in a conftest.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from emulator.scenario import Scenario
from emulator.server import Emulator

log = logging.getLogger(__name__)

_checker: Any = None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("studybot-emulator")
    group.addoption(
        "--openapi-validate",
        action="store_true",
        default=False,
        help="validate every emulator request/response against Discord's OpenAPI description "
        "(also enabled by STUDYBOT_EMU_OPENAPI=1)",
    )


def openapi_enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--openapi-validate", default=False)) or os.environ.get(
        "STUDYBOT_EMU_OPENAPI", ""
    ) not in ("", "0", "false", "no")


def openapi_checker(config: pytest.Config) -> Any:
    """The session's OpenAPI checker (loaded once), or None when validation is off."""
    global _checker
    if not openapi_enabled(config):
        return None
    if _checker is None:
        from emulator.openapi import OpenAPIChecker

        _checker = OpenAPIChecker.load()
    return _checker


@pytest.fixture
def scenario() -> Scenario:
    """A small world: guild "Study Hall" with #general, members alice (manage_guild) and bob."""
    sc = Scenario()
    guild = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    guild.text_channel("general")
    guild.member("alice", manage_guild=True, locale="en-US")
    guild.member("bob", locale="zh-CN")
    return sc


@pytest_asyncio.fixture
async def emulator(scenario: Scenario, request: pytest.FixtureRequest) -> AsyncIterator[Emulator]:
    """A running emulator for ``scenario`` with discord.py pointed at it (undone afterwards).

    With OpenAPI validation on, a test fails at teardown if any request or response violated
    Discord's OpenAPI description (beyond ``emulator/openapi_allowlist.py``).
    """
    checker = openapi_checker(request.config)
    emu = Emulator(scenario, token="test-token", openapi=checker.session() if checker else None)
    async with emu:
        emu.patch_discord()
        yield emu
    unrouted = [f"{r.method} {r.path}" for r in emu.unrouted]
    assert not unrouted, f"the bot called API routes the emulator does not serve: {unrouted}"
    assert not emu.internal_errors, f"the emulator failed on requests: {emu.internal_errors}"
    if emu.openapi is not None:
        emu.openapi.raise_if_errors()
