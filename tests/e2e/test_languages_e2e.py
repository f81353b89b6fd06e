"""The whole flow in a Chinese server with Chinese-reading members, and the same flow in English:
every reply and post is in the server's and readers' language apart from names, ids and links.

start (and its bad inputs), join, the daily post, tick, undo, check-in, /today, /progress,
status, edit, pause, resume, timezone, leave, every day to the final summary, and stop.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot import errors as E
from bot.app import StudyBot
from bot.render import ids
from bot.services.posting import next_post_at
from emulator import Emulator, Scenario
from emulator.interactions import Reply
from emulator.scenario import Channel, Member
from tests.e2e.conftest import ROADMAPS, FakeClock, fire, posts_of
from tests.e2e.reading import assert_reads
from tests.explain import told

LOCALES = {"zh": "zh-CN", "en": "en-US"}


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def scenario(lang: str) -> Scenario:
    """One server in ``lang``: an admin, a member and a newcomer reading it, two channels."""
    sc = Scenario()
    locale = LOCALES[lang]
    hall = sc.guild("学习小组", locale=locale, preferred_locale=locale)
    hall.text_channel("学习")
    hall.text_channel("阅读")
    hall.member("小明", manage_guild=True, locale=locale)
    hall.member("小红", locale=locale)
    hall.member("小刚", locale=locale)
    return sc


class Flow:
    """Sends what people do and checks that everything they read is in ``lang``."""

    def __init__(self, emulator: Emulator, studybot: StudyBot, lang: str) -> None:
        self.emu, self.bot, self.lang = emulator, studybot, lang
        self.hall = emulator.scenario.guilds[0]
        self.main, self.second = self.hall.channels
        self.admin, self.member, self.newcomer = self.hall.members[-3:]
        self.read = 0

    def check(self, reply: Reply | dict[str, Any] | None, what: str) -> Reply | Any:
        message = reply.message if isinstance(reply, Reply) else reply
        assert_reads(message, self.lang, what)
        self.read += 1
        return reply

    async def command(
        self, who: Member, name: str, channel: Channel | None = None, **o: Any
    ) -> Any:
        reply = await self.emu.command(who, channel or self.main, name, **o)
        return self.check(reply, f"/{name} {o}")

    async def click(self, who: Member, message: Any, custom_id: str) -> Any:
        return self.check(await self.emu.click(who, message, custom_id), custom_id)

    async def settle(self, group_id: int) -> None:
        """Wait for what a change posts after its reply (the group's lock orders runs)."""
        await self.bot.daily.run(self.hall.id, group_id)

    async def refused(self, who: Member, name: str, error: E.UserFacingError, **o: Any) -> None:
        """``/name`` is refused with ``error`` (suggestions left out of the comparison)."""
        reply = await self.command(who, name, **o)
        assert reply.ephemeral and reply.content.startswith(told(who, error)), (name, o)


def buttons(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


async def test_the_whole_flow_reads_in_the_servers_language(
    emulator: Emulator, studybot: StudyBot, clock: FakeClock, lang: str
) -> None:
    f = Flow(emulator, studybot, lang)
    admin, member, newcomer = f.admin, f.member, f.newcomer
    today = datetime(2026, 3, 2).date()

    await f.command(member, "roadmap list")
    await f.command(member, "roadmap preview", id="14day", day=3)
    await f.refused(member, "roadmap preview", E.DayOutOfRange("14day", 14, 99), id="14day", day=99)
    choices = await emulator.autocomplete(member, f.main, "join", focused="roadmap", value="14")
    assert choices[0]["name"] == f"14day · {ROADMAPS['14day'].title.get(lang)}"

    # bad input first: each is refused in the reader's language and nothing is created
    start = "roadmap start"
    await f.refused(member, start, E.NotManager(), roadmap="14day")
    await f.refused(admin, start, E.UnknownRoadmap("nope", tuple(sorted(ROADMAPS))), roadmap="nope")
    await f.refused(admin, start, E.BadTime("25:00"), roadmap="14day", time="25:00")
    mars = E.UnknownTimezone("Mars/Base")
    await f.refused(admin, start, mars, roadmap="14day", timezone="Mars/Base")
    someday = E.BadStartDate("someday", today)
    await f.refused(admin, start, someday, roadmap="14day", start="someday")
    await f.refused(member, "checkin", E.NotInAnyGroup(), note="x")
    assert await studybot.store.running_groups_all_guilds() == []

    started = await f.command(
        admin, "roadmap start", roadmap="14day", time="9am", timezone="Asia/Shanghai",
        start="tomorrow",
    )  # fmt: skip
    assert not started.ephemeral  # public: in the group's (the server's) language
    (group,) = await studybot.store.running_groups_all_guilds()
    assert group.language is None
    await f.refused(admin, start, E.ChannelBusy("14day", group.start_date), roadmap="3month")
    await f.command(member, "join", roadmap="14day")
    await f.command(member, "join", roadmap="14day")  # already in
    before = await f.command(member, "today")
    assert before.content and not before.embeds  # not started yet

    clock.set(datetime(2026, 3, 3, 1, 1, tzinfo=UTC))  # 09:01 in Shanghai: day 1
    await fire(studybot, group.id)
    [post] = posts_of(emulator, f.main)
    f.check(post, "day 1 post")
    task, checkin = buttons(post)[0], buttons(post)[-1]
    done = await f.click(member, post, task)
    again = await f.click(member, post, task)
    undo = again.buttons()[0]["custom_id"]
    assert undo == ids.undo(group.id, 1, task.split(":")[-1])
    await f.click(member, again, undo)
    await f.click(member, again, undo)  # nothing left to undo
    await f.click(member, post, task)
    stranger = await f.click(newcomer, post, task)
    assert stranger.buttons()[0]["custom_id"] == ids.join(group.id)
    await f.click(newcomer, stranger, ids.join(group.id))
    ticks = await studybot.store.ticks(f.hall.id, group.id)
    assert done.ephemeral and [t.user_id for t in ticks] == [member.id]

    await f.click(member, post, checkin)
    note = {"zh": "读了第一章", "en": "read chapter 1"}[lang]  # what members type is theirs
    await f.command(member, "checkin", note=note, minutes=45)
    await f.command(member, "today")
    await f.command(member, "progress")
    await f.command(member, "progress", period="week")
    await f.command(member, "progress", member=newcomer)
    await f.command(member, "roadmap status")

    await f.command(admin, "roadmap edit", time="21:30")
    await f.refused(admin, "roadmap edit", E.NothingToEdit())
    await f.refused(admin, "roadmap edit", E.UnknownTimezone("Mars/Base"), timezone="Mars/Base")
    await f.refused(member, "roadmap edit", E.NotManager(), time="8")
    paused = await f.command(admin, "roadmap pause")
    assert paused.ephemeral  # the admin's status; the channel gets the announcement
    await f.refused(admin, "roadmap pause", E.AlreadyPaused())
    await f.command(admin, "roadmap resume")
    await f.refused(admin, "roadmap resume", E.NotPaused())
    await f.command(member, "timezone set", timezone="Asia/Tokyo")
    await f.refused(member, "timezone set", E.UnknownTimezone("Mars"), timezone="Mars")
    asked = await f.command(member, "leave")
    await f.click(member, asked, ids.cancel())
    await f.settle(group.id)
    notices = [
        m
        for m in emulator.messages(f.main)
        if m.get("components") and any(i.startswith("studybot:notice:") for i in buttons(m))
    ]
    assert len(notices) == 3  # the edit, the pause, the resume: each once, in the group's words
    for notice in notices:
        f.check(notice, "announcement")

    # every day to the end: the last day's note, then the summary, all in the server's language
    for _ in range(20):
        fresh = await studybot.store.get_group(f.hall.id, group.id)
        assert fresh is not None
        if fresh.state == "finished":
            break
        when = await next_post_at(studybot.store, studybot.roadmaps, fresh, clock())
        assert when is not None
        clock.set(when + timedelta(minutes=1))
        await fire(studybot, group.id)
    posts = posts_of(emulator, f.main)
    assert len(posts) == 15
    for k, day_post in enumerate(posts, 1):
        f.check(day_post, f"post {k}")
    await f.refused(member, "today", E.NotInAnyGroup())  # the group has finished

    # stop, in the other channel
    await f.command(admin, "roadmap start", f.second, roadmap="7stage")
    asked = await f.command(admin, "roadmap stop", f.second)
    [stop_id, cancel_id] = [b["custom_id"] for b in asked.buttons()]
    assert cancel_id == ids.cancel()
    await f.click(admin, asked, stop_id)
    no_group = await f.command(admin, "roadmap status", f.second)
    assert no_group.content == told(admin, E.NoGroupHere())
    assert f.read > 60


async def test_synced_commands_carry_chinese_for_every_text(
    emulator: Emulator, studybot: StudyBot, lang: str
) -> None:
    """What Discord stored at sync: a Chinese name and description for every command and
    option, and a Chinese name for every choice but a language's own name."""
    if lang != "zh":
        pytest.skip("one check of the synced payload is enough")
    synced = emulator.commands(emulator.scenario.guilds[0])
    assert {c["name"] for c in synced} >= {"roadmap", "join", "today", "progress"}
    names = {c["name"]: c["name_localizations"]["zh-CN"] for c in synced}
    assert names["join"] == "加入" and names["roadmap"] == "路线"

    def check(item: dict[str, Any], where: str) -> None:
        assert item.get("name_localizations", {}).get("zh-CN"), f"{where}: no Chinese name"
        assert item.get("description_localizations", {}).get("zh-CN"), f"{where}: no description"
        for option in item.get("options", []):
            check(option, f"{where} {option['name']}")
        for choice in item.get("choices", []):
            if choice["name"] not in ("English", "中文"):
                assert choice.get("name_localizations", {}).get("zh-CN"), f"{where} {choice}"

    for command in synced:
        check(command, f"/{command['name']}")


async def test_a_group_can_post_in_its_own_language(
    emulator: Emulator, studybot: StudyBot, clock: FakeClock, lang: str
) -> None:
    """``language:`` at start or edit overrides the server's language for the group's public
    posts; private replies still follow each reader."""
    f = Flow(emulator, studybot, lang)
    other = "en" if lang == "zh" else "zh"
    started = await emulator.command(
        f.admin, f.main, "roadmap start", roadmap="14day", timezone="Asia/Shanghai",
        start="tomorrow", language=other,
    )  # fmt: skip
    assert_reads(started.message, other, "the start reply, in the group's language")
    (group,) = await studybot.store.running_groups_all_guilds()
    assert group.language == other
    await f.settle(group.id)
    clock.set(datetime(2026, 3, 3, 1, 1, tzinfo=UTC))
    await fire(studybot, group.id)
    assert_reads(posts_of(emulator, f.main)[-1], other, "day 1 in the group's language")
    status = await f.command(f.member, "roadmap status")  # private: the reader's language
    assert status.ephemeral

    await f.command(f.admin, "roadmap edit", language="server")
    await f.settle(group.id)
    fresh = await studybot.store.get_group(f.hall.id, group.id)
    assert fresh is not None and fresh.language is None
    clock.set(datetime(2026, 3, 4, 1, 1, tzinfo=UTC))
    await fire(studybot, group.id)
    f.check(posts_of(emulator, f.main)[-1], "day 2 in the server's language again")
