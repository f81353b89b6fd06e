"""The bot died right after Discord stored day 3's post, and came back three days later: both
clocks (the bot's, injected, and the emulator's, Discord's) move together. Day 3's post is
found where its attempt could have landed, pages deep, and confirmed, never sent again; the
days the bot missed follow the downtime rules (issue 12)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.app import StudyBot
from bot.render import messages
from bot.services.posting import PostPlan, post_nonce
from bot.store import NewGroup, Store
from emulator import Emulator, running_bot
from tests.e2e.conftest import ROADMAPS, FakeClock, World, labels_of, make_settings

NOON = (datetime.now(UTC) + timedelta(days=30)).replace(hour=12, minute=0, second=0, microsecond=0)
"""Day 3 of the group, when the bot crashed: ahead of the machine's clock."""
SEND = "POST /channels/{channel_id}/messages"
HISTORY = "GET /channels/{channel_id}/messages"


class Waiter(logging.Handler):
    def __init__(self, needle: str) -> None:
        super().__init__(logging.INFO)
        self.needle = needle
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.seen.set()


def discord_now(emulator: Emulator, instant: datetime) -> None:
    """Set Discord's clock (the emulator's) to ``instant``; it runs on from there."""
    emulator.clock.offset += instant.timestamp() - emulator.clock.now()


async def send_as_bot(emulator: Emulator, channel_id: int, body: dict[str, object]) -> int:
    """What the bot's request did before it died: Discord stored the post."""
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        url = f"{emulator.rest_base}/channels/{channel_id}/messages"
        async with http.post(url, json=body) as resp:
            assert resp.status == 200, await resp.text()
            return int((await resp.json())["id"])


async def test_post_stored_before_a_crash_is_found_three_days_later(
    emulator: Emulator, world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.daily")
    settings = make_settings(tmp_path / "studybot.db")
    attempt = NOON.replace(hour=9)
    async with Store.open(settings.db_path) as store:
        new = NewGroup(
            world.hall.id,
            world.general.id,
            "14day",
            attempt.date() - timedelta(days=2),
            time(9),
            "UTC",
            world.alice.id,
        )
        group = await store.create_group(new, attempt - timedelta(days=2, hours=1))
        for day in (1, 2):
            when = attempt - timedelta(days=3 - day)
            await store.claim_post(
                world.hall.id, group.id, day, post_nonce(group.id, day), when, late=False
            )
            await store.confirm_post(world.hall.id, group.id, day, 10**17 + day, when)
        post = await store.claim_post(
            world.hall.id, group.id, 3, post_nonce(group.id, 3), attempt, late=False
        )
        assert post is not None
        await store.record_post_attempt(world.hall.id, group.id, 3, attempt, attempt)

        # Discord, at 09:00 of day 3: some chatter, the post the bot never heard back about, more
        discord_now(emulator, attempt - timedelta(seconds=30))
        for i in range(120):
            await emulator.user_message(world.bob, world.general, f"morning {i}")
        plan = PostPlan(group, ROADMAPS["14day"], 3, "day", False, False, post)
        day3 = messages.day_post(plan, "en")
        assert day3.view is not None
        stored = await send_as_bot(
            emulator,
            world.general.id,
            {
                "embeds": [e.to_dict() for e in day3.embeds],
                "components": day3.view.to_components(),
                "nonce": post_nonce(group.id, 3),
                "enforce_nonce": True,
            },
        )
        for i in range(150):
            await emulator.user_message(world.carol, world.general, f"day 3, {i}")
        for day in (4, 5):  # the bot stays down; the channel does not
            discord_now(emulator, attempt + timedelta(days=day - 3))
            for i in range(100):
                await emulator.user_message(world.bob, world.general, f"day {day}, {i}")

        # three days later, 12:00 of day 6: the bot starts again
        back = NOON + timedelta(days=3)
        discord_now(emulator, back)
        clock = FakeClock(back)
        bot = StudyBot(settings=settings, store=store, roadmaps=ROADMAPS, clock=clock)
        done = Waiter("start-up reconciliation done")
        logging.getLogger("bot.daily").addHandler(done)
        try:
            async with running_bot(emulator, bot):
                await asyncio.wait_for(done.seen.wait(), 20)
        finally:
            logging.getLogger("bot.daily").removeHandler(done)

        rows = {p.day: (p.state, p.message_id) for p in await store.posts(world.hall.id, group.id)}
    assert rows[3] == ("sent", stored)  # found, confirmed with that message
    assert rows[4][0] == rows[5][0] == "missed"  # down all day, catch-up off
    assert rows[6][0] == "sent"
    assert labels_of(emulator, world.general) == [f"g{group.id} d3", f"g{group.id} d6"]
    sends = [r for r in emulator.requests if r.route == SEND]
    assert [r.json["nonce"] for r in sends] == [post_nonce(group.id, 3), post_nonce(group.id, 6)]
    # 120 messages of the window before the post: found on the second page, days 4-6 unread
    assert sum(1 for r in emulator.requests if r.route == HISTORY) == 2
