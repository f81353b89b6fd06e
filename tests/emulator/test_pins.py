"""Pins the Discord way: ``PUT``/``DELETE /channels/{id}/messages/pins/{id}`` (204, needs
PIN_MESSAGES), ``GET /channels/{id}/messages/pins`` (``{items, has_more}``, newest pin first),
driven through discord.py so every request and response is checked against the OpenAPI
description (``--openapi-validate``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio

from emulator import Emulator, running_bot
from emulator import permissions as P


@pytest_asyncio.fixture
async def client(emulator: Emulator) -> AsyncIterator[discord.Client]:
    bot = discord.Client(intents=discord.Intents.default())
    async with running_bot(emulator, bot):
        yield bot


def general(emulator: Emulator, client: discord.Client) -> discord.TextChannel:
    ch = emulator.scenario.guilds[0].channel_named("general")
    channel = client.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_pin_list_unpin(emulator: Emulator, client: discord.Client) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    ch.allow(None, bits=P.PIN_MESSAGES)
    channel = general(emulator, client)
    first = await channel.send("first")
    second = await channel.send("second")
    await first.pin()
    emulator.advance(1)
    await second.pin()
    await second.pin()  # pinning again changes nothing (204)
    pins = [m async for m in channel.pins()]
    assert [m.id for m in pins] == [second.id, first.id]  # newest pin first
    assert all(m.pinned for m in pins)
    assert (await channel.fetch_message(first.id)).pinned
    await first.unpin()
    assert [m.id for m in [m async for m in channel.pins()]] == [second.id]
    assert not (await channel.fetch_message(first.id)).pinned
    await second.delete()  # a deleted message is no longer pinned
    assert [m async for m in channel.pins()] == []


async def test_pins_page_by_before_and_limit(emulator: Emulator, client: discord.Client) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    ch.allow(None, bits=P.PIN_MESSAGES)
    channel = general(emulator, client)
    sent = []
    for n in range(3):
        message = await channel.send(f"m{n}")
        await message.pin()
        emulator.advance(1)
        sent.append(message.id)
    first_page = [m.id for m in [m async for m in channel.pins(limit=2)]]
    assert first_page == [sent[2], sent[1]]
    everything = [m.id for m in [m async for m in channel.pins(limit=None)]]
    assert everything == list(reversed(sent))


async def test_pinning_needs_pin_messages(emulator: Emulator, client: discord.Client) -> None:
    channel = general(emulator, client)
    message = await channel.send("no pins for me")
    with pytest.raises(discord.Forbidden) as refused:
        await message.pin()
    assert refused.value.code == 50013
    ch = emulator.scenario.guilds[0].channel_named("general")
    ch.allow(None, bits=P.MANAGE_MESSAGES)  # no longer enough since 2026-02-23
    with pytest.raises(discord.Forbidden):
        await message.pin()
    assert not (await channel.fetch_message(message.id)).pinned


async def test_pin_of_an_unknown_message_is_10008(
    emulator: Emulator, client: discord.Client
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    ch.allow(None, bits=P.PIN_MESSAGES)
    channel = general(emulator, client)
    message = await channel.send("gone soon")
    await message.delete()
    with pytest.raises(discord.NotFound) as gone:
        await message.pin()
    assert gone.value.code == 10008
