"""Groups: listing, previewing, status, pause/resume, stop and the group's language, on a real
SQLite file. Starting one is in ``test_groups_start.py``."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot import errors as E
from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.groups import (
    StartOptions,
    edit_group,
    group_status,
    group_to_stop,
    list_roadmaps,
    parse_language,
    pause_group,
    preview,
    resume_group,
    start_group,
    status_of,
    stop_group,
)
from bot.services.membership import join, leave
from bot.services.study import tick
from bot.store import Store
from tests.explain import english, refused
from tests.services.groups_setup import (
    ADMIN,
    CHANNEL,
    GUILD,
    OTHER_CHANNEL,
    OTHER_GUILD,
    PLAIN,
    T0,
    at,
    running,
)

# -- list and preview ----------------------------------------------------------------------------


def test_list_roadmaps_sorted_by_length(roadmaps: dict[str, Roadmap]) -> None:
    infos = list_roadmaps(roadmaps)
    assert [(i.id, i.days) for i in infos] == [
        ("14day", 14),
        ("7stage", 49),
        ("foundations", 56),
        ("3month", 84),
    ]
    first = infos[0]
    # 3+4+4+3+2+3+3+3+3+3+3+3+3+3 tasks in roadmaps/14day.yaml
    assert first.tasks == 43
    assert first.title.en.startswith("LLM in 14 days")
    assert first.description.en and first.description.zh


def test_preview_defaults_to_day_one_and_names_the_phase(roadmaps: dict[str, Roadmap]) -> None:
    shown = preview(roadmaps, " 14DAY ", None)
    assert shown.day.number == 1
    assert [t.id for t in shown.day.tasks] == [
        "d01-nlp-textbooks",
        "d01-nlp-analysis-levels",
        "d01-nlp-tasks-summary",
    ]
    assert shown.phase.title.en == "Foundations"
    assert preview(roadmaps, "14day", 5).phase.title.en == "Core concepts"


@pytest.mark.parametrize("day", [0, 15, -3])
def test_preview_out_of_range_says_which_days_exist(roadmaps: dict[str, Roadmap], day: int) -> None:
    with refused() as caught:
        preview(roadmaps, "14day", day)
    message = english(caught.value)
    assert "days 1 to 14" in message
    assert f"day {day}" in message
    assert "Example: `/roadmap preview id:14day day:2`" in message


def test_preview_unknown_roadmap_lists_available(roadmaps: dict[str, Roadmap]) -> None:
    with refused("`14day`, `3month`, `7stage`, and `foundations`"):
        preview(roadmaps, "15day", None)


# -- status --------------------------------------------------------------------------------------


async def test_status_fields_on_day_three(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    alice, bob, carol = (Actor(GUILD, CHANNEL, uid) for uid in (21, 22, 23))
    for actor in (alice, bob, carol):
        assert (await join(store, roadmaps, actor, "14day", T0)).kind == "joined"
    now = at(4, 10)  # day 3 was released at 09:00 on 4 March
    await tick(store, roadmaps, alice, group.id, 3, "d03-tokenization", now)
    await tick(store, roadmaps, alice, group.id, 3, "d03-ner", now)
    await tick(store, roadmaps, bob, group.id, 3, "d03-ner", now)
    await tick(store, roadmaps, bob, group.id, 1, "d01-nlp-textbooks", now)  # another day
    await tick(store, roadmaps, carol, group.id, 3, "d03-pos-tagging", now)
    await leave(store, carol, group.id, now)  # carol's tick no longer counts

    status = await group_status(store, roadmaps, PLAIN, now)
    assert status.group.id == group.id
    assert status.day == 3
    assert status.next_post == (4, datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    assert status.members == 2
    # day 3 has 4 tasks; 2 members -> 8 possible; alice 2 + bob 1 on day 3
    assert (status.today_done, status.today_possible) == (3, 8)
    assert status.today_percent == 38  # round(37.5) with banker's rounding is 38


async def test_status_at_the_end_of_the_roadmap(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)
    last = await group_status(store, roadmaps, PLAIN, at(15, 10))
    assert last.day == 14
    assert last.next_post == (15, datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    done = await group_status(store, roadmaps, PLAIN, at(16, 10))
    assert done.day == 15  # the summary is due
    assert done.next_post is None


async def test_status_without_a_group_explains_how_to_start(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    with refused("No roadmap is running in this channel"):
        await group_status(store, roadmaps, PLAIN, T0)


async def test_status_of_a_roadmap_no_longer_loaded(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused("`14day`, which is not loaded"):
        await status_of(store, {}, group, T0)


# -- pause and resume ----------------------------------------------------------------------------


async def test_paused_days_are_not_counted(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    assert (await group_status(store, roadmaps, PLAIN, at(3, 10))).day == 2

    paused = await pause_group(store, roadmaps, ADMIN, at(3, 12))
    assert paused.group.state == "paused"
    assert paused.day == 2
    assert paused.next_post is None
    # Three days later, still day 2.
    assert (await group_status(store, roadmaps, PLAIN, at(6, 11))).day == 2

    resumed = await resume_group(store, roadmaps, ADMIN, at(6, 12))
    assert resumed.group.state == "active"
    assert resumed.day == 2
    # The posts of 4, 5 and 6 March fell in the pause; day 3 comes on 7 March.
    assert resumed.next_post == (3, datetime(2026, 3, 7, 9, 0, tzinfo=UTC))
    assert (await group_status(store, roadmaps, PLAIN, at(7, 8, 59))).day == 2
    assert (await group_status(store, roadmaps, PLAIN, at(7, 9))).day == 3
    assert (await group_status(store, roadmaps, PLAIN, at(10, 9))).day == 6

    pauses = await store.pauses(GUILD, group.id)
    assert [(p.started_at, p.ended_at) for p in pauses] == [(at(3, 12), at(6, 12))]


async def test_a_pause_between_two_posts_changes_nothing(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)
    await pause_group(store, roadmaps, ADMIN, at(3, 12))
    resumed = await resume_group(store, roadmaps, ADMIN, at(3, 18))
    assert resumed.day == 2
    assert resumed.next_post == (3, datetime(2026, 3, 4, 9, 0, tzinfo=UTC))


async def test_double_pause_and_double_resume_are_refused(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused("not paused; nothing to resume"):
        await resume_group(store, roadmaps, ADMIN, at(2))
    await pause_group(store, roadmaps, ADMIN, at(3))
    with refused(r"already paused.*`/roadmap resume`"):
        await pause_group(store, roadmaps, ADMIN, at(4))
    await resume_group(store, roadmaps, ADMIN, at(5))
    with refused("not paused"):
        await resume_group(store, roadmaps, ADMIN, at(6))
    assert len(await store.pauses(GUILD, group.id)) == 1


async def test_pause_and_resume_need_manage_server(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused("Manage Server"):
        await pause_group(store, roadmaps, PLAIN, at(3))
    await pause_group(store, roadmaps, ADMIN, at(3))
    with refused("Manage Server"):
        await resume_group(store, roadmaps, PLAIN, at(4))
    stored = await store.get_group(GUILD, group.id)
    assert stored is not None and stored.state == "paused"


async def test_pause_without_a_group(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    with refused("No roadmap is running"):
        await pause_group(store, roadmaps, ADMIN, T0)


# -- stop ----------------------------------------------------------------------------------------


async def test_group_to_stop_needs_manage_server(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused("Manage Server"):
        await group_to_stop(store, PLAIN)
    assert (await group_to_stop(store, ADMIN)).id == group.id
    with refused("No roadmap is running"):
        await group_to_stop(store, Actor(GUILD, OTHER_CHANNEL, 1, can_manage=True))


async def test_stop_rechecks_permission(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused("Manage Server"):
        await stop_group(store, PLAIN, group.id, at(3))
    assert await running(store) == group.id


@pytest.mark.parametrize(
    "actor",
    [
        Actor(GUILD, OTHER_CHANNEL, 1, can_manage=True),
        Actor(OTHER_GUILD, CHANNEL, 1, can_manage=True),
    ],
    ids=["other-channel", "other-guild"],
)
async def test_stop_refuses_a_group_of_another_place(
    store: Store, roadmaps: dict[str, Roadmap], actor: Actor
) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused("not running in this channel"):
        await stop_group(store, actor, group.id, at(3))
    stored = await store.get_group(GUILD, group.id)
    assert stored is not None and stored.state == "active" and stored.ended_at is None


async def test_stop_keeps_the_data_and_frees_the_channel(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    member = Actor(GUILD, CHANNEL, 21)
    await join(store, roadmaps, member, "14day", T0)
    await tick(store, roadmaps, member, group.id, 1, "d01-nlp-textbooks", at(2, 10))

    stopped = await stop_group(store, ADMIN, group.id, at(3))
    assert (stopped.id, stopped.state, stopped.ended_at) == (group.id, "stopped", at(3))
    assert [m.user_id for m in await store.members(GUILD, group.id)] == [21]
    assert [(t.day, t.task_id) for t in await store.ticks(GUILD, group.id)] == [
        (1, "d01-nlp-textbooks")
    ]
    with refused("No roadmap is running"):
        await group_status(store, roadmaps, PLAIN, at(3))
    with refused("already stopped"):
        await stop_group(store, ADMIN, group.id, at(4))
    again = await start_group(store, roadmaps, ADMIN, StartOptions("3month"), at(4))
    assert again.group.id != group.id


async def test_a_paused_group_can_be_stopped(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    await pause_group(store, roadmaps, ADMIN, at(3))
    stopped = await stop_group(store, ADMIN, group.id, at(4))
    assert stopped.state == "stopped"
    assert [(p.started_at, p.ended_at) for p in await store.pauses(GUILD, group.id)] == [
        (at(3), at(4))
    ]


async def test_stop_an_unknown_group(store: Store) -> None:
    with refused("not running in this channel"):
        await stop_group(store, ADMIN, 999, T0)


def test_a_language_setting_is_a_catalog_or_the_servers() -> None:
    assert parse_language("zh") == "zh"
    assert parse_language(" en ") == "en"
    assert parse_language("server") is None
    with refused("I don't speak `fr`. Available: `en` and `zh`.", E.UnknownLanguage):
        parse_language("fr")


async def test_start_and_edit_set_the_groups_language(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    with refused(kind=E.UnknownLanguage):
        await start_group(store, roadmaps, ADMIN, StartOptions("14day", language="xx"), T0)
    assert await running(store) is None  # refused before anything was created
    status = await start_group(store, roadmaps, ADMIN, StartOptions("14day", language="zh"), T0)
    assert status.group.language == "zh"
    edited = await edit_group(store, roadmaps, ADMIN, None, None, T0, "server")
    assert edited.group.language is None
    assert (edited.group.post_time, edited.group.timezone) == (time(9, 0), "UTC")  # unchanged
    edited = await edit_group(store, roadmaps, ADMIN, "21:30", None, T0, "en")
    assert (edited.group.language, edited.group.post_time) == ("en", time(21, 30))
    with refused(kind=E.UnknownLanguage):
        await edit_group(store, roadmaps, ADMIN, "8:00", None, T0, "xx")
    unchanged = await group_status(store, roadmaps, ADMIN, T0)
    assert (unchanged.group.language, unchanged.group.post_time) == ("en", time(21, 30))
    with refused(kind=E.NothingToEdit):
        await edit_group(store, roadmaps, ADMIN, None, None, T0, None)
