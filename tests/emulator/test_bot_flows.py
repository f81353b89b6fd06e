"""A plain discord.py commands.Bot logging in, syncing and answering interactions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta

import discord
import pytest
from emu_bot import EmuBot

from emulator import CommandInputError, Emulator, Scenario, running_bot, wait_idle


def people(sc: Scenario) -> tuple:  # type: ignore[type-arg]
    g = sc.guilds[0]
    return g, g.channel_named("general"), g.member_named("alice"), g.member_named("bob")


async def test_login_and_sync_are_fast(
    scenario: Scenario, bot_factory: Callable[..., EmuBot]
) -> None:
    started = time.perf_counter()
    async with Emulator(scenario, token="test-token") as emu:
        intents = discord.Intents.default()
        intents.members = True
        client = bot_factory(intents=intents)
        async with running_bot(emu, client, wait_sync=True):
            elapsed = time.perf_counter() - started
            assert elapsed < 3.0
            assert client.user is not None and client.user.id == emu.bot_user_id
            guild = client.get_guild(scenario.guilds[0].id)
            assert guild is not None and guild.chunked
            assert guild.member_count == len(scenario.guilds[0].members)
            # full member lists in GUILD_CREATE: the client never had to ask for a chunk
            assert all(f.get("op") != 8 for f in emu.gateway.received)
            assert {m.name for m in guild.members} >= {"alice", "bob"}
            names = {c["name"] for c in emu.commands()}
            assert names >= {"ping", "roadmap", "board", "counter"}
        routes = [r.route for r in emu.requests]
        assert routes[:2] == ["GET /users/@me", "GET /oauth2/applications/@me"]
        assert "PUT /applications/{application_id}/commands" in routes


async def test_bad_token_is_a_login_failure(scenario: Scenario) -> None:
    async with Emulator(scenario, token="right") as emu:
        emu.patch_discord()
        client = discord.Client(intents=discord.Intents.default())
        with pytest.raises(discord.LoginFailure):
            await client.login("wrong")
        await client.close()
        assert emu.requests[0].status == 401


async def test_slash_command_reply(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    reply = await emulator.command(alice, ch, "ping", n=3)
    assert reply.content == "pong 3"
    assert reply.ephemeral
    assert reply.type == 4


async def test_wait_idle_waits_for_a_handler_working_after_its_reply(
    emulator: Emulator, bot: EmuBot
) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    reply = await emulator.command(alice, ch, "linger")
    assert reply.content == "noted" and not bot.lingered
    with pytest.raises(TimeoutError):  # the handler is still at work
        await wait_idle(bot, timeout=0.1)
    bot.linger.set()
    await wait_idle(bot)
    assert bot.lingered
    assert emulator.messages(ch) == []  # ephemeral replies are not in the channel


async def test_deferred_then_followup_edits_the_original(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    reply = await emulator.command(alice, ch, "roadmap start", roadmap="14day", time="9am")
    assert reply.type == 5
    assert reply.content == "started 14day at 9am UTC"
    assert not reply.ephemeral
    msgs = emulator.messages(ch)
    assert [m["content"] for m in msgs] == ["started 14day at 9am UTC"]
    assert msgs[0]["flags"] & 128 == 0  # no longer "thinking"


async def test_command_input_is_checked_like_discord_client(
    emulator: Emulator, bot: EmuBot
) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    with pytest.raises(CommandInputError):
        await emulator.command(alice, ch, "roadmap start", roadmap="1year", time="9am")
    with pytest.raises(CommandInputError):
        await emulator.command(alice, ch, "roadmap start", roadmap="14day")
    with pytest.raises(CommandInputError):
        await emulator.command(alice, ch, "nope")


async def test_autocomplete(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    choices = await emulator.autocomplete(
        alice, ch, "roadmap start", focused="timezone", value="Asia/Ka", roadmap="14day"
    )
    assert [c["value"] for c in choices] == ["Asia/Kathmandu", "Asia/Kabul", "Asia/Karachi"]


async def test_dynamic_item_button_survives_a_restart(
    emulator: Emulator, bot_factory: Callable[..., EmuBot]
) -> None:
    _, ch, alice, bob = people(emulator.scenario)
    first = bot_factory()
    async with running_bot(emulator, first, wait_sync=True):
        board = await emulator.command(alice, ch, "board", day=3)
        assert board.buttons() == [
            {"label": "Done day 3", "custom_id": "emu:tick:3", "style": 2, "disabled": False}
        ]
    message = emulator.messages(ch)[0]
    second = bot_factory()  # a fresh process would have no view state: only the DynamicItem
    async with running_bot(emulator, second, wait_sync=False):
        reply = await emulator.click(bob, message, "emu:tick:3")
        assert reply.content == "ticked day 3"
        assert reply.ephemeral


async def test_persistent_view_update_and_deferred_update(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    posted = await emulator.command(alice, ch, "counter")
    updated = await emulator.click(alice, posted, "emu:count")
    assert updated.type == 7
    assert updated.content == "count 1"
    assert emulator.messages(ch)[0]["content"] == "count 1"
    deferred = await emulator.click(alice, posted, "emu:later")
    assert deferred.type == 6 and deferred.via == "edit_original"
    assert emulator.messages(ch)[0]["content"] == "count deferred"


async def test_modal_round_trip(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, alice, _ = people(emulator.scenario)
    modal = await emulator.command(alice, ch, "feedback")
    assert modal.type == 9 and modal.modal is not None
    assert modal.modal["title"] == "Feedback"
    reply = await emulator.submit_modal(alice, modal, {"fb:text": "great"})
    assert reply.content == "thanks: great"


async def test_wait_for_message_and_history(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, _, _ = people(emulator.scenario)
    channel = bot.get_channel(ch.id)
    assert channel is not None
    for i in range(4):  # a fifth within 5 s would leave discord.py waiting out the bucket
        await channel.send(f"Day {i}")  # type: ignore[union-attr]
    msg = await emulator.wait_for_message(ch, lambda m: m["content"] == "Day 3", timeout=5)
    assert msg["author"]["id"] == str(emulator.bot_user_id)
    history = [m.content async for m in channel.history(limit=3)]  # type: ignore[union-attr]
    assert history == ["Day 3", "Day 2", "Day 1"]
    oldest = [m.content async for m in channel.history(limit=2, oldest_first=True)]  # type: ignore[union-attr]
    assert oldest == ["Day 0", "Day 1"]


async def test_many_interactions_in_flight(emulator: Emulator, bot: EmuBot) -> None:
    _, ch, alice, bob = people(emulator.scenario)
    replies = await asyncio.gather(
        *(emulator.command(alice if i % 2 else bob, ch, "ping", n=i) for i in range(50))
    )
    assert [r.content for r in replies] == [f"pong {i}" for i in range(50)]
    assert all(r.interaction is not None and not r.interaction.errors for r in replies)


async def test_another_application_in_the_same_world(bot_factory: Callable[..., EmuBot]) -> None:
    """``Scenario(application_id=...)``: the same servers and people, another bot: it logs in
    as that application, syncs its commands to it and may not touch the first one's."""
    first, other = Scenario(), Scenario(application_id=4242424242424242)
    for sc in (first, other):
        sc.guild("Study Hall").text_channel("general")
    assert other.guilds[0].id == first.guilds[0].id
    assert other.application_id == other.bot_user_id == 4242424242424242 != first.application_id
    async with Emulator(other, token="other-token") as emu:
        client = bot_factory()
        async with running_bot(emu, client, wait_sync=True):
            assert client.application_id == client.user.id == other.application_id
            assert client.get_guild(other.guilds[0].id) is not None
            assert emu.sync_count == 1
            with pytest.raises(discord.Forbidden):  # 50001: another application's commands
                await client.http.bulk_upsert_global_commands(first.application_id, [])


async def test_history_pages_forward_after_a_message_or_an_instant(
    emulator: Emulator, bot: EmuBot
) -> None:
    """``after=``: the ``limit`` messages right after the id (a message's, or a snowflake made
    from an instant), newest first, as Discord answers; paging forward sees every message."""
    _, ch, alice, _ = people(emulator.scenario)
    start = discord.utils.utcnow()
    sent = [await emulator.user_message(alice, ch, f"m{i}") for i in range(250)]
    emulator.advance(3600)
    later = [await emulator.user_message(alice, ch, f"late{i}") for i in range(3)]
    first = await bot.http.logs_from(ch.id, 100, after=int(sent[9]["id"]))
    assert [m["content"] for m in first] == [f"m{i}" for i in range(109, 9, -1)]
    after = discord.utils.time_snowflake(start - timedelta(seconds=1), high=True)
    pages, seen = 0, []
    while True:
        page = await bot.http.logs_from(ch.id, 100, after=after)
        pages += 1
        seen += [m["content"] for m in reversed(page)]
        if len(page) < 100:
            break
        after = int(page[0]["id"])
    assert seen == [m["content"] for m in sent + later] and pages == 3
    channel = bot.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    an_hour_on = start + timedelta(minutes=30)
    tail = [m.content async for m in channel.history(after=an_hour_on, oldest_first=True)]
    assert tail == ["late0", "late1", "late2"]
