"""/progress end to end with 120 members: paging with buttons, the caller's own row, ties,
scopes and one member's per-phase bars.

The group starts Monday 2026-03-02 (09:00 UTC); days 1-9 are posted and the board is read on
day 9 (2026-03-10). 14day's days hold 3, 4, 4, 3, 2, 3, 3, 3, 3 tasks up to day 9: 28 released
tasks in all, 21 in the last 7 days (days 3-9) and 3 today. Who did what (by hand):

- bob: all of days 1, 2 and 9 (3 + 4 + 3 = 10 tasks, 3 of them in days 3-9), check-ins on
  03-08, 03-09 and 03-10 with the posts' Check-in button (streak 3).
- carol: tasks 1-2 of day 1 and all of day 4 (2 + 3 = 5); no check-in.
- u001: tasks 1-3 of day 3 and 1-2 of day 9 (5); no check-in.
- alice: /checkin on 03-10 only (streak 1).
- u002 .. u117: nothing. eve is in the server but not in the group.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot import errors as E
from bot.app import StudyBot
from emulator import Emulator, Scenario
from emulator.interactions import Reply
from emulator.scenario import Member
from tests.e2e.conftest import FakeClock, World, fire, posts_of
from tests.explain import told

OTHERS = 117  # u001 .. u117, plus alice, bob and carol: 120 members
SAYS = {
    "en-US": {"welcome": "Welcome", "done": "Done", "checked": "Checked in"},
    "zh-CN": {"welcome": "欢迎加入", "done": "完成", "checked": "打卡"},
}
"""How replies start in each member's language (bob reads Chinese)."""


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    hall.member("eve")
    for i in range(1, OTHERS + 1):
        hall.member(f"u{i:03d}")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


async def progress_of(emulator: Emulator, caller: Member, world: World, target: Member) -> Reply:
    """``/progress member:<target>`` as ``caller`` (``command``'s own ``member`` parameter is
    positional-only, so an option may have that name)."""
    reply: Reply = await emulator.command(caller, world.general, "progress", member=target)
    return reply


def buttons(post: dict[str, Any], prefix: str) -> list[str]:
    ids = [c["custom_id"] for row in post["components"] for c in row["components"]]
    return [i for i in ids if i.startswith(prefix)]


def mention_ids(reply: Reply) -> list[int]:
    return [int(m) for m in re.findall(r"<@(\d+)>", reply.embeds[0]["description"])]


def body(reply: Reply) -> list[str]:
    """The leaderboard's lines after its header and blank line."""
    return str(reply.embeds[0]["description"]).splitlines()[2:]


def row(rank: int, who: Member, done: int, released: int, pct: int, *rest: int) -> str:
    streak, checkins, points = rest
    return (
        f"`#{rank:>3}` <@{who.id}> · {done}/{released} ({pct}%) · 🔥{streak} · ✍️{checkins} · "
        f"**{points}** pts"
    )


async def setup_group(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> tuple[int, list[Member]]:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day")
    (group,) = await studybot.store.running_groups_all_guilds()
    others = [world.hall.member_named(f"u{i:03d}") for i in range(1, OTHERS + 1)]
    for member in [world.alice, world.bob, world.carol, *others]:
        clock.advance(seconds=1)  # join order is the tie-break: one second apart
        joined = await emulator.command(member, world.general, "join", roadmap="14day")
        assert SAYS[member.locale]["welcome"] in joined.content

    posts: dict[int, dict[str, Any]] = {}
    for day in range(1, 10):
        clock.set(datetime(2026, 3, 1 + day, 9, 1, tzinfo=UTC))
        await fire(studybot, group.id)
        posts[day] = posts_of(emulator, world.general)[-1]
        assert posts[day]["embeds"][0]["title"].startswith(f"Day {day}/14")

    async def tick(who: Member, day: int, *indexes: int) -> None:
        ids = buttons(posts[day], "studybot:tick:")
        for k in indexes:
            reply = await emulator.click(who, posts[day], ids[k])
            assert SAYS[who.locale]["done"] in reply.content, reply.content

    async def checkin(who: Member, day: int) -> None:
        clock.set(datetime(2026, 3, 1 + day, 20, 0, tzinfo=UTC))
        (cid,) = buttons(posts[day], "studybot:checkin:")
        reply = await emulator.click(who, posts[day], cid)
        assert SAYS[who.locale]["checked"] in reply.content, reply.content

    bob, carol, u001 = world.bob, world.carol, others[0]
    await tick(bob, 1, 0, 1, 2)
    await tick(bob, 2, 0, 1, 2, 3)
    await tick(bob, 9, 0, 1, 2)
    await tick(carol, 1, 0, 1)
    await tick(carol, 4, 0, 1, 2)
    await tick(u001, 3, 0, 1, 2)
    await tick(u001, 9, 0, 1)
    for day in (7, 8, 9):  # 03-08, 03-09, 03-10
        await checkin(bob, day)
    clock.set(datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    await emulator.command(world.alice, world.general, "checkin")
    return group.id, others


async def test_progress_pages_ties_scopes_and_member(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    gid, others = await setup_group(emulator, studybot, world, clock)
    alice, bob, carol, u001, last = world.alice, world.bob, world.carol, others[0], others[-1]

    # scope all. Points: bob 10*10 + 3*5 + 2*3 = 121; carol 50; u001 50 (a tie: rank 2 for
    # both, carol first as she joined first); alice 5 + 2 = 7 (rank 4); everyone else 0 (rank 5).
    board = await emulator.command(last, world.general, "progress")
    assert board.ephemeral and board.type == 5  # deferred, then followed up
    description = board.embeds[0]["description"]
    assert description.splitlines()[0] == "Day 9/14 · all days · page 1/12"
    assert body(board) == [
        row(1, bob, 10, 28, 36, 3, 3, 121),
        row(2, carol, 5, 28, 18, 0, 0, 50),
        row(2, u001, 5, 28, 18, 0, 0, 50),
        row(4, alice, 0, 28, 0, 1, 1, 7),
        *(row(5, m, 0, 28, 0, 0, 0, 0) for m in others[1:7]),
        "…",
        row(5, last, 0, 28, 0, 0, 0, 0) + " ← you",
    ]
    lb = f"studybot:lb:{gid}:all:"
    assert board.buttons() == [
        {"label": "◀ Prev", "custom_id": lb + "0", "style": 2, "disabled": True},
        {"label": "Next ▶", "custom_id": lb + "1", "style": 2, "disabled": False},
    ]

    # Next, Next, Prev: each an in-place update (type 7) of the same message.
    page2 = await emulator.click(last, board, lb + "1")
    assert page2.type == 7 and page2.message is not None and board.message is not None
    assert page2.message["id"] == board.message["id"]
    assert page2.embeds[0]["description"].splitlines()[0] == "Day 9/14 · all days · page 2/12"
    assert mention_ids(page2) == [m.id for m in others[7:17]] + [last.id]
    page3 = await emulator.click(last, page2, lb + "2")
    assert mention_ids(page3) == [m.id for m in others[17:27]] + [last.id]
    back = await emulator.click(last, page3, lb + "1")
    assert back.type == 7 and mention_ids(back) == mention_ids(page2)

    # Walk to the last page: rows 111-120 are u108 .. u117, the caller among them (no "…").
    seen = mention_ids(board)[:10] + mention_ids(back)[:10]
    current = back
    for page in range(2, 12):
        current = await emulator.click(last, current, lb + str(page))
        seen += mention_ids(current)[:10]
    assert len(seen) == 120 and len(set(seen)) == 120  # everyone exactly once
    assert current.embeds[0]["description"].splitlines()[0] == "Day 9/14 · all days · page 12/12"
    assert mention_ids(current) == [m.id for m in others[107:117]]
    assert "…" not in body(current)
    assert body(current)[-1].endswith("← you")
    assert [b["disabled"] for b in current.buttons()] == [False, True]

    # The caller on page 1 gets no extra row.
    mine = await emulator.command(carol, world.general, "progress")
    assert "…" not in body(mine)
    assert body(mine)[1] == row(2, carol, 5, 28, 18, 0, 0, 50) + " ← you"

    # scope week: days 3-9 (21 tasks), check-ins since 03-04; streaks stay current.
    # bob: 3 tasks + 3 check-ins + 6 = 51; u001 50; carol 30; alice 7; the rest 0.
    week = await emulator.command(alice, world.general, "progress", scope="week")
    assert week.embeds[0]["description"].splitlines()[0] == "Day 9/14 · last 7 days · page 1/12"
    assert body(week)[:5] == [
        row(1, bob, 3, 21, 14, 3, 3, 51),
        row(2, u001, 5, 21, 24, 0, 0, 50),
        row(3, carol, 3, 21, 14, 0, 0, 30),
        row(4, alice, 0, 21, 0, 1, 1, 7) + " ← you",
        row(5, world.hall.member_named("u002"), 0, 21, 0, 0, 0, 0),
    ]
    assert week.buttons()[1]["custom_id"] == f"studybot:lb:{gid}:week:1"
    week2 = await emulator.click(alice, week, f"studybot:lb:{gid}:week:1")
    assert "last 7 days · page 2/12" in week2.embeds[0]["description"]
    assert body(week2)[-1] == row(4, alice, 0, 21, 0, 1, 1, 7) + " ← you"

    # scope today: day 9 (3 tasks), today's check-ins. bob 30 + 5 + 6 = 41; u001 20; alice 7;
    # carol and the rest 0, all sharing rank 4 (carol first: she joined before them).
    today = await emulator.command(u001, world.general, "progress", scope="today")
    assert today.embeds[0]["description"].splitlines()[0] == "Day 9/14 · today · page 1/12"
    assert body(today)[:5] == [
        row(1, bob, 3, 3, 100, 3, 1, 41),
        row(2, u001, 2, 3, 67, 0, 0, 20) + " ← you",
        row(3, alice, 0, 3, 0, 1, 1, 7),
        row(4, carol, 0, 3, 0, 0, 0, 0),
        row(4, world.hall.member_named("u002"), 0, 3, 0, 0, 0, 0),
    ]

    # member: carol's bars per phase (10 cells each) and the days she did nothing.
    detail = await progress_of(emulator, alice, world, carol)
    embed = detail.embeds[0]
    assert embed["description"] == (
        f"<@{carol.id}> · rank #2 · 5/28 released tasks (18%) · 🔥0 · ✍️0 · **50** pts"
    )
    assert [(f["name"], f["value"]) for f in embed["fields"]] == [
        ("1. Foundations (days 1-3)", "`██░░░░░░░░` 2/11"),  # 2 of 3+4+4; round(20/11) = 2
        ("2. Core concepts (days 4-7)", "`███░░░░░░░` 3/11"),  # 3 of 3+2+3+3; round(30/11) = 3
        ("3. Hands-on practice (days 8-11)", "`░░░░░░░░░░` 0/12 · 6 released"),
        ("4. Advanced topics (days 12-14)", "`░░░░░░░░░░` 0/9 · 0 released"),
        ("Days with nothing done", "2, 3, 5, 6, 7, 8, 9"),
        ("Streak freezes ❄️", "2 of 2 left this month"),  # no streak: nothing to freeze
    ]
    in_chinese = await progress_of(emulator, bob, world, carol)  # the reader's own locale
    assert in_chinese.embeds[0]["fields"][0]["name"] == "1. 基础知识（第 1-3 天）"
    eve = world.hall.member_named("eve")
    outsider = await progress_of(emulator, bob, world, eve)
    assert outsider.ephemeral
    assert outsider.content == told(bob, E.NotInGroup(eve.id, "14day"))
