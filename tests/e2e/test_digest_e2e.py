"""The weekly digest end to end: posted once at the group's digest time with its chart, read
back from the channel (contents, the PNG downloaded and opened), never again after a restart,
and its button answers with the week's leaderboard."""

from __future__ import annotations

import io
from typing import Any

import aiohttp
from apscheduler.triggers.cron import CronTrigger
from PIL import Image

from bot.app import StudyBot
from bot.render import ids
from bot.render.cards.week import HEIGHT, WIDTH
from emulator import Emulator
from emulator.permissions import ATTACH_FILES
from emulator.scenario import Channel
from tests.e2e.conftest import FakeClock, World, fire, posts_of, settled
from tests.e2e.test_restart_e2e import DAY1, restarted, start

SEND = "POST /channels/{channel_id}/messages"


def digests_in(emu: Emulator, channel: Channel) -> list[dict[str, Any]]:
    """The bot's digests in a channel, found by their button as the bot finds them."""
    return [
        m
        for m in emu.messages(channel)
        for row in m.get("components") or []
        for c in row.get("components") or []
        if ids.digest.match(str(c.get("custom_id") or "")) is not None
    ]


async def png_of(attachment: dict[str, Any]) -> bytes:
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as got:
        assert got.status == 200
        return await got.read()


async def test_a_digest_is_posted_once_with_its_chart_across_a_restart(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    group = await start(emulator, studybot, world.alice, world.general, time="9am")
    await emulator.command(world.carol, world.general, "join", roadmap="14day")
    await emulator.command(world.bob, world.general, "join", roadmap="14day")
    clock.advance(hours=2, minutes=1)  # Mon Mar 2, 09:01 UTC
    await fire(studybot, group.id)
    [post] = posts_of(emulator, world.general)
    for task in DAY1[:2]:
        await emulator.click(world.carol, post, ids.tick(group.id, 1, task))
    await emulator.command(world.carol, world.general, "checkin", minutes=45)

    clock.advance(days=7)  # Mon Mar 9, 09:01: the digest of the week of Mar 2 is due
    await fire(studybot, group.id, "digest")
    (digest,) = digests_in(emulator, world.general)
    (embed,) = digest["embeds"]
    assert embed["title"] == "Weekly digest · LLM in 14 days: from NLP basics to advanced topics"
    assert embed["description"].startswith("Week of Mon, Mar 2, 2026")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert list(fields) == ["The week", "Top members", "Quiet members", "Next week"]
    assert "✅ 2 tasks done · ✍️ 1 check-in · ⏱️ 45 min studied" in fields["The week"]
    assert fields["Top members"] == f"1. <@{world.carol.id}> · **25** pts · 2 tasks · 1 check-in"
    assert fields["Quiet members"] == (
        "2 members have not ticked or checked in for 3 days or more."
    )
    assert "**Phase 3: Hands-on practice**" in fields["Next week"]
    assert embed["image"]["url"] == "attachment://week.png"
    (attachment,) = digest["attachments"]
    assert attachment["filename"] == "week.png" and attachment["content_type"] == "image/png"
    data = await png_of(attachment)
    assert len(data) == attachment["size"] > 10_000
    assert Image.open(io.BytesIO(data)).size == (WIDTH, HEIGHT) == (960, 540)
    assert attachment["description"].startswith("Weekly chart of LLM in 14 days")
    week_button = ids.digest(group.id, 20260302)
    board = await emulator.click(world.bob, digest, week_button)
    assert board.ephemeral and f"<@{world.carol.id}>" in board.embeds[0]["description"]
    rows = await studybot.store.digests(world.hall.id, group.id)
    assert [(str(r.week_start), r.state, r.message_id) for r in rows] == [
        ("2026-03-02", "sent", int(digest["id"]))
    ]

    await studybot.wait_until_ready()
    await settled(studybot)
    await studybot.close()
    clock.advance(hours=1)
    async with restarted(emulator, studybot.settings.db.get_secret_value(), clock) as bot:
        await bot.wait_until_ready()
        await settled(bot)
        assert await bot.daily.reconcile_digests() == 0
        job = bot.scheduler.get_job(f"group:{group.id}:digest")
        assert job is not None and isinstance(job.trigger, CronTrigger)
        assert str(job.trigger) == "cron[day_of_week='0', hour='9', minute='0']"
        await fire(bot, group.id, "digest")  # the rebuilt job fired again: nothing new
        assert len(digests_in(emulator, world.general)) == 1


async def test_without_attach_files_the_digest_comes_without_its_chart(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    group = await start(emulator, studybot, world.alice, world.general, time="9am")
    world.general.deny(None, extra=ATTACH_FILES)  # the bot may not attach files here
    clock.advance(days=7, hours=2, minutes=1)  # Mon Mar 9, 09:01
    await fire(studybot, group.id, "digest")
    (digest,) = digests_in(emulator, world.general)
    assert digest["attachments"] == []
    assert (
        "The chart is missing: the bot may not attach files here."
        in (digest["embeds"][0]["description"])
    )
    (row,) = await studybot.store.digests(world.hall.id, group.id)
    assert (row.state, row.message_id) == ("sent", int(digest["id"]))
    refused = [r for r in emulator.requests if r.route == SEND and r.status == 403]
    assert len(refused) == 1  # the attempt with the chart, then the one without
