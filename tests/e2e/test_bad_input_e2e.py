"""Every bad input of issue 5 gets its exact ephemeral reply, and the database stays as it was."""

from __future__ import annotations

import zoneinfo
from typing import Any

import pytest

from bot.app import StudyBot
from emulator import Emulator, Scenario
from emulator.scenario import Channel, Member
from tests.e2e.conftest import FakeClock, World
from tests.e2e.db_state import guilds_stored, snapshot

TIME_HELP = "Use 24-hour `HH:MM` like `09:00` or `21:30`, or 12-hour like `9am` or `9:30pm`."
TZ_HELP = (
    "Use a city like `Shanghai` or `New York`, an IANA name like `Asia/Shanghai`, "
    "or an offset from UTC like `UTC+8` or `UTC-03:30`."
)
START_HELP = (  # today is 2026-03-02: the example is the first of next month
    "Use `today`, `tomorrow`, a weekday like `next monday`, or a date like `Apr 1` or `2026-04-01`."
)
NO_GROUP_HERE = (
    "No roadmap is running in this channel. Start one with `/roadmap start` "
    "(needs Manage Server), or see `/roadmap list`."
)
TITLE_14 = "LLM in 14 days: from NLP basics to advanced topics"


@pytest.fixture
def scenario() -> Scenario:
    """The shared world plus a third Study Hall channel, #random, that runs nothing."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.text_channel("random")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


@pytest.fixture(autouse=True)
async def settled(studybot: StudyBot, world: World) -> None:
    await guilds_stored(studybot, [world.hall.id, world.elsewhere.id])


async def refused(
    emulator: Emulator,
    bot: StudyBot,
    member: Member,
    channel: Channel,
    command: str,
    expected: str,
    **options: Any,
) -> None:
    """Run the command; its reply must be exactly ``expected``, ephemeral, with nothing written."""
    before = snapshot(bot)
    reply = await emulator.command(member, channel, command, **options)
    assert reply.ephemeral, f"/{command} {options}: reply is public: {reply.content!r}"
    assert reply.content == expected
    assert not reply.embeds and not reply.components
    assert snapshot(bot) == before, f"/{command} {options} changed the database"


async def start_14day(emulator: Emulator, world: World, channel: Channel | None = None) -> None:
    reply = await emulator.command(
        world.alice, channel or world.general, "roadmap start", roadmap="14day", time="9am"
    )
    assert not reply.ephemeral and "Study group started" in reply.embeds[0]["title"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25:00", f"I couldn't read `25:00` as a time. {TIME_HELP}"),
        ("abc", f"I couldn't read `abc` as a time. {TIME_HELP}"),
        ("13pm", f"I couldn't read `13pm` as a time. {TIME_HELP}"),
    ],
)
async def test_start_with_a_bad_time(
    emulator: Emulator, studybot: StudyBot, world: World, typed: str, expected: str
) -> None:
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap start", expected,
        roadmap="14day", time=typed,
    )  # fmt: skip


async def test_start_with_an_unknown_timezone(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap start",
        f"I don't know the timezone `Mars/Olympus`. {TZ_HELP}",
        roadmap="14day", time="09:00", timezone="Mars/Olympus",
    )  # fmt: skip


async def test_start_with_an_out_of_range_offset(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap start",
        "`UTC+15` is not a real UTC offset: offsets go from `UTC-12:00` to "
        f"`UTC+14:00`. {TZ_HELP}",
        roadmap="14day", timezone="UTC+15",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("someday", f"I couldn't read `someday` as a start date. {START_HELP}"),
        (
            "12/1",
            "`12/1` can be read two ways: Tue, Dec 1, 2026 or Tue, Jan 12, 2027. Nothing was "
            "started: write the day you mean as `2026-12-01` or `2027-01-12`.",
        ),
        ("2026-13-40", f"`2026-13-40` is not a date on the calendar. {START_HELP}"),
        (
            "2062-03-02",
            "`2062-03-02` is too far from today (2026-03-02): the start must be within 366 days "
            f"before or after it. {START_HELP}",
        ),
    ],
)
async def test_start_with_a_bad_start_date(
    emulator: Emulator, studybot: StudyBot, world: World, typed: str, expected: str
) -> None:
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap start", expected,
        roadmap="14day", start=typed,
    )  # fmt: skip


UNKNOWN = (
    "There is no roadmap `nope`. Available: `14day`, `3month`, `7stage`, and `foundations`. "
    "See them all with `/roadmap list`."
)


async def test_unknown_roadmap_everywhere(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap start", UNKNOWN, roadmap="nope"
    )
    await refused(
        emulator, studybot, world.carol, world.general, "roadmap preview", UNKNOWN, id="nope"
    )
    await refused(emulator, studybot, world.carol, world.general, "join", UNKNOWN, roadmap="nope")


@pytest.mark.parametrize("day", [15, 1000])
async def test_preview_day_out_of_range(
    emulator: Emulator, studybot: StudyBot, world: World, day: int
) -> None:
    await refused(
        emulator, studybot, world.carol, world.general, "roadmap preview",
        f"`14day` has days 1 to 14; you asked for day {day}. "
        "Example: `/roadmap preview id:14day day:2`.",
        id="14day", day=day,
    )  # fmt: skip


async def test_today_and_checkin_outside_any_group(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    nowhere = (
        "You are not in a study group in this server yet. "
        "See what runs here with `/roadmap list`, then `/join`."
    )
    await refused(emulator, studybot, world.carol, world.general, "today", nowhere)
    await refused(emulator, studybot, world.carol, world.general, "checkin", nowhere, minutes=30)

    await start_14day(emulator, world)
    here = (
        "You are not in a study group in this server yet. "
        "This channel runs `14day`: `/join roadmap:14day`."
    )
    await refused(emulator, studybot, world.carol, world.general, "today", here)
    await refused(emulator, studybot, world.carol, world.general, "checkin", here, note="read")
    # a group in another server does not count
    await refused(emulator, studybot, world.dave, world.lobby, "today", nowhere)


async def test_join_a_roadmap_nobody_runs(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await start_14day(emulator, world)  # 14day runs, 3month does not
    await refused(
        emulator, studybot, world.carol, world.general, "join",
        "No group runs **LLMs in 3 months: foundations, hands-on projects, frontier** in this "
        "server yet. Someone with the **Manage Server** permission can start one in a channel "
        "with `/roadmap start roadmap:3month`.",
        roadmap="3month",
    )  # fmt: skip
    # a 14day group in another server is not offered either
    await refused(
        emulator, studybot, world.dave, world.lobby, "join",
        f"No group runs **{TITLE_14}** in this server yet. Someone with the **Manage Server** "
        "permission can start one in a channel with `/roadmap start roadmap:14day`.",
        roadmap="14day",
    )  # fmt: skip


async def test_join_when_several_groups_run_it(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await start_14day(emulator, world, world.general)
    await start_14day(emulator, world, world.other)
    random = world.hall.channel_named("random")
    await refused(
        emulator, studybot, world.carol, random, "join",
        f"Several groups run **{TITLE_14}** in this server. Run `/join roadmap:14day` in the "
        f"channel of the one you want:\n• <#{world.general.id}> (started Mon, Mar 2, 2026)\n"
        f"• <#{world.other.id}> (started Mon, Mar 2, 2026)",
        roadmap="14day",
    )  # fmt: skip
    # in one of those channels, /join picks that channel's group
    reply = await emulator.command(world.carol, world.other, "join", roadmap="14day")
    assert reply.content.startswith(f"Welcome to **{TITLE_14}** in <#{world.other.id}>!")


async def test_second_start_in_a_busy_channel(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await start_14day(emulator, world)
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap start",
        "This channel already runs `14day` (started Mon, Mar 2, 2026). One roadmap per channel: "
        "stop it with `/roadmap stop` first, or start the new one in another channel.",
        roadmap="3month",
    )  # fmt: skip


async def test_pause_twice_and_resume_when_not_paused(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await start_14day(emulator, world)
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap resume",
        "This group is not paused; nothing to resume.",
    )  # fmt: skip
    paused = await emulator.command(world.alice, world.general, "roadmap pause")
    assert paused.ephemeral and paused.embeds[0]["fields"][1]["value"] == "paused"
    (group,) = await studybot.store.running_groups_all_guilds()
    await studybot.daily.announce(group.guild_id, group.id)  # the channel told, after the reply
    clock.advance(hours=1)
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap pause",
        "This group is already paused. Resume it with `/roadmap resume`.",
    )  # fmt: skip
    resumed = await emulator.command(world.alice, world.general, "roadmap resume")
    assert resumed.embeds[0]["fields"][1]["value"] == "active"
    await studybot.daily.announce(group.guild_id, group.id)
    await refused(
        emulator, studybot, world.alice, world.general, "roadmap resume",
        "This group is not paused; nothing to resume.",
    )  # fmt: skip


async def test_admin_commands_with_no_group_here(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await start_14day(emulator, world, world.other)  # a group elsewhere does not count
    for command in ("roadmap stop", "roadmap status", "roadmap pause", "roadmap resume"):
        await refused(emulator, studybot, world.alice, world.general, command, NO_GROUP_HERE)
    await refused(emulator, studybot, world.carol, world.general, "roadmap status", NO_GROUP_HERE)


async def test_timezone_autocomplete(emulator: Emulator, studybot: StudyBot, world: World) -> None:
    def names(choices: list[dict[str, Any]]) -> list[str]:
        assert len(choices) <= 25
        for c in choices:
            assert 1 <= len(c["name"]) <= 100 and c["value"] in known | {"UTC+08:00"}
        return [c["value"] for c in choices]

    known = zoneinfo.available_timezones() | {"UTC"}
    typed = await emulator.autocomplete(
        world.alice, world.general, "roadmap start", focused="timezone", value="america",
        roadmap="14day",
    )  # fmt: skip
    found = names(typed)
    assert len(found) == 25  # far more than 25 zones match "america": the best 25
    popular = {"America/Chicago", "America/New_York", "America/Los_Angeles", "America/Denver"}
    assert popular <= set(found[:7])  # popular ones first
    assert typed[found.index("America/Chicago")]["name"] == (
        "Chicago · Central Standard Time (UTC-6)"
    )

    shang = names(
        await emulator.autocomplete(
            world.alice, world.general, "roadmap start", focused="timezone", value="Asia/Shang"
        )
    )
    assert shang[0] == "Asia/Shanghai" and all(z in known for z in shang)

    offset = names(
        await emulator.autocomplete(
            world.alice, world.general, "roadmap start", focused="timezone", value="UTC+8"
        )
    )
    assert offset[0] == "UTC+08:00"

    # a Chinese reader types Chinese and reads Chinese; the value is the IANA name
    beijing = await emulator.autocomplete(
        world.bob, world.general, "timezone set", focused="timezone", value="北京"
    )
    assert beijing == [{"name": "上海 · 中国标准时间 (UTC+8)", "value": "Asia/Shanghai"}]
    tokyo = await emulator.autocomplete(
        world.alice, world.general, "roadmap start", focused="timezone", value="东京"
    )
    assert tokyo[0] == {"name": "Tokyo · Japan Standard Time (UTC+9)", "value": "Asia/Tokyo"}

    empty = names(
        await emulator.autocomplete(
            world.alice, world.general, "roadmap start", focused="timezone", value=""
        )
    )
    assert len(empty) == 25 and empty[:2] == ["UTC", "Asia/Shanghai"]

    # /timezone set offers the same names
    mine = names(
        await emulator.autocomplete(
            world.bob, world.general, "timezone set", focused="timezone", value="kolk"
        )
    )
    assert mine[0] == "Asia/Kolkata"
    assert snapshot(studybot)["groups"] == []


async def test_roadmap_autocomplete(emulator: Emulator, studybot: StudyBot, world: World) -> None:
    everything = await emulator.autocomplete(
        world.alice, world.general, "roadmap start", focused="roadmap", value=""
    )
    assert [c["value"] for c in everything] == ["14day", "3month", "7stage", "foundations"]
    assert everything[0]["name"] == f"14day · {TITLE_14}"
    assert all(len(c["name"]) <= 100 for c in everything)

    by_id = await emulator.autocomplete(
        world.carol, world.general, "join", focused="roadmap", value="14"
    )
    assert [c["value"] for c in by_id] == ["14day"]
    by_title = await emulator.autocomplete(
        world.carol, world.general, "roadmap preview", focused="id", value="llm in 14"
    )
    assert [c["value"] for c in by_title] == ["14day"]
    # bob reads Chinese: the title is in Chinese, and Chinese text matches too
    zh = await emulator.autocomplete(
        world.bob, world.general, "join", focused="roadmap", value="14天"
    )
    assert zh == [{"name": "14day · 14天打造LLM专家：从NLP基础到高级进阶", "value": "14day"}]
    assert (
        await emulator.autocomplete(
            world.carol, world.general, "join", focused="roadmap", value="no such thing"
        )
        == []
    )
