"""A send that fails transiently (a 503 discord.py does not retry) is retried by a one-shot job
a delay after the bot's injected clock, and the retry posts the day exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_ADDED

from bot.app import StudyBot
from bot.daily import JobKey
from bot.daily.owner import RETRY_DELAYS_S
from emulator import Emulator
from tests.e2e.conftest import FakeClock, World, fire, labels_of, posts_of

SEND = "POST /channels/{channel_id}/messages"
NOON = (datetime.now(UTC) + timedelta(days=30)).replace(hour=12, minute=0, second=0, microsecond=0)
"""Ahead of the machine's clock: a job armed from the injected clock waits for the test."""


async def test_transient_failure_is_retried_from_the_injected_clock(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    clock.set(NOON)
    emulator.faults.fail(SEND, status=503, times=1, path=f"/channels/{world.general.id}/messages")
    added: dict[str, Any] = {}
    armed = asyncio.Event()

    def listener(event: Any) -> None:
        if event.job_id.endswith(":retry"):
            added["job_id"] = event.job_id
            armed.set()

    studybot.scheduler.add_listener(listener, EVENT_JOB_ADDED)
    try:
        await emulator.command(world.alice, world.general, "roadmap start", roadmap="14day")
        await asyncio.wait_for(armed.wait(), 10)  # day 1 was due; its send got the 503
    finally:
        studybot.scheduler.remove_listener(listener)
    (group,) = await studybot.store.running_groups_all_guilds()
    assert added["job_id"] == JobKey(group.id, "retry").id
    job = studybot.scheduler.get_job(JobKey(group.id, "retry").id)
    assert job is not None
    assert job.next_run_time == NOON + timedelta(seconds=RETRY_DELAYS_S[0])
    assert posts_of(emulator, world.general) == []
    [claim] = await studybot.store.posts(world.hall.id, group.id)
    assert (claim.day, claim.state) == (1, "claimed")

    await fire(studybot, group.id, "retry")
    [post] = posts_of(emulator, world.general)
    assert labels_of(emulator, world.general) == [f"g{group.id} d1"]
    [sent] = await studybot.store.posts(world.hall.id, group.id)
    assert (sent.day, sent.state, sent.message_id) == (1, "sent", int(post["id"]))
    assert studybot.scheduler.get_job(JobKey(group.id, "retry").id) is None  # one-shot: gone
    assert studybot.scheduler.get_job(JobKey(group.id).id) is not None
