"""The shared leaderboard end to end: ``/progress share:True`` posts it in the channel for
everyone; a group with the ``board`` setting keeps one pinned board that the bot posts, pins,
edits after ticks (debounced: at most one edit a minute), recreates once after a deletion (and
not again when deleted twice quickly), and that says on itself when it cannot be pinned.

The bot's clock is moved instead of waiting: the board's edit queue runs an edit 5 s after the
first mark and at most once per 60 s (``bot/daily/edits.py``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app import StudyBot
from bot.daily.board import KIND as BOARD
from bot.render import ids
from bot.services.context import Actor
from bot.services.settings import change_setting
from bot.store import Group
from cogs.board import board_setting_changed
from emulator import Emulator, Scenario
from emulator import permissions as P
from emulator.scenario import Member
from tests.e2e.conftest import FakeClock, World, fire, posts_of, settled
from tests.e2e.test_restart_e2e import restarted

MEMBERS = 12  # u01 .. u12 besides alice, bob and carol
PINS = "PUT /channels/{channel_id}/messages/pins/{message_id}"
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    for i in range(1, MEMBERS + 1):
        hall.member(f"u{i:02d}")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


def members(world: World) -> list[Member]:
    others = [world.hall.member_named(f"u{i:02d}") for i in range(1, MEMBERS + 1)]
    return [world.alice, world.bob, world.carol, *others]


async def day_one(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> tuple[Group, dict[str, Any]]:
    """A 14day group in #general, everyone joined, day 1 posted (Mon 2026-03-02 09:01 UTC)."""
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day")
    group = await studybot.store.running_group_in_channel(world.hall.id, world.general.id)
    assert group is not None
    for member in members(world):
        await emulator.command(member, world.general, "join", roadmap="14day")
    clock.set(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    return group, post


def tasks_of(post: dict[str, Any]) -> list[str]:
    found = [c["custom_id"] for row in post["components"] for c in row["components"]]
    return [c for c in found if c.startswith("studybot:tick:")]


def board_messages(emulator: Emulator, world: World, generation: int | None = None) -> list[Any]:
    """The bot's pinned boards in #general (of one generation if given)."""
    found = []
    for m in emulator.messages(world.general):
        for row in m.get("components") or []:
            for c in row["components"]:
                spec = ids.board.match(c.get("custom_id", ""))
                if spec is not None and (generation is None or spec.generation == generation):
                    found.append(m)
    return found


async def delete(emulator: Emulator, message: dict[str, Any]) -> None:
    """A moderator deletes the message."""
    stored = emulator.message_store.get(int(message["id"]))
    assert stored is not None
    await emulator.message_store.delete(stored)


def edits_of(emulator: Emulator, message_id: str) -> list[Any]:
    return [
        r
        for r in emulator.requests
        if r.route == EDIT and r.path.endswith(f"/messages/{message_id}")
    ]


async def test_progress_share_posts_the_board_for_everyone(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    _, post = await day_one(emulator, studybot, world, clock)
    ticks = tasks_of(post)
    await emulator.click(world.carol, post, ticks[0])
    await emulator.click(world.carol, post, ticks[1])
    await emulator.click(world.bob, post, ticks[0])
    # bob reads Chinese, but the shared board speaks the group's language (the server's: en)
    reply = await emulator.command(world.bob, world.general, "progress", share=True)
    assert not reply.ephemeral
    [embed] = reply.embeds
    lines = embed["description"].splitlines()
    assert lines[0] == "Day 1/14 · all days"
    assert lines[2].startswith(f"`#1` <@{world.carol.id}> · ✅ 2/3 · ")
    assert lines[3].startswith(f"`#2` <@{world.bob.id}> · ✅ 1/3 · ")
    assert f"{MEMBERS + 1} members have not started yet in this period." in lines
    assert lines[-1].startswith("`#` rank · ✅ tasks done")  # the legend
    assert embed["footer"]["text"].startswith("Points:")
    public = [m for m in emulator.messages(world.general) if m.get("embeds")]  # not ephemeral
    assert any(m["embeds"][0]["description"] == embed["description"] for m in public)
    # the private leaderboard is still private; share:False is the default
    private = await emulator.command(world.carol, world.general, "progress", period="month")
    assert private.ephemeral
    assert "last 30 days" in private.embeds[0]["description"]


async def test_the_pinned_board_is_posted_pinned_edited_and_recreated_once(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    world.general.allow(None, bits=P.PIN_MESSAGES)
    group, post = await day_one(emulator, studybot, world, clock)
    store = studybot.store
    assert await store.set_group_setting(world.hall.id, group.id, "board", "1")
    ticks = tasks_of(post)

    # the first tick: the board is posted (after the queue's settle time) and pinned
    await emulator.click(world.carol, post, ticks[0])
    await settled(studybot)
    clock.advance(seconds=6)
    await emulator.wait_for_request(PINS)
    [board] = board_messages(emulator, world, 1)
    assert board["pinned"] and "Updated <t:" in board["embeds"][0]["description"]
    assert "⚠️" not in board["embeds"][0]["description"]
    await studybot.daily.edits.wait_runs(1, kind=BOARD)
    row = await store.board_of(world.hall.id, group.id)
    assert row is not None and (row.message_id, row.pinned) == (int(board["id"]), True)

    # a burst of 30 ticks (everyone ticks tasks 1 and 2) within a minute: one edit, at its end
    everyone = members(world)
    for n in range(30):
        who = everyone[n % len(everyone)]
        await emulator.click(who, post, ticks[n // len(everyone)])
    await settled(studybot)
    clock.advance(seconds=61)
    await emulator.wait_until(lambda: edits_of(emulator, board["id"]), what="the board's edit")
    [edit] = edits_of(emulator, board["id"])
    assert edit.status == 200
    text = emulator.message(board["id"])["embeds"][0]["description"]  # type: ignore[index]
    assert text.count("· ✅ 2/3 ·") == len(everyone)  # everyone: tasks 1 and 2 of day 1
    assert "0 members" not in text and "not started" not in text  # everyone did something
    await studybot.daily.edits.wait_runs(2, kind=BOARD)
    assert len(edits_of(emulator, board["id"])) == 1

    # deleted by a moderator: the next edit finds it gone and recreates it once, pinned
    await delete(emulator, board)
    await emulator.click(world.hall.member_named("u01"), post, ticks[2])
    await settled(studybot)
    clock.advance(seconds=61)
    await emulator.wait_until(lambda: board_messages(emulator, world, 2), what="board 2")
    await emulator.wait_for_request(PINS, count=2)
    await studybot.daily.edits.wait_runs(3, kind=BOARD)
    [second] = board_messages(emulator, world, 2)
    assert emulator.message(second["id"])["pinned"]  # type: ignore[index]

    # deleted again soon after: left removed, never recreated in a loop
    await delete(emulator, second)
    await emulator.click(world.hall.member_named("u02"), post, ticks[2])
    await settled(studybot)
    clock.advance(seconds=61)

    await studybot.daily.edits.wait_runs(
        4, kind=BOARD
    )  # posted, edited, recreated, found gone again
    row = await store.board_of(world.hall.id, group.id)
    assert row is not None and (row.state, row.generation, row.message_id) == ("removed", 2, None)
    key = studybot.boards.key(world.hall.id, group.id)
    assert studybot.daily.edits.stopped(key)  # later ticks run no edit: no loop
    await emulator.click(world.hall.member_named("u03"), post, ticks[2])
    await settled(studybot)
    clock.advance(seconds=61)
    assert board_messages(emulator, world) == []
    sends = [r for r in emulator.requests if r.route == "POST /channels/{channel_id}/messages"]
    assert len(sends) == 3  # day 1, board 1, board 2


async def test_a_board_without_pin_permission_says_so_until_it_can_be_pinned(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    group, post = await day_one(emulator, studybot, world, clock)
    await studybot.store.set_group_setting(world.hall.id, group.id, "board", "1")
    ticks = tasks_of(post)
    await emulator.click(world.carol, post, ticks[0])
    await settled(studybot)
    clock.advance(seconds=6)
    warned = await emulator.wait_for_message(
        world.general, lambda m: "⚠️" in str((m.get("embeds") or [{}])[0].get("description"))
    )
    assert "Pin Messages permission" in warned["embeds"][0]["description"]
    assert not warned["pinned"]
    world.general.allow(None, bits=P.PIN_MESSAGES)
    await emulator.click(world.bob, post, ticks[0])
    await settled(studybot)
    clock.advance(seconds=61)
    await emulator.wait_for_request(PINS, predicate=lambda r: r.status == 204)
    pinned = await emulator.wait_for_message(
        world.general,
        lambda m: (
            m["id"] == warned["id"] and "⚠️" not in m["embeds"][0]["description"] and m["pinned"]
        ),
    )
    assert len(board_messages(emulator, world)) == 1 and pinned["pinned"]


async def test_the_board_survives_a_restart(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    """A restarted bot finds its board in the database: it edits that one, posts no other."""
    world.general.allow(None, bits=P.PIN_MESSAGES)
    group, post = await day_one(emulator, studybot, world, clock)
    await studybot.store.set_group_setting(world.hall.id, group.id, "board", "1")
    await emulator.click(world.carol, post, tasks_of(post)[0])
    await settled(studybot)
    clock.advance(seconds=6)
    await studybot.daily.edits.wait_runs(1, kind=BOARD)
    [board] = board_messages(emulator, world)
    await studybot.wait_until_ready()
    await settled(studybot)
    await studybot.close()

    async with restarted(emulator, studybot.settings.db.get_secret_value(), clock) as bot:
        await bot.wait_until_ready()
        clock.advance(seconds=61)  # the last edit's minute holds across the restart
        await bot.daily.edits.wait_runs(1, kind=BOARD)  # the start marked every board
        assert [m["id"] for m in board_messages(emulator, world)] == [board["id"]]
        await emulator.click(world.bob, post, tasks_of(post)[0])
        await settled(bot)
        clock.advance(seconds=61)
        await bot.daily.edits.wait_runs(2, kind=BOARD)
        assert [m["id"] for m in board_messages(emulator, world)] == [board["id"]]
        text = emulator.message(board["id"])["embeds"][0]["description"]  # type: ignore[index]
        assert text.count("· ✅ 1/3 ·") == 2  # carol before the restart, bob after it


async def test_turning_the_board_on_and_off(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    """The settings command's hook: on posts and pins the board at once (no tick needed), the
    period changes what it shows, off unpins it and forgets it."""
    world.general.allow(None, bits=P.PIN_MESSAGES)
    group, _ = await day_one(emulator, studybot, world, clock)
    admin = Actor(world.hall.id, world.general.id, world.alice.id, can_manage=True)

    async def change(key: str, raw: str) -> None:
        changed = await change_setting(studybot.store, admin, key, raw)
        await board_setting_changed(studybot, changed)

    await change("board", "on")
    clock.advance(seconds=6)
    await studybot.daily.edits.wait_runs(1, kind=BOARD)
    [board] = board_messages(emulator, world)
    assert board["pinned"] and "last 7 days" in board["embeds"][0]["description"]
    await change("board_period", "month")
    clock.advance(seconds=61)
    await studybot.daily.edits.wait_runs(2, kind=BOARD)
    text = emulator.message(board["id"])["embeds"][0]["description"]  # type: ignore[index]
    assert "last 30 days" in text
    await change("board", "off")
    clock.advance(seconds=61)
    await studybot.daily.edits.wait_runs(3, kind=BOARD)
    assert not emulator.message(board["id"])["pinned"]  # type: ignore[index]
    assert await studybot.store.board_of(world.hall.id, group.id) is None
