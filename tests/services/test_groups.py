"""Groups: listing, previewing, starting, status, pause/resume and stop, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot import errors as E
from bot.errors import (
    AmbiguousDate,
    AmbiguousTimezone,
    BadOffset,
    BadStartDate,
    BadTime,
    NotOnCalendar,
    StartTooFar,
    UnknownTimezone,
)
from bot.roadmaps import Roadmap, load_roadmaps
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
from tests.conftest import REPO
from tests.explain import english, refused

GUILD, OTHER_GUILD = 1001, 2002
CHANNEL, OTHER_CHANNEL = 11, 12
ADMIN = Actor(GUILD, CHANNEL, 1, can_manage=True)
PLAIN = Actor(GUILD, CHANNEL, 2)
# Monday 2 March 2026, 08:00 UTC: an hour before the default 09:00 UTC post.
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    """An instant in March 2026, UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


async def running(store: Store, guild: int = GUILD, channel: int = CHANNEL) -> int | None:
    group = await store.running_group_in_channel(guild, channel)
    return None if group is None else group.id


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


# -- start_group ---------------------------------------------------------------------------------


async def test_start_needs_manage_server(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    with refused() as caught:
        await start_group(store, roadmaps, PLAIN, StartOptions("14day"), T0)
    assert "**Manage Server**" in english(caught.value)
    assert await running(store) is None
    assert await store.groups_in_guild(GUILD) == []


async def test_start_with_defaults(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    status = await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)
    group = status.group
    assert group.roadmap_id == "14day"
    assert group.post_time == time(9, 0)
    assert group.timezone == "UTC"
    assert group.start_date == date(2026, 3, 2)
    assert (group.pace, group.weekdays_only, group.catch_up) == (1, False, False)
    assert (group.state, group.created_by, group.created_at) == ("active", 1, T0)
    assert (group.guild_id, group.channel_id) == (GUILD, CHANNEL)
    assert status.day == 0
    assert status.total == 14
    assert status.next_post == (1, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert (status.members, status.today_done, status.today_possible) == (0, 0, 0)
    assert status.today_percent == 0
    assert status.missed_days == ()
    assert await running(store) == group.id
    guild = await store.get_guild(GUILD)
    assert guild is not None and guild.locale == "en-US"


async def test_start_roadmap_id_is_trimmed_and_case_insensitive(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    status = await start_group(store, roadmaps, ADMIN, StartOptions("  14DAY "), T0)
    assert status.group.roadmap_id == "14day"


async def test_default_start_is_today_in_the_groups_zone(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    # 20:00 UTC on 2 March is 04:00 on 3 March in Shanghai (UTC+8).
    now = at(2, 20)
    status = await start_group(
        store, roadmaps, ADMIN, StartOptions("14day", timezone="asia/shanghai"), now
    )
    assert status.group.timezone == "Asia/Shanghai"
    assert status.group.start_date == date(2026, 3, 3)
    # 09:00 in Shanghai on 3 March is 01:00 UTC.
    assert status.next_post == (1, datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
    assert status.day == 0


async def test_start_with_every_option(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    options = StartOptions(
        "14day",
        time="9:30pm",
        timezone="UTC+8",
        start="tomorrow",
        pace=2,
        weekdays_only=True,
        catch_up=True,
    )
    status = await start_group(store, roadmaps, ADMIN, options, T0)
    group = status.group
    assert group.post_time == time(21, 30)
    assert group.timezone == "UTC+08:00"
    # 08:00 UTC on 2 March is 16:00 on 2 March at UTC+8, so tomorrow is Tuesday 3 March.
    assert group.start_date == date(2026, 3, 3)
    assert (group.pace, group.weekdays_only, group.catch_up) == (2, True, True)
    # 21:30 at UTC+8 on 3 March is 13:30 UTC.
    assert status.next_post == (1, datetime(2026, 3, 3, 13, 30, tzinfo=UTC))


@pytest.mark.parametrize("typed", ["9", "09:00", "9am", "21:30"])
async def test_start_accepts_the_documented_time_forms(
    store: Store, roadmaps: dict[str, Roadmap], typed: str
) -> None:
    status = await start_group(store, roadmaps, ADMIN, StartOptions("14day", time=typed), T0)
    expected = time(21, 30) if typed == "21:30" else time(9, 0)
    assert status.group.post_time == expected


async def test_start_with_an_explicit_date(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    status = await start_group(
        store, roadmaps, ADMIN, StartOptions("14day", start="2026-03-09"), T0
    )
    assert status.group.start_date == date(2026, 3, 9)
    assert status.next_post == (1, datetime(2026, 3, 9, 9, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("options", "error", "data"),
    [
        (StartOptions("14day", time="25:00"), BadTime, {"typed": "25:00"}),
        (StartOptions("14day", time="lunchtime"), BadTime, {"typed": "lunchtime"}),
        (StartOptions("14day", time="9:75"), BadTime, {"typed": "9:75"}),
        (
            StartOptions("14day", timezone="Mars/Olympus"),
            UnknownTimezone,
            {"typed": "Mars/Olympus"},
        ),
        (
            StartOptions("14day", timezone="UTC+15"),
            BadOffset,
            {"typed": "UTC+15", "west": "UTC-12:00", "east": "UTC+14:00"},
        ),
        (
            StartOptions("14day", start="someday"),
            BadStartDate,
            {"typed": "someday", "today": date(2026, 3, 2)},
        ),
        (
            StartOptions("14day", start="2026-02-30"),
            NotOnCalendar,
            {"typed": "2026-02-30", "today": date(2026, 3, 2)},
        ),
        (
            StartOptions("14day", start="2062-03-02"),
            StartTooFar,
            {"chosen": date(2062, 3, 2), "today": date(2026, 3, 2), "window_days": 366},
        ),
        (
            StartOptions("14day", start="12/1"),
            AmbiguousDate,
            {"typed": "12/1", "readings": (date(2026, 12, 1), date(2027, 1, 12))},
        ),
    ],
)
async def test_bad_start_input_is_a_typed_error_and_creates_nothing(
    store: Store,
    roadmaps: dict[str, Roadmap],
    options: StartOptions,
    error: type[Exception],
    data: dict[str, object],
) -> None:
    with pytest.raises(error) as caught:
        await start_group(store, roadmaps, ADMIN, options, T0)
    assert {key: getattr(caught.value, key) for key in data} == data
    assert await store.groups_in_guild(GUILD, ("active", "paused", "stopped", "finished")) == []


@pytest.mark.parametrize("pace", [0, 8])
async def test_bad_pace_says_what_is_accepted_and_creates_nothing(
    store: Store, roadmaps: dict[str, Roadmap], pace: int
) -> None:
    with refused() as caught:
        await start_group(store, roadmaps, ADMIN, StartOptions("14day", pace=pace), T0)
    message = english(caught.value)
    assert "1 to 7" in message and "Example: 2" in message
    assert await store.groups_in_guild(GUILD, ("active", "paused", "stopped", "finished")) == []


async def test_start_in_either_language(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    """A Chinese admin's zone, date and time: Beijing time, next Monday, 9 in the evening."""
    chinese = Actor(GUILD, CHANNEL, 1, locale="zh-CN", can_manage=True)
    options = StartOptions("14day", time="晚上9点", timezone="北京", start="下周一")
    group = (await start_group(store, roadmaps, chinese, options, T0)).group
    assert (group.timezone, group.start_date, group.post_time) == (
        "Asia/Shanghai",
        date(2026, 3, 9),
        time(21, 0),
    )


async def test_cst_means_china_to_a_chinese_reader_and_asks_an_english_one(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    chinese = Actor(GUILD, CHANNEL, 1, locale="zh-CN", can_manage=True)
    with pytest.raises(AmbiguousTimezone) as caught:
        await start_group(store, roadmaps, ADMIN, StartOptions("14day", timezone="CST"), T0)
    assert list(caught.value.choices) == [
        "America/Chicago",
        "Asia/Shanghai",
        "America/Havana",
    ]
    group = (
        await start_group(store, roadmaps, chinese, StartOptions("14day", timezone="CST"), T0)
    ).group
    assert group.timezone == "Asia/Shanghai"


async def test_unknown_roadmap_lists_available_ids(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    with refused() as caught:
        await start_group(store, roadmaps, ADMIN, StartOptions("llm-101"), T0)
    assert english(caught.value) == (
        "There is no roadmap `llm-101`. Available: `14day`, `3month`, `7stage`, and "
        "`foundations`. "
        "See them all with `/roadmap list`."
    )
    assert await running(store) is None


async def test_second_group_in_a_channel_names_the_running_one(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    first = (await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)).group
    with refused() as caught:
        await start_group(store, roadmaps, ADMIN, StartOptions("3month"), at(3))
    message = english(caught.value)
    assert "`14day` (started Mon, Mar 2, 2026)" in message  # no internal group id
    assert "`/roadmap stop`" in message
    assert await running(store) == first.id
    # Another channel of the same server is free, and so is the same channel id elsewhere.
    other = Actor(GUILD, OTHER_CHANNEL, 1, can_manage=True)
    assert (await start_group(store, roadmaps, other, StartOptions("3month"), T0)).group.id
    elsewhere = Actor(OTHER_GUILD, CHANNEL, 1, can_manage=True)
    assert (await start_group(store, roadmaps, elsewhere, StartOptions("14day"), T0)).group.id


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
