"""The progress card end to end: ``/progress card:True`` and the button under one member's
progress answer with a PNG uploaded through the emulator (multipart), which the test downloads
from the attachment's url and compares with the reference pictures, in Chinese and English.

A weekday-only ``14day`` group starts Monday 2026-03-02 at 09:00 UTC; days 1-6 are posted on
03-02 .. 03-09, the group is paused over Tuesday 03-10 and day 7 is posted on Wednesday 03-11.
bob (Chinese Discord, shown as "小明 🌸") ticked all of day 1, two tasks of day 2 and one of
day 4; carol ticked day 1's first task.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from PIL import Image

from bot.app import StudyBot
from emulator import Emulator, Scenario
from emulator.interactions import Reply
from tests.e2e.conftest import ROADMAPS, FakeClock, World, fire, posts_of
from tests.render.pictures import assert_matches, difference, needs_reference_fonts


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN", nick="小明 🌸")
    hall.member("carol")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


async def picture(reply: Reply) -> bytes:
    """The reply's one attachment, downloaded from its url."""
    (attachment,) = reply.attachments
    assert attachment["filename"] == "progress.png"
    assert attachment["content_type"] == "image/png"
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as got:
        assert got.status == 200
        data = await got.read()
    assert len(data) == attachment["size"]
    assert (attachment["width"], attachment["height"]) == Image.open(io.BytesIO(data)).size
    return data


def buttons(post: dict[str, Any], prefix: str) -> list[str]:
    ids = [c["custom_id"] for row in post["components"] for c in row["components"]]
    return [i for i in ids if i.startswith(prefix)]


async def setup_group(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> tuple[int, dict[int, dict[str, Any]]]:
    await emulator.command(
        world.alice, world.general, "roadmap start", roadmap="14day", days="weekdays"
    )
    (group,) = await studybot.store.running_groups_all_guilds()
    for member in (world.bob, world.carol):
        await emulator.command(member, world.general, "join", roadmap="14day")
    posts: dict[int, dict[str, Any]] = {}
    for day, date in enumerate((2, 3, 4, 5, 6, 9), start=1):
        clock.set(datetime(2026, 3, date, 9, 1, tzinfo=UTC))
        await fire(studybot, group.id)
        posts[day] = posts_of(emulator, world.general)[-1]
    clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    await emulator.command(world.alice, world.general, "roadmap pause")
    clock.set(datetime(2026, 3, 11, 8, 0, tzinfo=UTC))
    await emulator.command(world.alice, world.general, "roadmap resume")
    clock.set(datetime(2026, 3, 11, 9, 1, tzinfo=UTC))
    await fire(studybot, group.id)
    posts[7] = posts_of(emulator, world.general)[-1]
    assert posts[7]["embeds"][0]["title"].startswith("Day 7/14")
    for who, day, indexes in ((world.bob, 1, (0, 1, 2)), (world.bob, 2, (0, 1)),
                              (world.bob, 4, (0,)), (world.carol, 1, (0,))):  # fmt: skip
        ticks = buttons(posts[day], "studybot:tick:")
        for k in indexes:
            await emulator.click(who, posts[day], ticks[k])
    clock.set(datetime(2026, 3, 11, 12, 0, tzinfo=UTC))
    return group.id, posts


async def test_cards_by_command_and_button(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    gid, _ = await setup_group(emulator, studybot, world, clock)
    bob, alice = world.bob, world.alice

    # bob's own card, in Chinese: a deferred private reply whose followup carries the PNG
    mine = await emulator.command(bob, world.general, "progress", card=True)
    assert (mine.type, mine.via, mine.ephemeral) == (5, "followup", True)
    assert mine.content == "" and mine.embeds == []
    (attachment,) = mine.attachments
    title = ROADMAPS["14day"].title
    assert attachment["description"] == (
        f"小明 🌸 在「{title.zh}」的进度卡：第 7/14 天，已发布任务完成 6/22（27%），"
        "连续打卡 0 天，60 积分，排名第 1 / 共 2 人。"
    )
    chinese = await picture(mine)

    # alice reads bob's progress and asks for the picture with the button under it
    detail = await emulator.command(alice, world.general, "progress", member=bob)
    (button,) = detail.buttons()
    assert (button["label"], button["custom_id"]) == (
        "Show as a picture",
        f"studybot:card:{gid}:{bob.id}",
    )
    shown = await emulator.click(alice, detail, button["custom_id"])
    assert shown.ephemeral and shown.message is not None
    assert detail.message is not None and shown.message["id"] != detail.message["id"]
    english = await picture(shown)
    assert shown.attachments[0]["description"] == (
        f"Progress card of 小明 🌸 on {title.en}: day 7 of 14, 6 of 22 released tasks done "
        "(27%), a streak of 0, 60 points, rank 1 of 2."
    )

    needs_reference_fonts()
    assert_matches(chinese, "e2e-card-zh.png")
    assert_matches(english, "e2e-card-en.png")


async def test_a_card_is_kept_until_something_on_it_changes(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    gid, posts = await setup_group(emulator, studybot, world, clock)
    bob, alice = world.bob, world.alice
    stats = studybot.painter.stats
    detail = await emulator.command(alice, world.general, "progress", member=bob)
    first = await picture(await emulator.click(alice, detail, f"studybot:card:{gid}:{bob.id}"))
    again = await picture(await emulator.click(alice, detail, f"studybot:card:{gid}:{bob.id}"))
    assert first == again and (stats.drawn, stats.reused) == (1, 1)

    # carol ticks: bob's rank, points and cells stay, so his card does too
    await emulator.click(world.carol, posts[2], buttons(posts[2], "studybot:tick:")[0])
    await emulator.click(alice, detail, f"studybot:card:{gid}:{bob.id}")
    assert (stats.drawn, stats.reused) == (1, 2)

    # bob ticks a task of day 3: a new picture with one more task on it
    await emulator.click(bob, posts[3], buttons(posts[3], "studybot:tick:")[0])
    ticked = await picture(await emulator.click(alice, detail, f"studybot:card:{gid}:{bob.id}"))
    assert (stats.drawn, stats.reused) == (2, 2)
    assert 0 < difference(first, ticked) < 0.02

    # the next day, unchanged ticks: a new picture (today moved on)
    clock.set(datetime(2026, 3, 12, 12, 0, tzinfo=UTC))
    await emulator.click(alice, detail, f"studybot:card:{gid}:{bob.id}")
    assert stats.drawn == 3


async def test_who_has_no_card_is_told_why(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await setup_group(emulator, studybot, world, clock)
    # alice started the group but did not join it
    reply = await emulator.command(world.alice, world.general, "progress", card=True)
    assert reply.attachments == []
    assert reply.content == f"<@{world.alice.id}> is not in this channel's `14day` group."
    # no group runs in #other: told in bob's language
    other = await emulator.command(world.bob, world.other, "progress", card=True)
    assert other.attachments == [] and "没有" in other.content
    assert studybot.painter.stats.drawn == 0
