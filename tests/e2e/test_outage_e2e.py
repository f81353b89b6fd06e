"""A server that stays unavailable at start-up (a Discord outage): reconciliation still runs,
once discord.py gives up waiting for it (``on_ready``), and the server's due post goes out in the
server's language as the bot last stored it, not the placeholder's en-US."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.app import StudyBot
from bot.services.posting import post_nonce
from bot.store import NewGroup, Store
from emulator import Emulator, Scenario, running_bot
from tests.e2e.conftest import ROADMAPS, FakeClock, labels_of, make_settings, posts_of

NOW = (datetime.now(UTC) + timedelta(days=30)).replace(hour=12, minute=0, second=0, microsecond=0)
TITLE_ZH = "14天打造LLM专家：从NLP基础到高级进阶"


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.member("alice", manage_guild=True)
    away = sc.guild("Elsewhere", locale="zh-CN", preferred_locale="zh-CN")
    away.text_channel("chinese")
    away.member("dave", manage_guild=True)
    return sc


async def test_due_post_of_an_unavailable_server_keeps_its_language(
    emulator: Emulator, scenario: Scenario, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.daily")
    away = scenario.guilds[1]
    channel = away.channel_named("chinese")
    settings = make_settings(tmp_path / "studybot.db")
    async with Store.open(settings.db_path) as store:
        await store.upsert_guild(away.id, "zh-CN", NOW - timedelta(days=3))  # seen before
        new = NewGroup(
            away.id, channel.id, "14day", NOW.date() - timedelta(days=1), time(9), "UTC", 1
        )
        group = await store.create_group(new, NOW - timedelta(days=3))
        await store.claim_post(away.id, group.id, 1, post_nonce(group.id, 1), NOW, late=False)
        await store.confirm_post(away.id, group.id, 1, 10**17, NOW - timedelta(days=1))
        emulator.guild_outage(away.id)
        bot = StudyBot(settings=settings, store=store, roadmaps=ROADMAPS, clock=FakeClock(NOW))
        bot._connection.guild_ready_timeout = 0.5  # discord.py's wait for the missing server
        done = Done()
        logging.getLogger("bot.daily").addHandler(done)
        try:
            async with running_bot(emulator, bot):
                await asyncio.wait_for(done.seen.wait(), 15)
                assert bot.is_ready()  # it ran after discord.py stopped waiting
                guild = bot.get_guild(away.id)
                assert guild is not None and guild.unavailable  # the outage is real
                [post] = posts_of(emulator, channel)
                assert labels_of(emulator, channel) == [f"g{group.id} d2"]
                assert TITLE_ZH in post["embeds"][0]["title"]
                rows = await store.posts(away.id, group.id)
                assert [(p.day, p.state) for p in rows] == [(1, "sent"), (2, "sent")]
        finally:
            logging.getLogger("bot.daily").removeHandler(done)


class Done(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("start-up reconciliation done"):
            self.seen.set()
