"""Milestone roles end to end: a role is set (and one the bot cannot grant is refused when it is
set, as is any role without Manage Roles), a member completing a phase gets the role once and
one announcement, and neither a second qualifying tick nor a restart grants or announces again;
a grant a restart interrupted is finished once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio

from bot.app import StudyBot
from bot.render import ids
from bot.store import Group
from emulator import Emulator, Scenario, running_bot
from emulator import permissions as P
from emulator.scenario import Role
from tests.e2e.conftest import (
    QUICK_READY,
    ROADMAPS,
    FakeClock,
    World,
    fire,
    make_settings,
    open_store,
    posts_of,
    settled,
)

ROLE_ROUTE = "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}"
SEND = "POST /channels/{channel_id}/messages"


@pytest.fixture
def clock(emulator: Emulator) -> FakeClock:
    """The conftest's Monday, with Discord's clock set to it before the bot connects: an
    announcement's search after a lost answer looks where the bot's clock says it sent it."""
    start = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    emulator.clock.offset = start.timestamp() - time.time()
    return FakeClock(start, emulator.advance)


@pytest.fixture
def scenario(request: pytest.FixtureRequest) -> Scenario:
    """Study Hall as in conftest, with roles: Phase One and Week One below the bot's role,
    Top above it; the bot has Manage Roles unless the test asks for ``"no manage roles"``."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    hall.role("Phase One", position=2)
    hall.role("Week One", position=3)
    bot_role = sc.bot_role(hall)
    bot_role.position = 10
    hall.role("Top", position=11)
    if getattr(request, "param", None) != "no manage roles":
        bot_role.permissions |= P.MANAGE_ROLES
    return sc


def role(world: World, name: str) -> Role:
    return next(r for r in world.hall.roles if r.name == name)


def announcements(emulator: Emulator, world: World) -> list[dict[str, Any]]:
    return [
        m
        for m in emulator.messages(world.general)
        if any(ids.badge.match(c.get("custom_id", "")) for c in buttons_of(m))
    ]


def buttons_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row["components"]]


def role_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.route == ROLE_ROUTE)


async def ready(bot: StudyBot) -> None:
    """discord.py dispatches ``on_ready`` 2 s after the last GUILD_CREATE; a client closed
    before that leaves the event's coroutine unawaited (a warning in whichever test comes
    next), so every bot here is closed only once it is ready."""
    await asyncio.wait_for(bot.wait_until_ready(), 10)


async def closed(bot: StudyBot) -> None:
    await ready(bot)
    await settled(bot)
    await bot.close()


@pytest_asyncio.fixture
async def studybot(emulator: Emulator, db_target: str, clock: FakeClock) -> AsyncIterator[StudyBot]:
    """The conftest's bot, ready soon after it connects."""
    settings = make_settings(db_target)
    async with open_store(settings) as store:
        bot = StudyBot(
            settings=settings, store=store, roadmaps=ROADMAPS, clock=clock, **QUICK_READY
        )
        async with running_bot(emulator, bot, wait_sync=True):
            yield bot


@pytest.fixture(autouse=True)
async def closed_when_ready(studybot: StudyBot) -> AsyncIterator[None]:
    yield
    if not studybot.is_closed():
        await ready(studybot)


@asynccontextmanager
async def restarted(emulator: Emulator, db: str, clock: FakeClock) -> AsyncIterator[StudyBot]:
    settings = make_settings(db)
    async with open_store(settings) as store:
        bot = StudyBot(
            settings=settings, store=store, roadmaps=ROADMAPS, clock=clock, **QUICK_READY
        )
        async with running_bot(emulator, bot):
            await asyncio.wait_for(bot.milestones.reconciled.wait(), 10)
            yield bot
            await ready(bot)


async def started_with_carol(
    emulator: Emulator, studybot: StudyBot, world: World, **options: str
) -> Group:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day", **options)
    await emulator.command(world.carol, world.general, "join", roadmap="14day")
    group = await studybot.store.running_group_in_channel(world.hall.id, world.general.id)
    assert group is not None
    return group


async def finish_phase_one(
    emulator: Emulator,
    studybot: StudyBot,
    world: World,
    clock: FakeClock,
    group: Group,
    before_last: Callable[[], Awaitable[None]],
) -> tuple[dict[str, Any], str]:
    """Carol's days 1 and 2 are ticked in the store; day 3 (the end of phase 1) is posted and
    she clicks its tasks, ``before_last`` running before the last click. The day-3 post and
    its last task's button id."""
    roadmap = ROADMAPS["14day"]
    for day in (1, 2):
        for task in roadmap.day(day).tasks:
            await studybot.store.add_tick_counted(
                world.hall.id, group.id, world.general.id, world.carol.id, day, task.id, clock()
            )
    clock.advance(days=2, hours=2, minutes=1)  # Wednesday 09:01 UTC: day 3 is out
    await fire(studybot, group.id)
    post = posts_of(emulator, world.general)[-1]
    assert post["embeds"][0]["title"].startswith("Day 3/14")
    last = ""
    for n, task in enumerate(roadmap.day(3).tasks):
        if n == len(roadmap.day(3).tasks) - 1:
            await settled(studybot)
            await before_last()
        last = ids.tick(group.id, 3, task.id)
        reply = await emulator.click(world.carol, post, last)
        assert "Done" in reply.content
    return post, last


async def test_a_phase_role_is_granted_and_announced_once_across_ticks_and_restarts(
    emulator: Emulator,
    studybot: StudyBot,
    world: World,
    clock: FakeClock,
    db_target: str,
) -> None:
    phase_one = role(world, "Phase One")
    group = await started_with_carol(emulator, studybot, world)

    async def set_role() -> None:  # after ticks found the group giving no roles
        reply = await emulator.command(
            world.alice, world.general, "roadmap milestones", milestone="phase", role=phase_one
        )
        assert reply.ephemeral and f"now get <@&{phase_one.id}>" in reply.content, reply.content
        assert "Manage Roles" not in reply.content

    post, last = await finish_phase_one(emulator, studybot, world, clock, group, set_role)
    said = await emulator.wait_for_message(
        world.general, lambda m: bool(m["content"]) and "🏅" in m["content"], timeout=10
    )
    assert phase_one.id in world.carol.role_ids
    assert f"<@{world.carol.id}> completed phase 1" in said["content"]
    assert [b["custom_id"] for b in buttons_of(said)] == [
        ids.badge(group.id, world.carol.id, "phase")
    ]
    await settled(studybot)
    [grant] = await studybot.store.grants(world.hall.id, group.id)
    assert (grant.state, grant.message_id) == ("announced", int(said["id"]))

    # a second qualifying tick: undo and tick the last task again
    already = await emulator.click(world.carol, post, last)
    undo_id = already.buttons()[0]["custom_id"]
    assert undo_id.startswith("studybot:undo:")
    await emulator.click(world.carol, already, undo_id)
    again = await emulator.click(world.carol, post, last)
    assert "Done" in again.content
    await settled(studybot)
    assert (len(announcements(emulator, world)), role_requests(emulator)) == (1, 1)

    # the button under the announcement shows the clicker the group's milestones
    mine = await emulator.click(world.carol, said, ids.badge(group.id, world.carol.id, "phase"))
    assert mine.ephemeral and "✅" in mine.embeds[0]["description"]

    await closed(studybot)
    async with restarted(emulator, db_target, clock) as bot:
        await settled(bot)
    assert (len(announcements(emulator, world)), role_requests(emulator)) == (1, 1)
    assert world.carol.role_ids.count(phase_one.id) == 1


async def test_a_grant_interrupted_by_a_restart_is_finished_once(
    emulator: Emulator,
    studybot: StudyBot,
    world: World,
    clock: FakeClock,
    db_target: str,
) -> None:
    week_one = role(world, "Week One")
    group = await started_with_carol(emulator, studybot, world, language="zh")
    await emulator.command(
        world.alice, world.general, "roadmap milestones", milestone="streak_7", role=week_one
    )
    await settled(studybot)
    await closed(studybot)
    # as if the bot died right after claiming: the row is claimed, nothing was asked of Discord
    claim = await studybot.store.claim_grant(
        world.hall.id, group.id, world.bob.id, "streak_7", week_one.id, None, "m-e2e", clock()
    )
    assert claim is not None
    async with restarted(emulator, db_target, clock) as bot:
        await settled(bot)
        [grant] = await bot.store.grants(world.hall.id, group.id)
        assert grant.state == "announced"
    assert week_one.id in world.bob.role_ids
    [said] = announcements(emulator, world)
    # in the group's language (Chinese), whoever reads it
    assert (
        said["content"] == f"🏅 <@{world.bob.id}> 达成 **连续打卡 7 天**，获得 <@&{week_one.id}>！"
    )
    async with restarted(emulator, db_target, clock) as bot:
        await settled(bot)
    assert (len(announcements(emulator, world)), role_requests(emulator)) == (1, 1)


async def test_a_role_above_the_bots_is_refused_when_it_is_set(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await started_with_carol(emulator, studybot, world)
    for name in ("Top",):
        reply = await emulator.command(
            world.alice,
            world.general,
            "roadmap milestones",
            milestone="roadmap",
            role=role(world, name),
        )
        assert reply.ephemeral and "not below my highest role" in reply.content
    own = emulator.scenario.bot_role(world.hall)
    managed = await emulator.command(
        world.alice, world.general, "roadmap milestones", milestone="roadmap", role=own
    )
    assert "managed by an integration or a bot" in managed.content
    shown = await emulator.command(world.alice, world.general, "roadmap milestones")
    assert "no role" in str(shown.embeds[0]["fields"])
    group = await studybot.store.running_group_in_channel(world.hall.id, world.general.id)
    assert group is not None
    assert await studybot.store.milestone_roles(world.hall.id, group.id) == []
    assert role_requests(emulator) == 0


@pytest.mark.parametrize("scenario", ["no manage roles"], indirect=True)
async def test_without_manage_roles_a_role_is_refused_when_it_is_set(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    group = await started_with_carol(emulator, studybot, world)
    reply = await emulator.command(
        world.alice,
        world.general,
        "roadmap milestones",
        milestone="first_week",
        role=role(world, "Week One"),
    )
    assert reply.ephemeral and "Manage Roles" in reply.content
    assert await studybot.store.milestone_roles(world.hall.id, group.id) == []
    member = await emulator.command(
        world.carol, world.general, "roadmap milestones", milestone="first_week"
    )
    assert "Manage Server" in member.content  # and members without Manage Server are refused


async def test_an_announcement_whose_answer_was_lost_is_found_not_sent_again(
    emulator: Emulator,
    studybot: StudyBot,
    world: World,
    clock: FakeClock,
    db_target: str,
) -> None:
    week_one = role(world, "Week One")
    group = await started_with_carol(emulator, studybot, world)
    await emulator.command(
        world.alice, world.general, "roadmap milestones", milestone="first_week", role=week_one
    )
    await settled(studybot)
    await closed(studybot)
    claim = await studybot.store.claim_grant(
        world.hall.id, group.id, world.carol.id, "first_week", week_one.id, None, "m-lost", clock()
    )
    assert claim is not None
    # Discord stores the announcement, but the answer never reaches the bot
    emulator.faults.drop(SEND, times=1, path=f"/channels/{world.general.id}/messages")
    async with restarted(emulator, db_target, clock) as bot:
        await settled(bot)
        [grant] = await bot.store.grants(world.hall.id, group.id)
        assert grant.state == "granted" and grant.attempt_at is not None
    assert len(announcements(emulator, world)) == 1
    clock.advance(minutes=1)
    async with restarted(emulator, db_target, clock) as bot:
        await settled(bot)
        [grant] = await bot.store.grants(world.hall.id, group.id)
        [said] = announcements(emulator, world)
        assert (grant.state, grant.message_id) == ("announced", int(said["id"]))
    assert [r.json["nonce"] for r in emulator.requests if r.route == SEND][-1] == "m-lost"
    assert (len(announcements(emulator, world)), role_requests(emulator)) == (1, 1)


async def test_a_grant_refused_later_is_told_to_admins_and_retried_when_the_role_is_set_again(
    emulator: Emulator,
    studybot: StudyBot,
    world: World,
    clock: FakeClock,
    db_target: str,
) -> None:
    week_one = role(world, "Week One")
    group = await started_with_carol(emulator, studybot, world)
    await emulator.command(
        world.alice, world.general, "roadmap milestones", milestone="streak_7", role=week_one
    )
    await closed(studybot)
    # carol reached a 7-day streak while the bot was away; meanwhile someone moved the role
    # above the bot's
    await studybot.store.set_streak(world.hall.id, group.id, world.carol.id, clock().date(), 7)
    week_one.position = 12
    async with restarted(emulator, db_target, clock) as bot:
        await settled(bot)
        [grant] = await bot.store.grants(world.hall.id, group.id)
        assert (grant.user_id, grant.state, grant.error) == (
            world.carol.id,
            "refused",
            "Missing Permissions",
        )
        assert announcements(emulator, world) == [] and week_one.id not in world.carol.role_ids
        shown = await emulator.command(world.alice, world.general, "roadmap milestones")
        assert "Discord refused 1 grant " in shown.content
        # fixed in the server, and set again: the refusal is forgotten
        week_one.position = 3
        await emulator.role_updated(week_one)
        again = await emulator.command(
            world.alice, world.general, "roadmap milestones", milestone="streak_7", role=week_one
        )
        assert "refused" not in again.content
        await settled(bot)
        await ready(bot)
    async with restarted(emulator, db_target, clock) as bot:  # start-up finds carol's streak again
        await settled(bot)
    assert week_one.id in world.carol.role_ids
    [said] = announcements(emulator, world)
    assert f"<@{world.carol.id}> reached **7-day streak**" in said["content"]
    assert role_requests(emulator) == 2  # the refused request and the granted one
