"""A restarted bot (new StudyBot, new discord.py client, same SQLite file, same emulator) keeps
its buttons, rebuilds its jobs from the database and does not post a day twice; and a Chinese
server gets Chinese daily posts while an English reader gets English replies there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.app import StudyBot
from bot.daily import JobKey
from bot.render import ids
from bot.store import Group
from emulator import Emulator, Scenario, running_bot
from emulator.scenario import Channel, Member
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

TITLE_EN = "LLM in 14 days: from NLP basics to advanced topics"
TITLE_ZH = "14天打造LLM专家：从NLP基础到高级进阶"
TASK1_EN = "Read textbook chapters and papers on NLP basics"
TASK1_ZH = "阅读NLP基础相关的教材和论文"
DAY1 = ["d01-nlp-textbooks", "d01-nlp-analysis-levels", "d01-nlp-tasks-summary"]


@pytest.fixture
def scenario() -> Scenario:
    """Study Hall as in conftest; Elsewhere is a Chinese server (preferred locale zh-CN) where
    dave reads Chinese and erin reads English."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    elsewhere = sc.guild("Elsewhere", locale="zh-CN", preferred_locale="zh-CN")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True, locale="zh-CN")
    elsewhere.member("erin", locale="en-US")
    return sc


async def start(
    emulator: Emulator, studybot: StudyBot, who: Member, channel: Channel, **options: str
) -> Group:
    reply = await emulator.command(who, channel, "roadmap start", roadmap="14day", **options)
    assert not reply.ephemeral and reply.embeds, reply.content
    group = await studybot.store.running_group_in_channel(channel.guild_id, channel.id)
    assert group is not None
    return group


@asynccontextmanager
async def restarted(emulator: Emulator, db: str, clock: FakeClock) -> AsyncIterator[StudyBot]:
    """A new bot process, as far as one test can: new Store connection, new StudyBot with its
    own scheduler, new discord.py client and gateway session."""
    settings = make_settings(db)
    async with open_store(settings) as store:
        bot = StudyBot(
            settings=settings, store=store, roadmaps=ROADMAPS, clock=clock, **QUICK_READY
        )
        async with running_bot(emulator, bot):
            yield bot


async def test_buttons_jobs_and_ledger_survive_a_restart(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock, tmp_path: Path
) -> None:
    group = await start(emulator, studybot, world.alice, world.general, time="9am")
    stopped = await start(emulator, studybot, world.alice, world.other, time="10:30")
    ask = await emulator.command(world.alice, world.other, "roadmap stop")
    await emulator.click(world.alice, ask, ids.stop(stopped.id))
    await emulator.command(world.carol, world.general, "join", roadmap="14day")
    clock.advance(hours=2, minutes=1)  # 09:01 UTC
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    first = await emulator.click(world.carol, post, ids.tick(group.id, 1, DAY1[0]))
    assert first.content.startswith("✅ Done:")

    # the old process was fully up (discord.py's READY waits for the servers to stream in,
    # and a client closed before that still dispatches on_ready later) ...
    await studybot.wait_until_ready()
    await settled(studybot)
    await studybot.close()  # ... and goes away
    assert studybot.is_closed() and not studybot.scheduler.running
    clock.advance(minutes=30)

    async with restarted(emulator, studybot.settings.db.get_secret_value(), clock) as bot:
        await bot.wait_until_ready()  # on_ready starts the start-up reconciliation
        assert bot is not studybot and bot.scheduler is not studybot.scheduler
        # the jobs come from the database: the running group's, not the stopped one's
        job = bot.scheduler.get_job(JobKey(group.id).id)
        assert job is not None
        assert isinstance(job.trigger, CronTrigger)
        assert str(job.trigger.fields[5]) == "9" and str(job.trigger.fields[6]) == "0"  # 09:00
        assert str(job.trigger.timezone) == "UTC"
        assert bot.scheduler.get_job(JobKey(stopped.id).id) is None

        # a button on the post the old process sent: handled by the new client
        second = await emulator.click(world.carol, post, ids.tick(group.id, 1, DAY1[1]))
        assert second.ephemeral
        assert second.content.startswith("✅ Done:") and "2/3" in second.content
        again = await emulator.click(world.carol, post, ids.tick(group.id, 1, DAY1[0]))
        assert again.content.startswith("You already did")
        checkin = await emulator.click(world.carol, post, ids.checkin(group.id))
        assert checkin.content.startswith("Checked in for Mon, Mar 2 (UTC).")
        ticks = await bot.store.ticks(world.hall.id, group.id)
        assert sorted((t.user_id, t.day, t.task_id) for t in ticks) == sorted(
            (world.carol.id, 1, task) for task in DAY1[:2]
        )

        # start-up reconciliation (on_ready) has run and found day 1 already posted
        await settled(bot)
        assert await bot.daily.reconcile() == 0
        assert len(posts_of(emulator, world.general)) == 1
        await fire(bot, group.id)  # the rebuilt job itself posts nothing new either
        assert len(posts_of(emulator, world.general)) == 1
        assert posts_of(emulator, world.other) == []

        # and the rebuilt job posts the next day when it comes
        clock.set(datetime(2026, 3, 3, 9, 0, 30, tzinfo=UTC))
        await fire(bot, group.id)
        days = [p["embeds"][0]["title"].split(" ·")[0] for p in posts_of(emulator, world.general)]
        assert days == ["Day 1/14", "Day 2/14"]


async def test_chinese_server_posts_in_chinese_and_replies_in_the_readers_language(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    erin = world.elsewhere.member_named("erin")
    group = await start(
        emulator, studybot, world.dave, world.lobby,
        time="9am", timezone="Asia/Shanghai", start="tomorrow",
    )  # fmt: skip
    joined = await emulator.command(erin, world.lobby, "join", roadmap="14day")
    assert joined.content.startswith(f"Welcome to **{TITLE_EN}** in <#{world.lobby.id}>!")
    await emulator.command(world.dave, world.lobby, "join", roadmap="14day")

    clock.set(datetime(2026, 3, 3, 1, 1, tzinfo=UTC))  # 09:01 in Shanghai
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.lobby)
    embed = post["embeds"][0]
    assert embed["title"] == f"第 1/14 天 · {TITLE_ZH}"
    assert TASK1_ZH in embed["description"] and TASK1_EN not in embed["description"]
    buttons = [c for row in post["components"] for c in row["components"]]
    labels = [b["label"] for b in buttons]
    assert (buttons[0]["emoji"]["name"], labels[0]) == ("1️⃣", TASK1_ZH)
    assert labels[-1] == "打卡 ✍️"

    today = await emulator.command(erin, world.lobby, "today")
    assert today.ephemeral
    assert today.embeds[0]["title"] == f"Day 1/14 · {TITLE_EN}"
    assert TASK1_EN in today.embeds[0]["description"]
    assert TASK1_ZH not in today.embeds[0]["description"]
    assert today.buttons()[0]["label"] == TASK1_EN

    mine = await emulator.command(world.dave, world.lobby, "today")
    assert mine.embeds[0]["title"] == f"第 1/14 天 · {TITLE_ZH}"

    # a tick from the Chinese post answers erin in English
    done = await emulator.click(erin, post, ids.tick(group.id, 1, DAY1[0]))
    assert done.content == f"✅ Done: **{TASK1_EN}**. You have done 1/3 tasks of day 1."
