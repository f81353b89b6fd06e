"""Exactly-once delivery over the real discord.py client, the emulator and a real SQLite ledger:
the search reads exactly the window where a recorded attempt could have landed, page by page;
a found message is confirmed and nothing is sent; otherwise the attempt is recorded before the
same-nonce send."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

import discord
import pytest

from bot.clock import system_clock
from bot.daily import channels as channels_module
from bot.daily import delivery
from bot.daily.channels import DiscordChannels
from bot.daily.delivery import (
    CLOCK_SKEW,
    SEND_TIMEOUT,
    SETTLE,
    Marker,
    SendFailed,
    Window,
    check_clock,
    created_at,
    deliver_once,
    search_window,
)
from bot.daily.poster import PostRow, post_marker
from bot.render import ids, messages
from bot.services.posting import PostPlan, post_nonce
from bot.store import NewGroup, Store
from emulator import Emulator, running_bot
from emulator.scenario import Channel
from tests.e2e.conftest import ROADMAPS

HISTORY = "GET /channels/{channel_id}/messages"
SEND = "POST /channels/{channel_id}/messages"


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[discord.Client]:
    bot = discord.Client(intents=discord.Intents(guilds=True))
    async with running_bot(emulator, bot):
        yield bot


def general(emulator: Emulator) -> Channel:
    return emulator.scenario.guilds[0].channel_named("general")


async def plan_for(store: Store, emulator: Emulator, day: int = 1) -> PostPlan:
    hall = emulator.scenario.guilds[0]
    new = NewGroup(hall.id, general(emulator).id, "14day", date(2026, 3, 2), time(9), "UTC", 1)
    group = await store.create_group(new, datetime.now(UTC))
    post = await store.claim_post(
        hall.id, group.id, day, post_nonce(group.id, day), datetime.now(UTC), late=False
    )
    assert post is not None
    return PostPlan(group, ROADMAPS["14day"], day, "day", False, False, post)


def searches(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.route == HISTORY)


def test_the_window_covers_every_attempt() -> None:
    t = datetime(2026, 3, 2, 9, tzinfo=UTC)
    w = search_window(t, t + timedelta(hours=3))
    assert w == Window(t - CLOCK_SKEW, t + timedelta(hours=3) + SEND_TIMEOUT + SETTLE + CLOCK_SKEW)
    assert w.until - w.after == timedelta(hours=3, minutes=5, seconds=30)


def test_markers_match_buttons_or_the_old_footer() -> None:
    day = Marker(ids.tick.prefix(12, 3), prefix=True, legacy_footer="studybot g12 d3")
    assert day.matches([ids.tick(12, 3, "read"), ids.checkin(12)], [])
    assert not day.matches([ids.tick(12, 30, "read"), ids.tick(1, 3, "read")], [])
    assert day.matches([], ["studybot g12 d3"]) and not day.matches([], ["studybot g12 d30"])
    summary = Marker(ids.standings(1))
    assert summary.matches([ids.standings(1)], []) and not summary.matches([ids.standings(12)], [])


async def test_a_recorded_attempt_that_landed_is_found_among_pages_of_messages(
    emulator: Emulator, client: discord.Client, store: Store
) -> None:
    ch = general(emulator)
    alice = emulator.scenario.guilds[0].member_named("alice")
    plan = await plan_for(store, emulator)
    message = messages.day_post(plan, "en")
    channel = await DiscordChannels(client).open(ch.id)
    for i in range(230):  # before the post, inside the window
        await emulator.user_message(alice, ch, f"chatter {i}")
    attempts: list[datetime] = []

    async def attempting() -> None:
        attempts.append(system_clock())

    sent = await channel.send(message, plan.post.nonce, attempting)  # the bot then "crashes"
    assert len(attempts) == 1
    emulator.advance(3 * 86400)  # three days of chatter: the nonce is long forgotten
    for i in range(150):
        await emulator.user_message(alice, ch, f"later {i}")

    row = PostRow(
        store,
        replace(plan, post=replace(plan.post, attempt_at=attempts[0], search_from=attempts[0])),
    )
    before = searches(emulator)
    delivered = await deliver_once(row, channel, post_marker(plan), partial(_never), system_clock)
    assert (delivered.message_id, delivered.found) == (sent, True)
    assert searches(emulator) - before == 3  # 230 messages, then the post on the third page
    [confirmed] = await store.posts(plan.group.guild_id, plan.group.id)
    assert (confirmed.state, confirmed.message_id) == ("sent", sent)
    assert sum(1 for r in emulator.requests if r.route == SEND) == 1


async def _never() -> messages.Message:
    raise AssertionError("nothing is rendered when the post was found")


async def test_the_search_stops_at_the_window_and_the_resend_records_its_attempt(
    emulator: Emulator, client: discord.Client, store: Store
) -> None:
    ch = general(emulator)
    alice = emulator.scenario.guilds[0].member_named("alice")
    plan = await plan_for(store, emulator)
    attempt = datetime.now(UTC)
    await store.record_post_attempt(plan.group.guild_id, plan.group.id, 1, attempt, attempt)
    [post] = await store.posts(plan.group.guild_id, plan.group.id)
    for i in range(120):  # in the window: the attempt never reached Discord
        await emulator.user_message(alice, ch, f"chatter {i}")
    emulator.advance(2 * 86400)
    for i in range(1000):  # two days later: past the window, never read
        await emulator.user_message(alice, ch, f"later {i}")

    channel = await DiscordChannels(client).open(ch.id)
    row = PostRow(store, replace(plan, post=post))
    started = datetime.now(UTC)
    render = partial(_render, plan)
    delivered = await deliver_once(row, channel, post_marker(plan), render, system_clock)
    assert not delivered.found
    assert searches(emulator) == 2  # 120 in the window, then the first one past it
    [send] = [r for r in emulator.requests if r.route == SEND]
    assert send.json["nonce"] == post_nonce(plan.group.id, 1) and send.json["enforce_nonce"]
    [sent] = await store.posts(plan.group.guild_id, plan.group.id)
    assert (sent.state, sent.message_id) == ("sent", delivered.message_id)
    assert sent.attempt_at is not None and sent.attempt_at >= started
    assert sent.search_from is not None
    assert started - SETTLE <= sent.search_from <= sent.attempt_at - SETTLE


async def _render(plan: PostPlan) -> messages.Message:
    return messages.day_post(plan, "en")


async def test_no_recorded_attempt_sends_without_a_search(
    emulator: Emulator, client: discord.Client, store: Store
) -> None:
    plan = await plan_for(store, emulator)
    channel = await DiscordChannels(client).open(general(emulator).id)
    delivered = await deliver_once(
        PostRow(store, plan), channel, post_marker(plan), partial(_render, plan), system_clock
    )
    assert not delivered.found and searches(emulator) == 0
    [sent] = await store.posts(plan.group.guild_id, plan.group.id)
    assert sent.state == "sent" and sent.search_from == sent.attempt_at is not None


async def test_a_window_too_busy_to_read_is_a_transient_failure(
    emulator: Emulator, client: discord.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    ch = general(emulator)
    alice = emulator.scenario.guilds[0].member_named("alice")
    for i in range(301):
        await emulator.user_message(alice, ch, f"flood {i}")
    monkeypatch.setattr(channels_module, "SEARCH_PAGES_MAX", 3)
    channel = await DiscordChannels(client).open(ch.id)
    now = datetime.now(UTC)
    with pytest.raises(SendFailed, match="more than 300 messages"):
        await channel.find(Marker("studybot:standings:1"), Window(now - timedelta(hours=1), now))
    assert searches(emulator) == 3


def test_a_clock_off_discords_is_reported_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "_clock_warned", False)
    now = datetime.now(UTC).replace(microsecond=0)
    message_id = discord.utils.time_snowflake(now)
    assert created_at(message_id) == discord.utils.snowflake_time(message_id) == now
    caplog.set_level(logging.DEBUG, logger="bot.daily.delivery")
    check_clock(message_id, now - timedelta(seconds=5))  # sent 5 s after the slot: fine
    assert caplog.records == []
    for off in (CLOCK_SKEW + timedelta(seconds=1), -timedelta(hours=1)):
        check_clock(message_id, now + off)
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.DEBUG]
    assert "keep the host's clock synchronised" in caplog.records[0].getMessage()


async def test_an_old_summary_is_recognised_by_its_footer(
    emulator: Emulator, client: discord.Client, store: Store
) -> None:
    """Summaries sent before the Final standings button had only the footer: still found."""
    ch = general(emulator)
    plan = await plan_for(store, emulator, day=15)
    summary = replace(plan, kind="summary")
    channel = await DiscordChannels(client).open(ch.id)
    other = discord.Embed(title="Roadmap complete").set_footer(text="studybot g999 d15")
    await client.get_channel(ch.id).send(embed=other)  # type: ignore[union-attr]
    old = discord.Embed(title="Roadmap complete", description="The group finished!")
    old.set_footer(text=f"studybot g{plan.group.id} d15")
    sent = await client.get_channel(ch.id).send(embed=old)  # type: ignore[union-attr]
    now = datetime.now(UTC)
    window = Window(now - timedelta(minutes=5), now + timedelta(minutes=5))
    assert await channel.find(post_marker(summary), window) == sent.id
    assert post_marker(summary).custom_id == ids.standings(plan.group.id)
