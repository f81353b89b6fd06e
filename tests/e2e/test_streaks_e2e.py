"""Streak freezes and planned breaks end to end: a missed day spends a freeze, a break planned
with ``/break`` (in Chinese) keeps the streak, ``/progress`` shows both, and bad ``/break``
input gets its answer in the reader's language and changes nothing.

An every-day ``14day`` group starts Monday 2026-03-02 (09:00 UTC). bob (Chinese Discord)
checks in on 03-02, 03-03 and 03-05; 03-04 passes without one (a freeze covers it); on 03-05
he plans a break for 03-06 and 03-07 (``/break days:2 start:明天``) and checks in again on
03-08: a streak of 4 (the frozen day and the break add nothing, break nothing).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot import errors as E
from bot.app import StudyBot
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World
from tests.explain import told


async def test_a_freeze_is_spent_a_break_honoured_and_progress_shows_them(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    alice, bob = world.alice, world.bob
    await emulator.command(alice, world.general, "roadmap start", roadmap="14day")
    (group,) = await studybot.store.running_groups_all_guilds()
    for member in (alice, bob):
        await emulator.command(member, world.general, "join", roadmap="14day")

    streaks = []
    for day in (2, 3, 5):
        clock.set(datetime(2026, 3, day, 20, 0, tzinfo=UTC))
        reply = await emulator.command(bob, world.general, "checkin")
        assert reply.ephemeral and "打卡" in reply.content
        streaks.append(next(line for line in reply.content.splitlines() if "🔥" in line))
    assert streaks == ["🔥 连续打卡：1 天。", "🔥 连续打卡：2 天。", "🔥 连续打卡：3 天。"]

    planned = await emulator.command(bob, world.general, "break", days=2, start="明天")
    assert planned.ephemeral
    assert planned.content.startswith("🌴 已计划休息：3月6日周五至3月7日周六（2 天）。")
    stored = await studybot.store.breaks(group.guild_id, group.id, bob.id)
    assert [(b.start, b.end) for b in stored] == [(date(2026, 3, 6), date(2026, 3, 7))]

    # On the break, bob's own view (in Chinese) lists it and the frozen Wednesday.
    clock.set(datetime(2026, 3, 6, 12, 0, tzinfo=UTC))
    mine = await emulator.command(bob, world.general, "progress", member=bob)
    fields = {f["name"]: f["value"] for f in mine.embeds[0]["fields"]}
    assert fields["连续打卡冻结 ❄️"] == "本月还剩 1 次（共 2 次） · 已冻结：3月4日周三"
    assert fields["计划中的休息 🌴"] == "3月6日周五至3月7日周六"

    clock.set(datetime(2026, 3, 8, 20, 0, tzinfo=UTC))
    again = await emulator.command(bob, world.general, "checkin")
    assert again.content.splitlines()[-2:] == [
        "🔥 连续打卡：4 天。",
        "❄️ 本月还剩 1 次连续打卡冻结：没打卡的那天也能保住你的连续打卡。",
    ]

    # alice (English) sees bob's streak on the board and his freezes in the member view.
    board = await emulator.command(alice, world.general, "progress")
    assert f"<@{bob.id}>" in board.embeds[0]["description"]
    assert "🔥4 · ✍️4" in board.embeds[0]["description"]
    detail = await emulator.command(alice, world.general, "progress", member=bob)
    fields = {f["name"]: f["value"] for f in detail.embeds[0]["fields"]}
    assert fields["Streak freezes ❄️"] == "1 of 2 left this month · frozen: Wed, Mar 4"
    assert "Planned breaks 🌴" not in fields  # over by now
    # Read back (this also lets the bot finish the command's bookkeeping before it stops).
    [totals] = [
        t
        for t in await studybot.store.member_totals(group.guild_id, group.id)
        if t.user_id == bob.id
    ]
    assert (totals.checkins_done, totals.streak, totals.streak_freezes) == (4, 4, 1)


async def test_bad_breaks_are_answered_in_the_readers_language(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    alice, bob = world.alice, world.bob
    await emulator.command(alice, world.general, "roadmap start", roadmap="14day")
    (group,) = await studybot.store.running_groups_all_guilds()
    for member in (alice, bob):
        await emulator.command(member, world.general, "join", roadmap="14day")
    clock.set(datetime(2026, 3, 3, 12, 0, tzinfo=UTC))
    today = date(2026, 3, 3)

    too_long = await emulator.command(bob, world.general, "break", days=20)
    assert too_long.ephemeral
    assert too_long.content == told(bob, E.BreakTooLong(20, 14))
    assert "最多 14 天" in too_long.content
    past = await emulator.command(alice, world.general, "break", start="yesterday")
    assert past.content == told(alice, E.BreakInPast(date(2026, 3, 2), today))
    unreadable = await emulator.command(alice, world.general, "break", start="someday")
    assert unreadable.content == told(alice, E.BadBreakDate("someday", today))
    both = await emulator.command(alice, world.general, "break", days=2, end="friday")
    assert both.content == told(alice, E.BreakOptionsClash(cancel=False))
    nothing = await emulator.command(bob, world.general, "break", cancel=True)
    assert nothing.content == told(bob, E.NoBreakToCancel())
    assert await studybot.store.breaks(group.guild_id, group.id) == []

    # One break, then one that overlaps it (refused), then the list.
    await emulator.command(alice, world.general, "break", start="2026-03-10", days=3)
    overlap = await emulator.command(alice, world.general, "break", start="2026-03-12")
    assert overlap.content == told(alice, E.BreakOverlaps(date(2026, 3, 10), date(2026, 3, 12)))
    assert len(await studybot.store.breaks(group.guild_id, group.id)) == 1
    listed = await emulator.command(alice, world.general, "break")
    assert "Your planned breaks:" in listed.content
    assert "Tue, Mar 10 – Thu, Mar 12" in listed.content
    assert (
        len(await studybot.store.breaks(group.guild_id, group.id)) == 1
    )  # listing changed nothing
