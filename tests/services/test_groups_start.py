"""Starting a group: the defaults, every option, the forms people type in either language, and
each refusal, which creates nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

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
from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group
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
