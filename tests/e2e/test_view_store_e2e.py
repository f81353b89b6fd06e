"""Replies and posts with buttons are not kept in discord.py's view store: their clicks are the
persistent ``DynamicItem``s' alone, so memory does not grow with every reply (issue 12)."""

from __future__ import annotations

import asyncio

from bot.app import StudyBot
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World, fire, posts_of

REPLIES = 60


def view_store(bot: StudyBot) -> tuple[int, int, int]:
    """What discord.py's view store holds: items by message, views by message, modals."""
    store = bot._connection._view_store
    return len(store._views), len(store._synced_message_views), len(store._modals)


async def test_replies_with_buttons_are_not_stored(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day", time="9")
    for member in (world.bob, world.carol):
        await emulator.command(member, world.general, "join", roadmap="14day")
    clock.advance(hours=2, minutes=1)
    (group,) = await studybot.store.running_groups_all_guilds()
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    buttons = [c["custom_id"] for row in post["components"] for c in row["components"]]
    tick_ids = [b for b in buttons if ":tick:" in b]
    tasks_before = len(asyncio.all_tasks())

    with_buttons = 0
    for n in range(REPLIES):
        member = (world.bob, world.carol)[n % 2]
        reply = await emulator.click(member, post, tick_ids[n % len(tick_ids)])
        if reply.buttons():  # "You already did": an ephemeral reply with an Undo button
            with_buttons += 1
            undone = await emulator.click(member, reply.message, reply.buttons()[0]["custom_id"])
            assert undone.content.startswith(("Undone", "已撤销")), undone.content
    today = await emulator.command(world.bob, world.general, "today")
    assert today.buttons()

    assert with_buttons >= REPLIES // 2
    assert view_store(studybot) == (0, 0, 0)
    # no 15-minute view timeout task per reply either
    assert len(asyncio.all_tasks()) <= tasks_before + 2
