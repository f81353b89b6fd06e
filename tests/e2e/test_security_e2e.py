"""Admin commands re-check Manage Server; forged buttons are refused without touching data.

Discord only lets a user click a component that is really on a message, and discord.py only
dispatches a ``DynamicItem`` whose ``custom_id`` is on the interaction's message. The emulator
has no control API to add a message with components of our choosing (``user_message`` takes
text only), so the forged ids are carried by a message the bot's own REST client posts: the
click then reaches the bot exactly as a forged or replayed ``custom_id`` would.
"""

from __future__ import annotations

from typing import Any

import pytest
from discord.abc import Messageable

from bot import errors as E
from bot.app import StudyBot
from bot.daily import JobKey
from bot.render import ids
from bot.render.discord_parts import ComponentsView
from bot.store import Group
from emulator import Emulator
from emulator.scenario import Channel, Member
from tests.e2e.conftest import FakeClock, World, fire, posts_of
from tests.e2e.db_state import guilds_stored, snapshot
from tests.explain import told

MANAGE_SERVER = (
    "Only members with the **Manage Server** permission can do this. "
    "Ask a server admin, or have one give you that permission."
)
NOT_HERE = E.ForeignButton()
DAY1 = ["d01-nlp-textbooks", "d01-nlp-analysis-levels", "d01-nlp-tasks-summary"]
DAY2_TASK = "d02-install-tools"


@pytest.fixture(autouse=True)
async def settled(studybot: StudyBot, world: World) -> None:
    await guilds_stored(studybot, [world.hall.id, world.elsewhere.id])


def allow_everyone(emulator: Emulator, name: str) -> None:
    """A server admin lifts the command's default member permission (Server Settings >
    Integrations), so Discord lets anyone invoke it: only the bot's own check remains."""
    for command in emulator.global_commands + [
        c for cmds in emulator.guild_commands.values() for c in cmds
    ]:
        if command["name"] == name:
            command["default_member_permissions"] = None


async def start(emulator: Emulator, who: Member, channel: Channel, studybot: StudyBot) -> Group:
    reply = await emulator.command(who, channel, "roadmap start", roadmap="14day", time="9am")
    assert not reply.ephemeral and "Study group started" in reply.embeds[0]["title"]
    group = await studybot.store.running_group_in_channel(channel.guild_id, channel.id)
    assert group is not None
    return group


async def carrier(
    emulator: Emulator, studybot: StudyBot, channel: Channel, *custom_ids: str
) -> dict[str, Any]:
    """A message in ``channel`` whose buttons carry ``custom_ids`` (see the module docstring)."""
    view = ComponentsView()
    for custom_id in custom_ids:
        view.button(custom_id[:80], custom_id)
    target = studybot.get_channel(channel.id)
    assert isinstance(target, Messageable)
    sent = await target.send("buttons", view=view)
    message = emulator.message(sent.id)
    assert message is not None
    return message


async def test_admin_commands_refused_without_manage_server(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    allow_everyone(emulator, "roadmap")
    before = snapshot(studybot)
    reply = await emulator.command(world.carol, world.general, "roadmap start", roadmap="14day")
    assert reply.ephemeral and reply.content == MANAGE_SERVER
    reply = await emulator.command(world.bob, world.general, "roadmap start", roadmap="14day")
    assert reply.ephemeral and reply.content == told(world.bob, E.NotManager())  # in Chinese
    assert snapshot(studybot) == before

    await start(emulator, world.alice, world.general, studybot)
    before = snapshot(studybot)
    for command in ("roadmap start", "roadmap pause", "roadmap resume", "roadmap stop"):
        options = {"roadmap": "3month"} if command == "roadmap start" else {}
        reply = await emulator.command(world.carol, world.general, command, **options)
        assert reply.ephemeral, command
        assert reply.content == MANAGE_SERVER, command
        assert not reply.components, command  # no confirm button for /roadmap stop
    assert snapshot(studybot) == before
    # anyone may still read the status
    status = await emulator.command(world.carol, world.general, "roadmap status")
    assert status.ephemeral and "Study group status" in status.embeds[0]["title"]


async def test_roadmap_stays_open_to_members_so_the_bot_guards_its_admin_commands(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    """Discord's default member permission is per command, not per subcommand, and every
    member may use ``/roadmap status``: so ``/roadmap`` carries none, Discord shows bob
    ``/roadmap start`` too, and the bot's own check (above) is what refuses him."""
    roadmap = next(c for c in emulator.commands(world.hall) if c["name"] == "roadmap")
    assert roadmap.get("default_member_permissions") is None
    refused = await emulator.command(world.bob, world.general, "roadmap start", roadmap="14day")
    assert refused.ephemeral and refused.content == told(world.bob, E.NotManager())
    assert await studybot.store.running_groups_all_guilds() == []


async def three_groups(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> tuple[Group, Group, Group]:
    """14day in #general and #other (bob in both) and in Elsewhere's #lobby, day 1 posted."""
    general = await start(emulator, world.alice, world.general, studybot)
    other = await start(emulator, world.alice, world.other, studybot)
    lobby = await start(emulator, world.dave, world.lobby, studybot)
    for channel in (world.general, world.other):
        joined = await emulator.command(world.bob, channel, "join", roadmap="14day")
        assert "欢迎加入" in joined.content  # bob reads Chinese
    assert (
        "Welcome"
        in (await emulator.command(world.dave, world.lobby, "join", roadmap="14day")).content
    )
    clock.advance(hours=2, minutes=1)  # 09:01 UTC: day 1 is out
    for group in (general, other, lobby):
        await fire(studybot, group.id)
    return general, other, lobby


async def test_forged_buttons_are_refused_without_writes(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    general, other, lobby = await three_groups(emulator, studybot, world, clock)
    g = general.id
    cases: list[tuple[Member, str, str]] = [
        # a group of the other server
        (world.bob, ids.tick(lobby.id, 1, DAY1[0]), NOT_HERE),
        (world.bob, ids.undo(lobby.id, 1, DAY1[0]), NOT_HERE),
        (world.bob, ids.checkin(lobby.id), NOT_HERE),
        (world.bob, ids.join(lobby.id), E.GroupNotHere()),
        (world.bob, ids.leave(lobby.id), E.UnknownGroup()),
        (world.bob, ids.page(lobby.id, "all", 0), NOT_HERE),
        (world.alice, ids.stop(lobby.id), E.GroupNotHere()),
        # a group of another channel of this server
        (world.bob, ids.tick(other.id, 1, DAY1[0]), NOT_HERE),
        (world.bob, ids.checkin(other.id), NOT_HERE),
        (world.carol, ids.join(other.id), E.GroupNotHere()),
        (world.alice, ids.stop(other.id), E.GroupNotHere()),
        # this channel's group, but a day not yet released / a task not of that day
        (world.bob, ids.tick(g, 2, DAY2_TASK), E.DayNotReleased(2)),
        (world.bob, ids.tick(g, 14, "d14-write-survey"), E.NoSuchTask()),
        (world.bob, ids.tick(g, 1, DAY2_TASK), E.NoSuchTask()),
        (world.carol, ids.undo(g, 1, DAY2_TASK), E.NoSuchTask()),
        (world.bob, ids.tick(g, 15, DAY1[0]), E.NoSuchDay()),
        (world.carol, ids.tick(g, 0, DAY1[0]), E.NoSuchDay()),
        # the right place, but the wrong person
        (world.bob, ids.stop(g), E.NotManager()),
        # junk that still fits the id templates
        (world.bob, "studybot:tick:424242:1:" + DAY1[0], NOT_HERE),
        (world.bob, "studybot:checkin:0", NOT_HERE),
        (world.bob, "studybot:tick:9999999999999999999:1:" + DAY1[0], NOT_HERE),  # > SQLite int
        (world.alice, "studybot:stop:9999999999999999999", E.GroupNotHere()),
        (world.bob, "studybot:lb:9999999999999999999:all:0", NOT_HERE),
    ]
    assert len(cases) <= 25  # one message holds them all
    message = await carrier(emulator, studybot, world.general, *[cid for _, cid, _ in cases])
    before = snapshot(studybot)
    assert len(before["ticks"]) == 0 and len(before["checkins"]) == 0
    for who, custom_id, expected in cases:
        reply = await emulator.click(who, message, custom_id)
        assert reply.ephemeral, custom_id
        assert reply.content == told(who, expected), custom_id
        assert not reply.components, custom_id
    after = snapshot(studybot)
    assert after == before
    assert studybot.scheduler.get_job(JobKey(lobby.id).id) is not None
    assert studybot.scheduler.get_job(JobKey(other.id).id) is not None

    # the genuine buttons on the real post still work
    post = posts_of(emulator, world.general)[0]
    done = await emulator.click(world.bob, post, ids.tick(g, 1, DAY1[0]))
    assert done.content.startswith("✅ 完成：")
    assert [
        (t.user_id, t.day, t.task_id) for t in await studybot.store.ticks(world.hall.id, g)
    ] == [(world.bob.id, 1, DAY1[0])]


@pytest.mark.parametrize(
    "custom_id",
    [
        "studybot:tick:abc:1:x",
        "studybot:tick:1:1:UPPER",
        "studybot:stop:1:extra",
        "studybot:nope",
        "hello",
    ],
)
async def test_junk_ids_get_an_answer(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock, custom_id: str
) -> None:
    await start(emulator, world.alice, world.general, studybot)
    message = await carrier(emulator, studybot, world.general, custom_id)
    before = snapshot(studybot)
    reply = await emulator.click(world.carol, message, custom_id, timeout=5)
    assert reply.ephemeral
    assert reply.content == "This button is not valid any more."
    reply = await emulator.click(world.bob, message, custom_id, timeout=5)
    assert reply.content == told(world.bob, E.StaleButton()) == "这个按钮已经失效了。"
    assert snapshot(studybot) == before


async def test_stop_confirm_keeps_data_and_cancel_changes_nothing(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    group = await start(emulator, world.alice, world.general, studybot)
    await emulator.command(world.bob, world.general, "join", roadmap="14day")
    clock.advance(hours=2, minutes=1)
    await fire(studybot, group.id)
    post = posts_of(emulator, world.general)[0]
    await emulator.click(world.bob, post, ids.tick(group.id, 1, DAY1[0]))
    await emulator.command(world.bob, world.general, "checkin", minutes=20)

    ask = await emulator.command(world.alice, world.general, "roadmap stop")
    assert ask.ephemeral
    assert ask.content == (
        "Stop the `14day` group in this channel? Progress is kept; daily posts end."
    )
    assert [b["custom_id"] for b in ask.buttons()] == [ids.stop(group.id), ids.cancel()]

    before = snapshot(studybot)
    cancelled = await emulator.click(world.alice, ask, ids.cancel())
    assert cancelled.content == "Cancelled: nothing changed."
    assert snapshot(studybot) == before
    assert studybot.scheduler.get_job(JobKey(group.id).id) is not None
    running = await emulator.command(world.alice, world.general, "roadmap status")
    assert running.embeds[0]["fields"][1]["value"] == "active"

    ask = await emulator.command(world.alice, world.general, "roadmap stop")
    stopped = await emulator.click(world.alice, ask, ids.stop(group.id))
    assert stopped.content == (
        "Stopped the `14day` group. Its progress is kept; no more daily posts."
    )
    after = snapshot(studybot)
    for table in ("members", "ticks", "checkins", "posts"):
        assert after[table] == before[table], table
    assert len(after["ticks"]) == 1 and len(after["checkins"]) == 1
    stored = await studybot.store.get_group(world.hall.id, group.id)
    assert stored is not None and stored.state == "stopped"
    assert studybot.scheduler.get_job(JobKey(group.id).id) is None
    assert studybot.scheduler.get_job(JobKey(group.id, "next").id) is None

    assert stopped.buttons() == []  # the confirmation is replaced, buttons gone
    # the same confirm button pressed again (a stale copy of the confirmation)
    stale = await carrier(emulator, studybot, world.general, ids.stop(group.id))
    again = await emulator.click(world.alice, stale, ids.stop(group.id))
    assert again.content == "The `14day` group is already stopped."  # no internal id
