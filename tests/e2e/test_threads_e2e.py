"""Day threads end to end: one public thread per day post, named ``Day N · <title>`` in the
group's language with the group's archive time; started once, also across a crash between
starting it and recording it; a missing Create Public Threads is reported by the start reply
and ``/roadmap status`` and never holds up or repeats the post."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from bot.app import StudyBot
from bot.store import Group
from emulator import Emulator, running_bot
from emulator import permissions as P
from emulator.scenario import Channel
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

THREADS = "POST /channels/{channel_id}/messages/{message_id}/threads"
DAY1_EN = ROADMAPS["14day"].day(1).title.get("en")
DAY1_ZH = ROADMAPS["14day"].day(1).title.get("zh")


async def start(
    emulator: Emulator, bot: StudyBot, world: World, channel: Channel, **options: Any
) -> tuple[Group, Any]:
    reply = await emulator.command(
        world.alice, channel, "roadmap start", roadmap="14day", time="9", **options
    )
    group = await bot.store.running_group_in_channel(world.hall.id, channel.id)
    assert group is not None
    return group, reply


async def threads_on(bot: StudyBot, group: Group, minutes: int | None = None) -> None:
    await bot.store.set_group_setting(group.guild_id, group.id, "threads", "1")
    if minutes is not None:
        await bot.store.set_group_setting(
            group.guild_id, group.id, "thread_archive_minutes", str(minutes)
        )


def thread_posts(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.route == THREADS]


async def test_threads_have_the_days_name_and_the_groups_archive_time(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    english, _ = await start(emulator, studybot, world, world.general)
    chinese, _ = await start(emulator, studybot, world, world.other, language="zh")
    await threads_on(studybot, english, 60)
    await threads_on(studybot, chinese)  # the default: a day
    clock.advance(hours=2, minutes=1)
    for group in (english, chinese):
        await fire(studybot, group.id)

    [post_en] = posts_of(emulator, world.general)
    [post_zh] = posts_of(emulator, world.other)
    en = emulator.thread_store.get(int(post_en["id"]))
    zh = emulator.thread_store.get(int(post_zh["id"]))
    assert en is not None and zh is not None
    assert (en.channel.name, en.auto_archive_duration) == (f"Day 1 · {DAY1_EN}", 60)
    assert (zh.channel.name, zh.auto_archive_duration) == (f"第 1 天 · {DAY1_ZH}", 1440)
    assert en.channel.parent_id == world.general.id
    rows = await studybot.store.day_threads(world.hall.id, english.id)
    assert [(r.day, r.message_id, r.thread_id) for r in rows] == [
        (1, int(post_en["id"]), int(post_en["id"]))
    ]

    # the same day again: no second thread, no second request
    await fire(studybot, english.id)
    assert len(thread_posts(emulator)) == 2
    # an hour without a message: Discord archives the English one, not the Chinese one
    clock.advance(minutes=61)
    assert en.archived and not zh.archived
    # the next day: its own thread
    clock.advance(days=1)
    await fire(studybot, english.id)
    posts = posts_of(emulator, world.general)
    assert len(posts) == 2
    day2 = emulator.thread_store.get(int(posts[1]["id"]))
    assert day2 is not None and day2.channel.name.startswith("Day 2 · ")


async def test_no_threads_while_the_setting_is_off(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    group, _ = await start(emulator, studybot, world, world.general)
    clock.advance(hours=2, minutes=1)
    await fire(studybot, group.id)
    assert len(posts_of(emulator, world.general)) == 1
    assert thread_posts(emulator) == []
    # turned on later: today's post gets its thread at the group's next run
    await threads_on(studybot, group)
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    assert emulator.thread_store.get(int(post["id"])) is not None


@asynccontextmanager
async def restarted(emulator: Emulator, db: str, clock: FakeClock) -> AsyncIterator[StudyBot]:
    settings = make_settings(db)
    async with open_store(settings) as store:
        bot = StudyBot(
            settings=settings, store=store, roadmaps=ROADMAPS, clock=clock, **QUICK_READY
        )
        async with running_bot(emulator, bot):
            yield bot


async def test_a_thread_started_before_a_crash_is_found_not_started_again(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    group, _ = await start(emulator, studybot, world, world.general)
    await threads_on(studybot, group)
    # Discord starts the thread but the answer never reaches the bot (as if it crashed)
    emulator.faults.drop(THREADS, times=1)
    clock.advance(hours=2, minutes=1)
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    assert emulator.thread_store.get(int(post["id"])) is not None
    # not recorded by that run; the group's next run (here, or after the restart) finds it

    await studybot.wait_until_ready()
    await settled(studybot)
    await studybot.close()
    clock.advance(minutes=5)
    async with restarted(emulator, studybot.settings.db.get_secret_value(), clock) as bot:
        await bot.wait_until_ready()  # start-up reconciliation runs the group: its thread
        await settled(bot)
        await bot.daily.reconcile()  # and again: nothing more
        rows = await bot.store.day_threads(world.hall.id, group.id)
        assert [(r.day, r.thread_id, r.problem) for r in rows] == [(1, int(post["id"]), None)]
    statuses = [r.status for r in thread_posts(emulator)]
    assert statuses == [0, 400] or statuses == [201, 400], statuses  # the second: 160004
    assert thread_posts(emulator)[-1].response["code"] == 160004
    assert len(posts_of(emulator, world.general)) == 1  # the post itself: once
    threads = [c for c in world.hall.channels if c.type == 11]
    assert [t.id for t in threads] == [int(post["id"])]


async def test_a_missing_permission_is_reported_and_never_blocks_the_post(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    world.general.deny(extra=P.CREATE_PUBLIC_THREADS)
    group, started = await start(emulator, studybot, world, world.general)
    assert "Create Public Threads" in started.content and "day threads" in started.content
    await threads_on(studybot, group)
    status = await emulator.command(world.alice, world.general, "roadmap status")
    [field] = [f for f in status.embeds[0]["fields"] if f["name"] == "⚠️ Day threads"]
    assert "Day threads are on" in field["value"] and "Create Public Threads" in field["value"]

    clock.advance(hours=2, minutes=1)
    await fire(studybot, group.id)
    assert len(posts_of(emulator, world.general)) == 1  # posted all the same
    [refused] = thread_posts(emulator)
    assert (refused.status, refused.response["code"]) == (403, 50013)
    [row] = await studybot.store.day_threads(world.hall.id, group.id)
    assert row.thread_id is None and row.problem
    await fire(studybot, group.id)  # recorded: not tried again, the post not sent again
    assert len(thread_posts(emulator)) == 1 and len(posts_of(emulator, world.general)) == 1

    # granted again: status names the refused day until the next post gets its thread
    world.general.allow(bits=P.CREATE_PUBLIC_THREADS)
    status = await emulator.command(world.alice, world.general, "roadmap status")
    [field] = [f for f in status.embeds[0]["fields"] if f["name"] == "⚠️ Day threads"]
    assert field["value"].startswith("Day 1's thread could not be started")
    clock.advance(days=1)
    await fire(studybot, group.id)
    assert len(thread_posts(emulator)) == 2
    status = await emulator.command(world.alice, world.general, "roadmap status")
    assert not [f for f in status.embeds[0]["fields"] if f["name"] == "⚠️ Day threads"]


async def test_after_a_restart_a_thread_nobody_recorded_is_found(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    """The crash exactly: the thread exists on Discord (started by the process that died) and
    no row says so; the next process's start-up finds it through 160004 and records it."""
    group, _ = await start(emulator, studybot, world, world.general)
    clock.advance(hours=2, minutes=1)
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    await studybot.wait_until_ready()
    await settled(studybot)
    await studybot.close()
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        url = f"{emulator.rest_base}/channels/{world.general.id}/messages/{post['id']}/threads"
        async with http.post(url, json={"name": "Day 1", "auto_archive_duration": 1440}) as r:
            assert r.status == 201
    await threads_on(studybot, group)

    clock.advance(minutes=5)
    async with restarted(emulator, studybot.settings.db.get_secret_value(), clock) as bot:
        assert await bot.store.threads_wanted_all_guilds(bot.daily.shards) == {group.id}
        await bot.wait_until_ready()  # start-up reconciliation runs the group
        await settled(bot)
        await bot.daily.reconcile()
        rows = await bot.store.day_threads(world.hall.id, group.id)
        assert [(r.day, r.thread_id) for r in rows] == [(1, int(post["id"]))]
        assert await bot.store.threads_wanted_all_guilds(bot.daily.shards) == set()
    answers = [(r.status, (r.response or {}).get("code")) for r in thread_posts(emulator)]
    assert answers == [(201, None), (400, 160004)]
    assert [c.id for c in world.hall.channels if c.type == 11] == [int(post["id"])]
