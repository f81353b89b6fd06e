"""A whole ``14day`` run end to end: /roadmap start, 14 daily posts, three members ticking and
checking in, carol leaving and coming back, the summary post and the group's end.

Every expected number is computed by hand in the comments next to it (14day has 43 tasks:
3, 4, 4, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3 per day).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import StudyBot
from bot.daily import JobKey
from bot.render.catalog import for_lang
from emulator import Emulator
from emulator.scenario import Member
from tests.e2e.conftest import FakeClock, World, fire, labels_of, posts_of

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; the group posts at 09:00 UTC
EN = for_lang("en")
DONE = {"en-US": "Done", "zh-CN": "完成"}
"""How a tick reply starts in each member's language (bob reads Chinese)."""
TASKS_PER_DAY = [3, 4, 4, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3]


def post_time(day: int) -> datetime:
    """When roadmap day ``day`` is released (day 15: the summary)."""
    return START + timedelta(days=day - 1, hours=9)


def task_ids(post: dict[str, Any]) -> list[str]:
    ids = [c["custom_id"] for row in post["components"] for c in row["components"]]
    return [i for i in ids if i.startswith("studybot:tick:")]


def checkin_id(post: dict[str, Any]) -> str:
    ids = [str(c["custom_id"]) for row in post["components"] for c in row["components"]]
    (found,) = [i for i in ids if i.startswith("studybot:checkin:")]
    return found


async def tick(emu: Emulator, who: Member, post: dict[str, Any], *indexes: int) -> None:
    ids = task_ids(post)
    for k in indexes:
        reply = await emu.click(who, post, ids[k])
        assert reply.ephemeral and DONE[who.locale] in reply.content, reply.content


async def test_whole_14day_run(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    alice, bob, carol = world.alice, world.bob, world.carol
    started = await emulator.command(
        alice, world.general, "roadmap start", roadmap="14day", time="9am"
    )
    assert "Study group started" in started.embeds[0]["title"]
    (group,) = await studybot.store.running_groups_all_guilds()
    gid = group.id
    for member, welcome in ((bob, "欢迎加入"), (carol, "Welcome"), (alice, "Welcome")):
        joined = await emulator.command(member, world.general, "join", roadmap="14day")
        assert welcome in joined.content

    posts: dict[int, dict[str, Any]] = {}
    for day in range(1, 15):
        clock.set(post_time(day) + timedelta(minutes=1))
        await fire(studybot, gid)
        found = posts_of(emulator, world.general)
        assert len(found) == day, f"day {day}: {len(found)} posts"
        post = found[-1]
        posts[day] = post
        title = post["embeds"][0]["title"]
        assert title.startswith(f"Day {day}/14"), title
        assert len(task_ids(post)) == TASKS_PER_DAY[day - 1]
        last_day_note = "Last day!" in post["embeds"][0]["description"]
        assert last_day_note == (day == 14)

        # alice: every task, every day, and /checkin every day -> 43 ticks, 14 check-ins
        await tick(emulator, alice, post, *range(TASKS_PER_DAY[day - 1]))
        checked = await emulator.command(alice, world.general, "checkin", minutes=30)
        assert checked.ephemeral
        assert checked.content.startswith(f"Checked in for {EN.day(post_time(day).date())} (UTC)")
        assert f"Streak: {day} day" in checked.content

        # bob: the first task of every day -> 14 ticks; the post's Check-in button on days
        # 1-3 and 10-14 -> 8 check-ins, current streak 5 (days 10-14)
        await tick(emulator, bob, post, 0)
        if day <= 3 or day >= 10:
            reply = await emulator.click(bob, post, checkin_id(post))
            assert reply.ephemeral and "打卡" in reply.content
            streak = day if day <= 3 else day - 9
            assert f"连续打卡：{streak} 天" in reply.content, reply.content

        # carol: every task of days 1-5 (3+4+4+3+2 = 16), check-ins on days 1 and 2 (the second
        # /checkin of day 2 edits the first), leaves on day 6 and comes back on day 8.
        if day <= 5:
            await tick(emulator, carol, post, *range(TASKS_PER_DAY[day - 1]))
        if day in (1, 2):
            first = await emulator.command(carol, world.general, "checkin", note="chapter 1")
            assert first.content.startswith("Checked in")
        if day == 2:
            again = await emulator.command(carol, world.general, "checkin", note="chapter 2")
            assert again.content.startswith("Updated your check-in")
            assert "Note: chapter 2" in again.content and "Streak: 2 days" in again.content
        if day == 6:
            await leave(emulator, world, carol, gid)
            refused = await emulator.click(carol, post, task_ids(post)[0])
            assert "not in this study group" in refused.content
            assert refused.buttons()[0]["custom_id"] == f"studybot:join:{gid}"
        if day == 7:
            board = await emulator.command(alice, world.general, "progress")
            assert f"<@{carol.id}>" not in board.embeds[0]["description"]
        if day == 8:
            back = await emulator.command(carol, world.general, "join", roadmap="14day")
            assert "Welcome back" in back.content
            assert "your 16 ticked tasks are still here" in back.content
            # late ticks on day 6's post (3 tasks) and today's (3) -> 22; Check-in button
            await tick(emulator, carol, posts[6], 0, 1, 2)
            await tick(emulator, carol, post, 0, 1, 2)
            reply = await emulator.click(carol, post, checkin_id(post))
            assert reply.content.startswith("Checked in for Mon, Mar 9 (UTC).")
            assert "Streak: 1 day." in reply.content

        status = await emulator.command(alice, world.general, "roadmap status")
        embed = status.embeds[0]
        assert f"Day **{day}** of 14" in embed["description"]
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        upcoming = post_time(day + 1)
        what = "summary" if day == 14 else f"day {day + 1}"
        assert fields["Next post"] == (
            f"{what}: {upcoming.strftime('%a, %b %-d')}, 09:00 (UTC) · "
            f"<t:{int(upcoming.timestamp())}:R>"
        )
        assert fields["Members"] == ("2" if day in (6, 7) else "3")

    # Day 14, 09:01. Points = 10/task + 5/check-in + min(20, 2 * streak):
    #   alice 43 ticks, 14 check-ins, streak 14 -> 430 + 70 + 20 = 520
    #   carol 22 ticks, 3 check-ins, streak 0 (last on 03-09) -> 220 + 15 + 0 = 235
    #   bob 14 ticks, 8 check-ins, streak 5 -> 140 + 40 + 10 = 190
    board = await emulator.command(carol, world.general, "progress")
    lines = board.embeds[0]["description"].splitlines()
    assert lines[0] == "Day 14/14 · all days · page 1/1"
    assert lines[2:] == [
        f"`#  1` <@{alice.id}> · 43/43 (100%) · 🔥14 · ✍️14 · **520** pts",
        f"`#  2` <@{carol.id}> · 22/43 (51%) · 🔥0 · ✍️3 · **235** pts ← you",
        f"`#  3` <@{bob.id}> · 14/43 (33%) · 🔥5 · ✍️8 · **190** pts",
    ]
    in_chinese = await emulator.command(bob, world.general, "progress")
    lines = in_chinese.embeds[0]["description"].splitlines()
    assert lines[0] == "第 14/14 天 · 全部日子 · 第 1/1 页"
    assert lines[4] == f"`#  3` <@{bob.id}> · 14/43（33%）· 🔥5 · ✍️8 · **190** 分 ← 你"
    assert board.buttons() == []

    # Day 15, 09:01: the summary. Completion = (43 + 22 + 14) / (3 * 43) = 79/129 = 61%.
    # Streaks are counted from yesterday (no check-in yet today): unchanged.
    clock.set(post_time(15) + timedelta(minutes=1))
    await fire(studybot, gid)
    found = posts_of(emulator, world.general)
    assert len(found) == 15
    summary = found[-1]["embeds"][0]
    assert summary["title"] == "Roadmap complete"
    assert "footer" not in summary  # members see no internal identifier
    assert labels_of(emulator, world.general)[-1] == f"g{gid} summary"
    assert summary["description"].splitlines()[1:] == [
        "Members: 3 · completion: **61%**",
        "",
        "**Top members**",
        f"1. <@{alice.id}> · 43/43 tasks · 520 pts",
        f"2. <@{carol.id}> · 22/43 tasks · 235 pts",
        f"3. <@{bob.id}> · 14/43 tasks · 190 pts",
    ]
    [standings] = [c for row in found[-1]["components"] for c in row["components"]]
    assert (standings["label"], standings["custom_id"]) == (
        "Final standings 🏆",
        f"studybot:standings:{gid}",
    )
    finished = await studybot.store.get_group(world.hall.id, gid)
    assert finished is not None and finished.state == "finished"
    final = await emulator.click(carol, found[-1], standings["custom_id"])
    assert final.ephemeral
    assert final.embeds[0]["description"].splitlines()[2:] == [
        f"`#  1` <@{alice.id}> · 43/43 (100%) · 🔥14 · ✍️14 · **520** pts",
        f"`#  2` <@{carol.id}> · 22/43 (51%) · 🔥0 · ✍️3 · **235** pts ← you",
        f"`#  3` <@{bob.id}> · 14/43 (33%) · 🔥5 · ✍️8 · **190** pts",
    ]
    assert studybot.scheduler.get_job(JobKey(gid).id) is None

    # Later days: nothing more, whether a stray job or a restart's reconciliation runs.
    for extra in (16, 17):
        clock.set(post_time(extra) + timedelta(minutes=1))
        assert await studybot.daily.run(world.hall.id, gid) == 0
        assert await studybot.daily.reconcile() == 0
    assert len(posts_of(emulator, world.general)) == 15
    ledger = await studybot.store.posts(world.hall.id, gid)
    assert [(p.day, p.state) for p in ledger] == [(d, "sent") for d in range(1, 16)]
    ended = await emulator.command(alice, world.general, "roadmap status")
    assert "No roadmap is running in this channel" in ended.content


async def leave(emulator: Emulator, world: World, who: Member, gid: int) -> None:
    """/leave, then the confirmation's Leave button (the message is updated in place)."""
    asked = await emulator.command(who, world.general, "leave")
    assert asked.ephemeral and "Your progress is kept" in asked.content
    ids = [b["custom_id"] for b in asked.buttons()]
    assert ids == [f"studybot:leave:{gid}", "studybot:cancel"]
    done = await emulator.click(who, asked, f"studybot:leave:{gid}")
    assert done.type == 7
    assert done.content.startswith("You left the `14day` group. Your progress is kept")
