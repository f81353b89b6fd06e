"""``/today``'s buttons update that private view in place (a component update of the same
message, never a new one), and undo asks first, as a day post's button does."""

from __future__ import annotations

from typing import Any

from bot import errors as E
from bot.app import StudyBot
from bot.render import ids
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World, fire
from tests.e2e.db_state import snapshot
from tests.e2e.test_security_e2e import DAY1, DAY2_TASK, NOT_HERE, carrier, three_groups
from tests.explain import told


def styles(reply: Any) -> list[int]:
    return [b["style"] for b in reply.buttons()]


def private(emulator: Emulator, world: World, who: Any) -> list[dict[str, Any]]:
    """What ``who`` sees in #general and #other: channel messages and their ephemeral replies."""
    return [
        *emulator.reading.visible_to(world.general, who),
        *emulator.reading.visible_to(world.other, who),
    ]


async def test_today_ticks_and_undoes_in_place(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day", time="9")
    await emulator.command(world.carol, world.general, "join", roadmap="14day")
    clock.advance(hours=2, minutes=1)
    (group,) = await studybot.store.running_groups_all_guilds()
    await fire(studybot, group.id)

    # /today in another channel of the server: its buttons work there too
    view = await emulator.command(world.carol, world.other, "today")
    assert view.ephemeral and view.message is not None
    mid = view.message["id"]
    first = view.buttons()[0]["custom_id"]
    task = first.split(":")[-1]
    assert first == ids.today(group.id, 1, task)
    seen = len(private(emulator, world, world.carol))

    done = await emulator.click(world.carol, view, first)
    assert done.type == 7 and done.message is not None and done.message["id"] == mid
    assert done.content.startswith("✅ Done:") and "1/" in done.content
    assert done.embeds and styles(done)[0] == 3  # green: done
    ticks = await studybot.store.ticks(world.hall.id, group.id)
    assert [(t.user_id, t.day, t.task_id) for t in ticks] == [(world.carol.id, 1, task)]

    # a done task asks before undoing, as on the day post; Cancel changes nothing
    asked = await emulator.click(world.carol, done, first)
    assert asked.type == 7 and asked.message is not None and asked.message["id"] == mid
    assert "You already did" in asked.content and "Undo it:" in asked.content
    assert [b["custom_id"] for b in asked.buttons()] == [
        ids.today_undo(group.id, 1, task),
        ids.today_back(group.id, 1),
    ]
    assert [b["label"] for b in asked.buttons()] == ["Undo", "Cancel"]
    kept = await emulator.click(world.carol, asked, ids.today_back(group.id, 1))
    assert kept.type == 7 and kept.message is not None and kept.message["id"] == mid
    assert kept.content == "Cancelled: nothing changed." and styles(kept)[0] == 3
    assert len(await studybot.store.ticks(world.hall.id, group.id)) == 1

    asked = await emulator.click(world.carol, kept, first)
    undone = await emulator.click(world.carol, asked, ids.today_undo(group.id, 1, task))
    assert undone.type == 7 and undone.message is not None and undone.message["id"] == mid
    assert undone.content.startswith("Undone:") and styles(undone)[0] == 2  # grey again
    assert await studybot.store.ticks(world.hall.id, group.id) == []

    # every answer was that one message, edited: nothing new for carol anywhere
    assert len(private(emulator, world, world.carol)) == seen
    for reply in (done, asked, kept, undone):
        assert reply.interaction.followup_ids == []
    stored = emulator.message(int(mid))
    assert stored is not None and stored["content"].startswith("Undone:")


async def test_today_buttons_of_a_stranger_change_nothing(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day", time="9")
    await emulator.command(world.carol, world.general, "join", roadmap="14day")
    clock.advance(hours=2, minutes=1)
    (group,) = await studybot.store.running_groups_all_guilds()
    await fire(studybot, group.id)
    view = await emulator.command(world.carol, world.general, "today")
    first = view.buttons()[0]["custom_id"]
    # bob is not a member: told to join (in place), nothing ticked
    stranger = await emulator.click(world.bob, view, first)
    assert stranger.buttons()[0]["custom_id"] == ids.join(group.id)
    assert await studybot.store.ticks(world.hall.id, group.id) == []


async def test_forged_today_buttons_are_refused_without_writes(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    """``/today``'s ids name a group and a day: another server's group, a day not released yet
    or a task of another day are refused, privately, and nothing changes."""
    general, _, lobby = await three_groups(emulator, studybot, world, clock)
    g = general.id
    cases: list[tuple[Any, str, Any]] = [
        (world.bob, ids.today(lobby.id, 1, DAY1[0]), NOT_HERE),
        (world.bob, ids.today_undo(lobby.id, 1, DAY1[0]), NOT_HERE),
        (world.bob, ids.today_back(lobby.id, 1), NOT_HERE),
        (world.bob, ids.today(g, 2, DAY2_TASK), E.DayNotReleased(2)),
        (world.bob, ids.today_back(g, 5), E.DayNotReleased(5)),
        (world.bob, ids.today(g, 1, DAY2_TASK), E.NoSuchTask()),
        (world.bob, ids.today_undo(g, 15, DAY1[0]), E.NoSuchDay()),
        (world.bob, "studybot:today:9999999999999999999:1:" + DAY1[0], NOT_HERE),
        (world.bob, "studybot:todayback:9999999999999999999:1", NOT_HERE),
    ]
    message = await carrier(emulator, studybot, world.general, *[cid for _, cid, _ in cases])
    before = snapshot(studybot)
    for who, custom_id, expected in cases:
        reply = await emulator.click(who, message, custom_id)
        assert reply.ephemeral and reply.content == told(who, expected), custom_id
    assert snapshot(studybot) == before
