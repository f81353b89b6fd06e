"""The main flow end to end: start, join, daily post, tick, check in, progress."""

from __future__ import annotations

from bot import errors as E
from bot.app import StudyBot
from bot.daily import JobKey
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World, fire, posts_of, settled
from tests.explain import told


async def test_start_join_post_tick(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    reply = await emulator.command(
        world.alice,
        world.general,
        "roadmap start",
        roadmap="14day",
        time="9am",
        timezone="Europe/London",
    )
    assert not reply.ephemeral
    assert "Study group started" in reply.embeds[0]["title"]
    joined = await emulator.command(world.carol, world.general, "join", roadmap="14day")
    assert joined.ephemeral and "Welcome" in joined.content
    again = await emulator.command(world.carol, world.general, "join", roadmap="14day")
    assert "already in" in again.content
    in_chinese = await emulator.command(world.bob, world.general, "join", roadmap="14day")
    assert in_chinese.content.startswith("欢迎加入")  # bob reads Chinese

    clock.advance(hours=2, minutes=1)  # 09:01 London
    group = (await studybot.store.running_groups_all_guilds())[0]
    await fire(studybot, group.id)
    posts = posts_of(emulator, world.general)
    assert len(posts) == 1
    post = posts[0]
    assert post["embeds"][0]["title"].startswith("Day 1/14")
    buttons = [c for row in post["components"] for c in row["components"]]
    tick_id = buttons[0]["custom_id"]
    assert tick_id.startswith(f"studybot:tick:{group.id}:1:")
    assert buttons[-1]["custom_id"] == f"studybot:checkin:{group.id}"

    done = await emulator.click(world.carol, post, tick_id)
    assert done.ephemeral and "Done" in done.content and "1/" in done.content
    await settled(studybot)
    assert done.interaction is not None
    assert done.interaction.followup_ids == []  # one answer to one click
    assert len(done.interaction.responses) == 1
    twice = await emulator.click(world.carol, post, tick_id)
    assert "already did" in twice.content
    assert twice.buttons()[0]["custom_id"].startswith("studybot:undo:")
    assert twice.buttons()[0]["label"] == "Undo"

    stranger = await emulator.click(world.alice, post, tick_id)
    assert "not in this study group" in stranger.content
    assert stranger.buttons()[0]["custom_id"] == f"studybot:join:{group.id}"
    ticks = await studybot.store.ticks(world.hall.id, group.id)
    assert [(t.user_id, t.day) for t in ticks] == [(world.carol.id, 1)]

    await fire(studybot, group.id)  # a second firing the same day posts nothing
    assert len(posts_of(emulator, world.general)) == 1


async def test_edit_reschedules_at_once(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day", time="9")
    group = (await studybot.store.running_groups_all_guilds())[0]
    refused = await emulator.command(world.bob, world.general, "roadmap edit", time="10:30")
    assert refused.ephemeral and refused.content == told(world.bob, E.NotManager())
    reply = await emulator.command(
        world.alice, world.general, "roadmap edit", time="10:30pm", timezone="Asia/Kolkata"
    )
    assert reply.ephemeral
    stored = await studybot.store.get_group(world.hall.id, group.id)
    assert stored is not None
    assert (stored.post_time.hour, stored.post_time.minute, stored.timezone) == (
        22,
        30,
        "Asia/Kolkata",
    )
    job = studybot.scheduler.get_job(JobKey(group.id).id)
    assert job is not None
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("22", "30")
    assert str(job.trigger.timezone) == "Asia/Kolkata"
    bad = await emulator.command(world.alice, world.general, "roadmap edit", timezone="Mars/Base")
    assert "Mars/Base" in bad.content
