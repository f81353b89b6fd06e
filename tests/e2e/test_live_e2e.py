"""Live completion end to end: ticks are counted on the day post by editing it (PATCH), at most
once a minute however many arrive, never by a re-send, only for a week, and a pending edit
survives a restart without being repeated. The emulator's rate limits answer no 429."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot.app import StudyBot
from bot.daily import edits
from bot.render import ids
from emulator import Emulator, Scenario, running_bot
from tests.e2e.conftest import (
    QUICK_READY,
    ROADMAPS,
    FakeClock,
    fire,
    make_settings,
    open_store,
    posts_of,
    settled,
)

EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
DAY1 = ["d01-nlp-textbooks", "d01-nlp-analysis-levels", "d01-nlp-tasks-summary"]
MEMBERS = 30


@pytest.fixture
def scenario() -> Scenario:
    """Study Hall (#general) with alice (Manage Server) and 30 members."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.member("alice", manage_guild=True)
    for n in range(MEMBERS):
        hall.member(f"m{n:02}")
    return sc


def edits_of(emu: Emulator) -> list[Any]:
    return [r for r in emu.requests if r.route == EDIT and r.status == 200]


def gone(emu: Emulator) -> list[Any]:
    return [r for r in emu.requests if r.route == EDIT and r.status == 404]


def progress(post: dict[str, Any]) -> str:
    """The post's "Group progress" field ("" if none)."""
    fields = post["embeds"][0].get("fields") or []
    return next((f["value"] for f in fields if f["name"] == "Group progress"), "")


async def day_one(emu: Emulator, bot: StudyBot, clock: FakeClock, joiners: int) -> Any:
    hall = emu.scenario.guilds[0]
    general = hall.channel_named("general")
    alice = hall.member_named("alice")
    await emu.command(alice, general, "roadmap start", roadmap="14day", time="9am")
    for n in range(joiners):
        await emu.command(hall.member_named(f"m{n:02}"), general, "join", roadmap="14day")
    group = await bot.store.running_group_in_channel(hall.id, general.id)
    assert group is not None
    clock.advance(hours=2, minutes=1)  # 09:01 UTC
    await fire(bot, group.id)
    [post] = posts_of(emu, general)
    return group, general, post


async def shown(emu: Emulator, channel: Any, text: str, what: str) -> dict[str, Any]:
    """The day post once its progress field contains ``text``."""

    def find() -> dict[str, Any] | None:
        [post] = posts_of(emu, channel)
        return post if text in progress(post) else None

    result: dict[str, Any] = await emu.wait_until(find, 15, what)
    return result


async def test_a_burst_of_thirty_members_is_one_or_two_edits(
    emulator: Emulator, studybot: StudyBot, clock: FakeClock
) -> None:
    group, general, post = await day_one(emulator, studybot, clock, MEMBERS)
    assert "1️⃣ ✅ 0/30" in progress(post)  # the post shows the counts from the start
    hall = emulator.scenario.guilds[0]
    clicks = []
    for n in range(MEMBERS):
        member = hall.member_named(f"m{n:02}")
        tasks = DAY1 if n < 10 else DAY1[:1]  # ten do the whole day, twenty the first task
        clicks += [emulator.click(member, post, ids.tick(group.id, 1, t)) for t in tasks]
    replies = []
    for wave in range(0, len(clicks), 10):  # ten at a time: a burst a busy machine answers in 3 s
        replies += await asyncio.gather(*clicks[wave : wave + 10])
    assert all(r.content.startswith("✅ Done:") for r in replies)
    await settled(studybot)
    clock.advance(seconds=61)
    studybot.daily.edits.wake()
    final = await shown(emulator, general, "1️⃣ ✅ 30/30", "the counts after the burst")
    await studybot.daily.edits.settle()
    text = progress(final)
    assert "2️⃣ ✅ 10/30" in text and "3️⃣ ✅ 10/30" in text
    assert "Whole day done: 10/30 (33%)" in text
    # 50 ticks: one edit once the burst settled, at most one more a minute later
    assert 1 <= len(edits_of(emulator)) <= 2
    assert len(posts_of(emulator, general)) == 1  # edited, never sent again
    assert final["id"] == post["id"] and final["components"] == post["components"]
    clock.advance(minutes=3)
    assert await studybot.daily.edits.run_due() == 0  # nothing left: no more edits
    assert not emulator.rate_limited


async def test_a_restart_performs_the_pending_edit_once(
    emulator: Emulator,
    studybot: StudyBot,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(edits, "EDIT_SETTLE", timedelta(minutes=10))  # due after the restart
    group, general, post = await day_one(emulator, studybot, clock, 2)
    hall = emulator.scenario.guilds[0]
    for n in range(2):
        await emulator.click(hall.member_named(f"m{n:02}"), post, ids.tick(group.id, 1, DAY1[0]))
    assert studybot.daily.edits.pending() == 1 and edits_of(emulator) == []
    await studybot.wait_until_ready()
    await settled(studybot)
    await studybot.close()  # the process goes away with the edit pending
    db = studybot.settings.db.get_secret_value()
    for restart in range(2):
        async with open_store(make_settings(db)) as store:
            settings = make_settings(db)
            bot = StudyBot(
                settings=settings, store=store, roadmaps=ROADMAPS, clock=clock, **QUICK_READY
            )
            async with running_bot(emulator, bot):
                await bot.wait_until_ready()
                clock.advance(minutes=11)
                bot.daily.edits.wake()
                if restart == 0:
                    assert bot.daily.edits.pending() == 1  # read back from the database
                    await shown(emulator, general, "1️⃣ ✅ 2/2", "the edit after the restart")
                    await bot.daily.edits.settle()
                assert await bot.daily.edits.run_due() == 0
                assert bot.daily.edits.pending() == 0
    assert len(edits_of(emulator)) == 1  # performed once: not lost, not repeated


async def test_a_deleted_post_is_dropped_and_never_sent_again(
    emulator: Emulator, studybot: StudyBot, clock: FakeClock
) -> None:
    group, general, post = await day_one(emulator, studybot, clock, 2)
    hall = emulator.scenario.guilds[0]
    first, second = hall.member_named("m00"), hall.member_named("m01")
    await emulator.click(first, post, ids.tick(group.id, 1, DAY1[0]))
    await settled(studybot)
    clock.advance(seconds=61)
    studybot.daily.edits.wake()
    await shown(emulator, general, "1️⃣ ✅ 1/2", "the first edit")
    await studybot.daily.edits.settle()
    await emulator.click(second, post, ids.tick(group.id, 1, DAY1[0]))
    stored = emulator.message_store.get(int(post["id"]))
    await emulator.message_store.delete(stored)  # a moderator deletes the post
    await settled(studybot)
    clock.advance(seconds=61)
    studybot.daily.edits.wake()
    await emulator.wait_until(lambda: gone(emulator), 15, "Discord's 10008 for the edit")
    await studybot.daily.edits.settle()
    await studybot.daily.ticked(hall.id, group.id, 1)  # a later tick (from /today)
    clock.advance(minutes=2)
    await studybot.daily.edits.run_due()
    await studybot.daily.edits.settle()
    assert studybot.daily.edits.pending() == 0  # dropped from live updates
    assert posts_of(emulator, general) == []  # and never re-sent
    assert len(gone(emulator)) == 1 and len(edits_of(emulator)) == 1
    assert await studybot.store.pending_edits_all_guilds() == []


async def test_posts_older_than_a_week_are_not_edited(
    emulator: Emulator, studybot: StudyBot, clock: FakeClock
) -> None:
    group, general, post = await day_one(emulator, studybot, clock, 1)
    clock.advance(days=7, minutes=1)
    member = emulator.scenario.guilds[0].member_named("m00")
    reply = await emulator.click(member, post, ids.tick(group.id, 1, DAY1[0]))
    assert reply.content.startswith("✅ Done:")  # the tick counts ...
    await settled(studybot)
    clock.advance(minutes=2)
    await studybot.daily.edits.run_due()
    assert edits_of(emulator) == []  # ... but a week-old post keeps what it showed
    [still] = [p for p in posts_of(emulator, general) if p["id"] == post["id"]]
    assert "1️⃣ ✅ 0/1" in progress(still)


async def test_a_member_joining_or_leaving_counts_anew(
    emulator: Emulator, studybot: StudyBot, clock: FakeClock
) -> None:
    group, general, post = await day_one(emulator, studybot, clock, 2)
    hall = emulator.scenario.guilds[0]
    await emulator.click(hall.member_named("m00"), post, ids.tick(group.id, 1, DAY1[0]))
    await settled(studybot)
    clock.advance(seconds=61)
    studybot.daily.edits.wake()
    await shown(emulator, general, "1️⃣ ✅ 1/2", "the tick counted")
    await studybot.daily.edits.settle()
    await emulator.command(hall.member_named("m02"), general, "join", roadmap="14day")
    await settled(studybot)
    clock.advance(seconds=61)
    studybot.daily.edits.wake()
    await shown(emulator, general, "1️⃣ ✅ 1/3", "the new member counted")
    await studybot.daily.edits.settle()
    ask = await emulator.command(hall.member_named("m01"), general, "leave")
    await emulator.click(hall.member_named("m01"), ask, ids.leave(group.id))
    await settled(studybot)
    clock.advance(seconds=61)
    studybot.daily.edits.wake()
    await shown(emulator, general, "1️⃣ ✅ 1/2", "the member who left no longer counted")
    assert len(posts_of(emulator, general)) == 1
