"""Faults narrowed to one request path: a 429 storm or a hold on one channel only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio

from emulator import Emulator, Scenario, running_bot

SEND = "POST /channels/{channel_id}/messages"


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    g = sc.guild("Study Hall")
    g.text_channel("general")
    g.text_channel("other")
    return sc


@pytest_asyncio.fixture
async def client(emulator: Emulator) -> AsyncIterator[discord.Client]:
    c = discord.Client(intents=discord.Intents.default())
    async with running_bot(emulator, c):
        yield c


async def send(client: discord.Client, channel_id: int, content: str) -> discord.Message:
    channel = client.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return await channel.send(content)


async def test_fail_with_path_only_hits_that_channel(
    emulator: Emulator, client: discord.Client
) -> None:
    g = emulator.scenario.guilds[0]
    general, other = g.channel_named("general"), g.channel_named("other")
    emulator.faults.fail(
        SEND, status=429, times=2, retry_after=0.05, path=f"/api/v10/channels/{general.id}/messages"
    )
    await send(client, other.id, "other first")
    await send(client, general.id, "general")
    by_path = [(r.path, r.status) for r in emulator.requests if r.route == SEND]
    other_path = f"/api/v10/channels/{other.id}/messages"
    general_path = f"/api/v10/channels/{general.id}/messages"
    assert by_path == [
        (other_path, 200),
        (general_path, 429),
        (general_path, 429),
        (general_path, 200),
    ]
    assert [m["content"] for m in emulator.messages(general)] == ["general"]


async def test_hold_and_drop_with_path(emulator: Emulator, client: discord.Client) -> None:
    g = emulator.scenario.guilds[0]
    general, other = g.channel_named("general"), g.channel_named("other")
    held = emulator.faults.hold(SEND, path=f"/channels/{general.id}/messages")
    emulator.faults.drop(SEND, path=f"/channels/{general.id}/messages")
    await send(client, other.id, "not held")  # another channel passes the hold and the drop
    assert not held.arrived.is_set()
    task = asyncio.create_task(send(client, general.id, "held"))
    await asyncio.wait_for(held.arrived.wait(), 5)
    held.release()
    with pytest.raises((discord.HTTPException, OSError)):
        await task  # the drop armed for #general reset the connection after handling
    assert [m["content"] for m in emulator.messages(general)] == ["held"]


async def test_a_lost_request_has_no_effect_and_no_answer(
    emulator: Emulator, client: discord.Client
) -> None:
    general = emulator.scenario.guilds[0].channel_named("general")
    held = emulator.faults.hold(SEND, path=f"/channels/{general.id}/messages")
    task = asyncio.create_task(send(client, general.id, "lost"))
    await asyncio.wait_for(held.arrived.wait(), 5)
    held.release(lose=True)  # it never reached Discord
    with pytest.raises((discord.HTTPException, OSError)):
        await task
    assert emulator.messages(general) == []
    assert [r.status for r in emulator.requests if r.route == SEND] == [0]
