"""The emulator side of the soak (row 6): one simulated day of members using the day's posts.

``soak_day`` waits until every channel holds the day's post, then each member works through
it as a hesitant person would: each task button (``Done``), the same button again (``You
already did``, an ephemeral reply with an Undo button), that Undo, the task again, and Check in.
It runs in the emulator's process (``bench.emulator_proc``), so the bot's process holds only
the bot.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from emulator import Emulator
from emulator.scenario import Member

JSON = dict[str, Any]
TICK = "studybot:tick:"
CHECKIN = "studybot:checkin:"


def bot_posts(emu: Emulator, channel: int) -> list[JSON]:
    """The bot's messages with buttons in a channel (its day posts), oldest first."""
    bot = str(emu.bot_user_id)
    return [m for m in emu.messages(channel) if m["author"]["id"] == bot and m.get("components")]


def _buttons(message: JSON) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


async def soak_day(
    emu: Emulator,
    members: list[Member],
    channels: list[int],
    posts: int,
    timeout: float,
    concurrency: int,
) -> JSON:
    """Wait for post number ``posts`` in every channel, then every member uses it."""
    deadline = time.monotonic() + timeout
    while min(len(bot_posts(emu, c)) for c in channels) < posts:
        if time.monotonic() > deadline:
            have = {c: len(bot_posts(emu, c)) for c in channels}
            raise TimeoutError(f"day {posts} not posted in every channel: {have}")
        await asyncio.sleep(0.05)
    gate = asyncio.Semaphore(concurrency)
    counts = {"clicks": 0, "with_buttons": 0, "errors": 0}
    errors: list[str] = []

    async def click(member: Member, message: JSON, custom_id: str) -> Any:
        counts["clicks"] += 1
        try:
            return await emu.click(member, message, custom_id)
        except Exception as exc:  # counted, never stops the day
            counts["errors"] += 1
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return None

    async def member_day(member: Member, post: JSON) -> None:
        buttons = _buttons(post)
        ticks = [b for b in buttons if b.startswith(TICK)]
        checkin = [b for b in buttons if b.startswith(CHECKIN)]
        async with gate:
            for custom_id in ticks:
                await click(member, post, custom_id)  # Done
                again = await click(member, post, custom_id)  # already: an Undo button
                if again is not None and again.buttons():
                    counts["with_buttons"] += 1
                    await click(member, again.message, again.buttons()[0]["custom_id"])
                    await click(member, post, custom_id)  # Done again
            for custom_id in checkin:
                await click(member, post, custom_id)

    await asyncio.gather(*(member_day(m, bot_posts(emu, c)[-1]) for c in channels for m in members))
    in_channels = [len(bot_posts(emu, c)) for c in channels]
    return {
        **counts,
        "error_samples": errors[:3],
        "posts_min": min(in_channels),
        "posts_max": max(in_channels),
    }
