"""Changing the world while the bot runs: members join and leave, channels change and vanish,
mentions are filled in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio

from emulator import Emulator, running_bot


class Watcher(discord.Client):
    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.members = True
        super().__init__(intents=intents)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def on_member_join(self, member: discord.Member) -> None:
        await self.events.put(("join", member))

    async def on_member_remove(self, member: discord.Member) -> None:
        await self.events.put(("remove", member))

    async def on_guild_channel_update(self, before: Any, after: Any) -> None:
        await self.events.put(("channel_update", after))

    async def on_guild_channel_delete(self, channel: Any) -> None:
        await self.events.put(("channel_delete", channel))


@pytest_asyncio.fixture
async def watcher(emulator: Emulator) -> AsyncIterator[Watcher]:
    client = Watcher()
    async with running_bot(emulator, client):
        yield client


async def next_event(client: Watcher, kind: str) -> Any:
    got, value = await asyncio.wait_for(client.events.get(), 5)
    assert got == kind
    return value


async def test_member_join_and_leave(emulator: Emulator, watcher: Watcher) -> None:
    guild = emulator.scenario.guilds[0]
    carol = await emulator.member_join(guild, "carol", locale="fr")
    joined = await next_event(watcher, "join")
    assert joined.id == carol.id and joined.name == "carol"
    assert watcher.get_guild(guild.id).get_member(carol.id) is not None  # type: ignore[union-attr]
    await emulator.member_leave(carol)
    left = await next_event(watcher, "remove")
    assert left.id == carol.id
    assert guild.get_member(carol.id) is None


async def test_permission_change_and_channel_delete(emulator: Emulator, watcher: Watcher) -> None:
    guild = emulator.scenario.guilds[0]
    ch = guild.channel_named("general")
    channel = watcher.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    ch.deny(send=True)
    await emulator.channel_updated(ch)
    updated = await next_event(watcher, "channel_update")
    assert not updated.permissions_for(updated.guild.me).send_messages
    with pytest.raises(discord.Forbidden):
        await channel.send("no longer allowed")
    await emulator.delete_channel(ch)
    deleted = await next_event(watcher, "channel_delete")
    assert deleted.id == ch.id and watcher.get_channel(ch.id) is None
    with pytest.raises(discord.NotFound) as gone:
        await watcher.http.send_message(
            ch.id, params=discord.http.handle_message_parameters(content="x")
        )
    assert gone.value.code == 10003


async def test_mentions_are_filled_in(emulator: Emulator, watcher: Watcher) -> None:
    guild = emulator.scenario.guilds[0]
    ch = guild.channel_named("general")
    alice = guild.member_named("alice")
    channel = watcher.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    msg = await channel.send(f"well done <@{alice.id}> and <@&{guild.id}>")
    assert [u.id for u in msg.mentions] == [alice.id]
    stored = emulator.messages(ch)[0]
    assert stored["mentions"][0]["username"] == "alice"
    assert stored["mention_roles"] == [str(guild.id)]
