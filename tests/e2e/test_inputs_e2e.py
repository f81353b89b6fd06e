"""Input in either language, end to end: a Chinese admin starts a group with a city, a date and
a time in Chinese and reads what the bot understood in Chinese; bad input in Chinese gets a
Chinese answer saying what is accepted; ``CST`` means China to a Chinese reader and asks an
English one. Nothing refused is written."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from bot.app import StudyBot
from emulator import Emulator, Scenario
from emulator.scenario import Member
from tests.e2e.conftest import World
from tests.e2e.db_state import guilds_stored, snapshot

ZH_DATE_HELP = "可以写 `今天`、`明天`、`下周一` 这样的星期，或 `4月1日`、`2026-04-01` 这样的日期。"
ZH_TIME_HELP = "可以写 `21:30`、`09:00`、`晚上9点`、`21点半`，或 12 小时制的 `9pm`、`9:30am`。"
ZH_ZONE_HELP = (
    "可以写城市名（如 `北京`、`上海`、`纽约`）、`北京时间`、"
    "IANA 时区名（如 `Asia/Shanghai`），或 UTC 偏移（如 `UTC+8`、`东八区`、`UTC-03:30`）。"
)


@pytest.fixture
def scenario() -> Scenario:
    """The shared world, with a Chinese server: Study Hall prefers zh-CN and 李雷 (lilei), who
    reads Chinese, manages it; alice manages it in English."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="zh-CN", preferred_locale="zh-CN")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    hall.member("lilei", manage_guild=True, locale="zh-CN")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


@pytest.fixture
def lilei(world: World) -> Member:
    return world.hall.member_named("lilei")


@pytest.fixture(autouse=True)
async def settled(studybot: StudyBot, world: World) -> None:
    await guilds_stored(studybot, [world.hall.id, world.elsewhere.id])


async def refused(
    emulator: Emulator, bot: StudyBot, member: Member, world: World, expected: str, **options: Any
) -> None:
    """``/roadmap start`` answers exactly ``expected``, privately, and writes nothing."""
    before = snapshot(bot)
    reply = await emulator.command(
        member, world.general, "roadmap start", roadmap="14day", **options
    )
    assert reply.ephemeral, reply.content
    assert reply.content == expected
    assert snapshot(bot) == before


async def test_a_chinese_admin_starts_with_chinese_input(
    emulator: Emulator, studybot: StudyBot, world: World, lilei: Member
) -> None:
    """The clock says Monday 2 March, 15:00 in Beijing: 下周一 is Monday 9 March."""
    reply = await emulator.command(
        lilei, world.general, "roadmap start",
        roadmap="14day", timezone="北京", start="下周一", time="晚上9点",
    )  # fmt: skip
    assert not reply.ephemeral
    description = reply.embeds[0]["description"]
    assert description.startswith(
        "**2026年3月9日周一** 开始；发布时间 **21:00**，上海 · 中国标准时间 (UTC+8)。\n"
    )
    group = await studybot.store.running_group_in_channel(world.hall.id, world.general.id)
    assert group is not None
    assert (group.timezone, group.start_date, group.post_time) == (
        "Asia/Shanghai",
        date(2026, 3, 9),
        time(21, 0),
    )


async def test_english_input_reads_back_in_english_in_an_english_group(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    reply = await emulator.command(
        world.alice, world.general, "roadmap start",
        roadmap="14day", timezone="Beijing", start="next monday", time="9pm", language="en",
    )  # fmt: skip
    assert reply.embeds[0]["description"].startswith(
        "Starts **Mon, Mar 9, 2026**; posts at **21:00**, Shanghai · China Standard Time (UTC+8).\n"
    )
    group = await studybot.store.running_group_in_channel(world.hall.id, world.general.id)
    assert group is not None and group.timezone == "Asia/Shanghai"


async def test_cst_is_china_for_a_chinese_admin(
    emulator: Emulator, studybot: StudyBot, world: World, lilei: Member
) -> None:
    reply = await emulator.command(
        lilei, world.general, "roadmap start", roadmap="14day", timezone="CST"
    )
    assert not reply.ephemeral
    group = await studybot.store.running_group_in_channel(world.hall.id, world.general.id)
    assert group is not None and group.timezone == "Asia/Shanghai"


async def test_cst_asks_an_english_admin_which_one(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    await refused(
        emulator, studybot, world.alice, world,
        "`CST` can mean several timezones. Type the one you mean (its name as shown, or pick it "
        "from the list):\n"
        "• `America/Chicago`: Chicago · Central Standard Time (UTC-6)\n"
        "• `Asia/Shanghai`: Shanghai · China Standard Time (UTC+8)\n"
        "• `America/Havana`: Havana · Cuba Standard Time (UTC-5)",
        timezone="CST",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"start": "下辈子"}, f"无法识别开始日期 `下辈子`。{ZH_DATE_HELP}"),
        ({"start": "2月30日"}, f"`2月30日` 不是日历上存在的日期。{ZH_DATE_HELP}"),
        (
            {"start": "12/1"},
            "`12/1` 有两种理解：2026年12月1日周二 或 2027年1月12日周二。学习小组没有创建："
            "请写明是哪一天，`2026-12-01` 或 `2027-01-12`。",
        ),
        (
            {"start": "2062-03-02"},
            "`2062-03-02` 离今天（2026-03-02）太远：开始日期必须在今天前后 366 天以内。"
            + ZH_DATE_HELP,
        ),
        ({"time": "25点"}, f"无法识别时间 `25点`。{ZH_TIME_HELP}"),
        (
            {"timezone": "东十五区"},
            "`东十五区` 不是有效的 UTC 偏移：偏移范围是 `UTC-12:00` 到 `UTC+14:00`。"
            + ZH_ZONE_HELP,
        ),
        (
            {"timezone": "Bejing"},
            f"无法识别时区 `Bejing`。{ZH_ZONE_HELP}\n"
            "你要找的是不是：\n• `Asia/Shanghai`：上海 · 中国标准时间 (UTC+8)",
        ),
    ],
)
async def test_bad_input_in_chinese_gets_a_chinese_answer(
    emulator: Emulator,
    studybot: StudyBot,
    world: World,
    lilei: Member,
    options: dict[str, str],
    expected: str,
) -> None:
    await refused(emulator, studybot, lilei, world, expected, **options)
