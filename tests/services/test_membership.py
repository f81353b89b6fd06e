"""Joining, leaving and a member's own timezone, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import UnknownTimezone
from bot.roadmaps import Roadmap, load_roadmaps
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group, stop_group
from bot.services.membership import (
    TimezoneOutcome,
    group_to_leave,
    join,
    join_group_id,
    leave,
    set_timezone,
)
from bot.services.study import tick
from bot.store import Group, Store
from tests.conftest import REPO
from tests.explain import english, refused

GUILD, OTHER_GUILD = 1001, 2002
HERE, THERE, YONDER = 11, 12, 13
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
DAY3 = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # day 3 of a group started on 2 March


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


async def start(
    store: Store,
    roadmaps: dict[str, Roadmap],
    roadmap: str,
    channel: int = HERE,
    guild: int = GUILD,
) -> Group:
    admin = Actor(guild, channel, 1, can_manage=True)
    return (await start_group(store, roadmaps, admin, StartOptions(roadmap), T0)).group


def user(uid: int = 50, channel: int = HERE, guild: int = GUILD) -> Actor:
    return Actor(guild, channel, uid)


async def member_ids(store: Store, group: Group) -> list[int]:
    return [m.user_id for m in await store.members(group.guild_id, group.id)]


# -- join ----------------------------------------------------------------------------------------


async def test_join_the_group_of_this_channel(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    elsewhere = await start(store, roadmaps, "14day", channel=THERE)
    here = await start(store, roadmaps, "14day")
    outcome = await join(store, roadmaps, user(), " 14Day", T0)
    assert outcome.kind == "joined"
    assert outcome.group is not None and outcome.group.id == here.id
    assert outcome.roadmap.id == "14day"
    assert outcome.ticks_kept == 0
    assert await member_ids(store, here) == [50]
    assert await member_ids(store, elsewhere) == []
    member = await store.get_member(GUILD, here.id, 50)
    assert member is not None and member.joined_at == T0 and member.active


async def test_join_the_servers_only_group_from_another_channel(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps, "14day", channel=THERE)
    await start(store, roadmaps, "3month")  # this channel runs another roadmap
    outcome = await join(store, roadmaps, user(channel=HERE), "14day", T0)
    assert outcome.kind == "joined"
    assert outcome.group is not None
    assert (outcome.group.id, outcome.group.channel_id) == (group.id, THERE)
    assert await member_ids(store, group) == [50]


async def test_several_groups_elsewhere_ask_to_choose(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    first = await start(store, roadmaps, "14day", channel=THERE)
    second = await start(store, roadmaps, "14day", channel=YONDER)
    await start(store, roadmaps, "14day", guild=OTHER_GUILD)  # another server: not a candidate
    outcome = await join(store, roadmaps, user(channel=HERE), "14day", T0)
    assert outcome.kind == "choose"
    assert outcome.group is None
    assert [(g.id, g.channel_id) for g in outcome.candidates] == [
        (first.id, THERE),
        (second.id, YONDER),
    ]
    assert await member_ids(store, first) == []
    assert await member_ids(store, second) == []


async def test_no_group_for_that_roadmap(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    await start(store, roadmaps, "3month")
    await start(store, roadmaps, "14day", guild=OTHER_GUILD)
    outcome = await join(store, roadmaps, user(), "14day", T0)
    assert (outcome.kind, outcome.group, outcome.candidates) == ("none", None, ())
    assert outcome.roadmap.id == "14day"


async def test_a_stopped_group_is_not_joined(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps, "14day")
    await stop_group(store, Actor(GUILD, HERE, 1, can_manage=True), group.id, T0)
    assert (await join(store, roadmaps, user(), "14day", T0)).kind == "none"
    assert await store.get_member(GUILD, group.id, 50) is None


async def test_join_unknown_roadmap_lists_available(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    with refused("Available: `14day`, `3month`, `7stage`"):
        await join(store, roadmaps, user(), "nope", T0)


async def test_joining_twice_says_already(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps, "14day")
    await join(store, roadmaps, user(), "14day", T0)
    again = await join(store, roadmaps, user(), "14day", DAY3)
    assert again.kind == "already"
    assert again.group is not None and again.group.id == group.id
    member = await store.get_member(GUILD, group.id, 50)
    assert member is not None and member.joined_at == T0  # unchanged


async def test_leave_and_rejoin_keeps_ticks(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps, "14day")
    me = user()
    await join(store, roadmaps, me, "14day", T0)
    await tick(store, roadmaps, me, group.id, 1, "d01-nlp-textbooks", DAY3)
    await tick(store, roadmaps, me, group.id, 3, "d03-ner", DAY3)

    assert (await group_to_leave(store, me)).id == group.id
    left = await leave(store, me, group.id, DAY3)
    assert left.id == group.id
    member = await store.get_member(GUILD, group.id, 50)
    assert member is not None and member.left_at == DAY3
    assert await member_ids(store, group) == []
    assert len(await store.ticks(GUILD, group.id, 50)) == 2
    with refused("You are not in the `14day` group"):
        await leave(store, me, group.id, DAY3)

    back = await join(store, roadmaps, me, "14day", DAY3)
    assert back.kind == "rejoined"
    assert back.ticks_kept == 2
    assert await member_ids(store, group) == [50]
    assert sorted((t.day, t.task_id) for t in await store.ticks(GUILD, group.id, 50)) == [
        (1, "d01-nlp-textbooks"),
        (3, "d03-ner"),
    ]


async def test_leave_a_group_of_another_server(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps, "14day")
    await join(store, roadmaps, user(), "14day", T0)
    with refused("does not exist in this server"):
        await leave(store, user(guild=OTHER_GUILD), group.id, DAY3)
    assert await member_ids(store, group) == [50]


# -- join_group_id (the Join button) --------------------------------------------------------------


async def test_join_button_in_the_groups_channel(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps, "14day")
    outcome = await join_group_id(store, roadmaps, user(), group.id, T0)
    assert outcome.kind == "joined"
    assert (await join_group_id(store, roadmaps, user(), group.id, T0)).kind == "already"


@pytest.mark.parametrize(
    "actor", [user(channel=THERE), user(guild=OTHER_GUILD)], ids=["channel", "guild"]
)
async def test_join_button_refused_from_another_place(
    store: Store, roadmaps: dict[str, Roadmap], actor: Actor
) -> None:
    group = await start(store, roadmaps, "14day")
    with refused("not running in this channel"):
        await join_group_id(store, roadmaps, actor, group.id, T0)
    assert await store.members(GUILD, group.id, include_left=True) == []


async def test_join_button_of_a_stopped_group(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps, "14day")
    await stop_group(store, Actor(GUILD, HERE, 1, can_manage=True), group.id, T0)
    with refused("not running in this channel"):
        await join_group_id(store, roadmaps, user(), group.id, T0)
    with refused():
        await join_group_id(store, roadmaps, user(), 999, T0)


# -- group_to_leave ------------------------------------------------------------------------------


async def test_group_to_leave_not_in_any_group(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    with refused() as caught:
        await group_to_leave(store, user())
    assert "not in a study group in this server" in english(caught.value)
    assert "`/roadmap list`" in english(caught.value)
    await start(store, roadmaps, "14day")
    with refused("`/join roadmap:14day`"):
        await group_to_leave(store, user())


async def test_group_to_leave_from_another_channel_and_with_several(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    a = await start(store, roadmaps, "14day", channel=THERE)
    b = await start(store, roadmaps, "3month", channel=YONDER)
    await join_group_id(store, roadmaps, user(channel=THERE), a.id, T0)
    # Only one group: found from any channel of the server.
    assert (await group_to_leave(store, user(channel=HERE))).id == a.id
    await join_group_id(store, roadmaps, user(channel=YONDER), b.id, T0)
    with refused() as caught:
        await group_to_leave(store, user(channel=HERE))
    assert f"<#{THERE}> (`14day`)" in english(caught.value)
    assert f"<#{YONDER}> (`3month`)" in english(caught.value)
    # In a group's channel, that group.
    assert (await group_to_leave(store, user(channel=YONDER))).id == b.id


# -- set_timezone --------------------------------------------------------------------------------


async def test_set_timezone_needs_a_group(store: Store) -> None:
    with refused("`/join` one first"):
        await set_timezone(store, user(), "Asia/Tokyo", T0)


async def test_set_and_clear_the_members_timezone(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    a = await start(store, roadmaps, "14day")
    b = await start(store, roadmaps, "3month", channel=THERE)
    await join_group_id(store, roadmaps, user(), a.id, T0)
    await join_group_id(store, roadmaps, user(channel=THERE), b.id, T0)

    assert await set_timezone(store, user(), "asia/tokyo", T0) == TimezoneOutcome("Asia/Tokyo", 2)
    for group in (a, b):
        member = await store.get_member(GUILD, group.id, 50)
        assert member is not None and member.timezone == "Asia/Tokyo"

    assert await set_timezone(store, user(), "UTC-3", T0) == TimezoneOutcome("UTC-03:00", 2)
    assert await set_timezone(store, user(), "default", T0) == TimezoneOutcome(None, 2)
    member = await store.get_member(GUILD, a.id, 50)
    assert member is not None and member.timezone is None
    assert await set_timezone(store, user(), None, T0) == TimezoneOutcome(None, 2)


async def test_bad_timezone_is_explained_and_changes_nothing(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    a = await start(store, roadmaps, "14day")
    await join_group_id(store, roadmaps, user(), a.id, T0)
    await set_timezone(store, user(), "Europe/Paris", T0)
    with refused(kind=UnknownTimezone) as caught:
        await set_timezone(store, user(), "Europe/Pariss", T0)
    assert caught.value.typed == "Europe/Pariss"
    assert "Europe/Paris" in caught.value.suggestions
    assert "IANA" in english(caught.value)
    assert "`Europe/Paris`" in english(caught.value)  # suggested
    member = await store.get_member(GUILD, a.id, 50)
    assert member is not None and member.timezone == "Europe/Paris"


async def test_timezone_of_another_server_is_untouched(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    a = await start(store, roadmaps, "14day")
    b = await start(store, roadmaps, "14day", guild=OTHER_GUILD)
    await join_group_id(store, roadmaps, user(), a.id, T0)
    await join_group_id(store, roadmaps, user(guild=OTHER_GUILD), b.id, T0)
    assert (await set_timezone(store, user(), "Asia/Tokyo", T0)).groups == 1
    other = await store.get_member(OTHER_GUILD, b.id, 50)
    assert other is not None and other.timezone is None
