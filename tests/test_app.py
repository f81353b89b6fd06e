"""When start-up reconciliation starts: once every server listed in READY has arrived, not
discord.py's ``on_ready`` (2 s after the last GUILD_CREATE); ``on_ready`` if one never does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest

from bot.app import StudyBot
from bot.config import Settings
from bot.daily.tasks import drain
from bot.store import Store
from tests.conftest import NOW


@pytest.fixture
def runs() -> list[int]:
    """One entry per reconciliation started: how many servers the bot knew then."""
    return []


@pytest.fixture
async def bot(
    store: Store, runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StudyBot]:
    settings = Settings(_env_file=None, STUDYBOT_SYNC_COMMANDS=False)  # type: ignore[call-arg]
    studybot = StudyBot(settings=settings, store=store, roadmaps={}, clock=lambda: NOW)

    async def run_all() -> int:
        runs.append(len(studybot.guilds))
        return 0

    monkeypatch.setattr(studybot.daily, "reconcile", run_all)
    try:
        yield studybot
    finally:
        await studybot.close()


def listed(monkeypatch: pytest.MonkeyPatch, *ids: int) -> list[SimpleNamespace]:
    """What READY leaves in the cache: every server, unavailable until its GUILD_CREATE."""
    guilds = [SimpleNamespace(id=i, unavailable=True, preferred_locale="en-US") for i in ids]
    monkeypatch.setattr(StudyBot, "guilds", property(lambda self: guilds))
    return guilds


async def arrive(bot: StudyBot, guild: SimpleNamespace) -> None:
    guild.unavailable = False
    await bot.on_guild_available(guild)  # type: ignore[arg-type]
    await drain(1)


async def test_starts_when_the_last_listed_server_arrived(
    bot: StudyBot, runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = listed(monkeypatch, 1, 2)
    await bot.on_connect()
    await drain(1)
    await arrive(bot, one)
    assert runs == []
    await arrive(bot, two)
    assert runs == [2]
    await bot.on_ready()  # 2 s later: no second run
    await arrive(bot, one)  # back from an outage later on: no run either
    await drain(1)
    assert runs == [2]
    assert await bot.store.get_guild(1) is not None  # the locale is still stored


async def test_on_ready_starts_it_when_a_server_stays_unavailable(
    bot: StudyBot, runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = listed(monkeypatch, 1, 2)
    await bot.on_connect()
    await arrive(bot, one)
    assert runs == []
    await bot.on_ready()
    await drain(1)
    assert runs == [2]


async def test_every_identify_reconciles_once(
    bot: StudyBot, runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    listed(monkeypatch)  # no server at all: at once
    await bot.on_connect()
    await drain(1)
    await bot.on_ready()
    (one,) = listed(monkeypatch, 1)  # a second READY (re-identify) lists a server
    await bot.on_connect()
    await arrive(bot, one)
    await bot.on_ready()
    await drain(1)
    assert runs == [0, 1]
