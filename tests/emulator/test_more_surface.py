"""More of the surface a bot touches: injected global 429s, the MESSAGE_CONTENT intent, DMs,
threads, reactions, select menus, and the injectable clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio

from emulator import Emulator, Scenario, running_bot
from emulator.clock import Clock


def people(sc: Scenario) -> tuple[Any, Any, Any]:
    g = sc.guilds[0]
    return g.channel_named("general"), g.member_named("alice"), g.member_named("bob")


class Listener(discord.Client):
    def __init__(self, intents: discord.Intents) -> None:
        super().__init__(intents=intents)
        self.seen: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.tree = discord.app_commands.CommandTree(self)

    async def on_message(self, message: discord.Message) -> None:
        await self.seen.put(message)


@pytest_asyncio.fixture
async def listener(emulator: Emulator) -> AsyncIterator[Listener]:
    client = Listener(discord.Intents.default())
    async with running_bot(emulator, client):
        yield client


async def test_injected_global_429_is_retried(emulator: Emulator, listener: Listener) -> None:
    ch, _, _ = people(emulator.scenario)
    emulator.faults.fail(
        "POST /channels/{channel_id}/messages", status=429, retry_after=0.05, global_=True
    )
    channel = listener.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    await channel.send("after a global limit")
    limited = [r for r in emulator.requests if r.status == 429]
    assert len(limited) == 1 and limited[0].response["global"] is True
    assert limited[0].headers["X-RateLimit-Global"] == "true"
    assert limited[0].headers["X-RateLimit-Scope"] == "global"
    assert [m["content"] for m in emulator.messages(ch)] == ["after a global limit"]


async def test_message_content_needs_the_intent(emulator: Emulator, listener: Listener) -> None:
    ch, alice, _ = people(emulator.scenario)
    await emulator.user_message(alice, ch, "secret plans")
    seen = await asyncio.wait_for(listener.seen.get(), 5)
    assert seen.author.id == alice.id and seen.content == ""
    await emulator.user_message(alice, ch, f"<@{emulator.bot_user_id}> hello")
    mentioned = await asyncio.wait_for(listener.seen.get(), 5)
    assert mentioned.content.endswith("hello")


async def test_message_content_with_the_intent(scenario: Scenario) -> None:
    intents = discord.Intents.default()
    intents.message_content = True
    async with Emulator(scenario) as emu:
        client = Listener(intents)
        async with running_bot(emu, client):
            ch, alice, _ = people(scenario)
            await emu.user_message(alice, ch, "secret plans")
            seen = await asyncio.wait_for(client.seen.get(), 5)
            assert seen.content == "secret plans"


async def test_direct_messages(emulator: Emulator, listener: Listener) -> None:
    _, alice, bob = people(emulator.scenario)
    user = await listener.fetch_user(alice.id)
    await user.send("your daily reminder")
    assert [m["content"] for m in emulator.dm_messages(alice)] == ["your daily reminder"]
    assert emulator.dm_messages(bob) == []


async def test_threads_reactions_typing_edit_delete(emulator: Emulator, listener: Listener) -> None:
    ch, _, _ = people(emulator.scenario)
    channel = listener.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    async with channel.typing():
        msg = await channel.send("Day 1")
    await msg.add_reaction("✅")
    stored = emulator.messages(ch)[0]
    assert stored["reactions"][0]["emoji"]["name"] == "✅" and stored["reactions"][0]["me"]
    thread = await msg.create_thread(name="Day 1 discussion")
    assert thread.id == msg.id and thread.name == "Day 1 discussion"
    edited = await msg.edit(content="Day 1 (edited)")
    assert edited.content == "Day 1 (edited)"
    assert emulator.messages(ch)[0]["edited_timestamp"] is not None
    fetched = await channel.fetch_message(msg.id)
    assert fetched.content == "Day 1 (edited)"
    await msg.delete()
    assert emulator.messages(ch) == []
    with pytest.raises(discord.NotFound) as gone:
        await channel.fetch_message(msg.id)
    assert gone.value.code == 10008


async def test_select_menu(emulator: Emulator, listener: Listener) -> None:
    ch, alice, _ = people(emulator.scenario)

    class Pick(discord.ui.View):
        @discord.ui.select(
            custom_id="emu:pick",
            options=[discord.SelectOption(label=x, value=x) for x in ("14day", "3month")],
        )
        async def pick(
            self, interaction: discord.Interaction, select: discord.ui.Select[Any]
        ) -> None:
            await interaction.response.send_message(f"picked {select.values[0]}", ephemeral=True)

    @listener.tree.command(description="choose")
    async def choose(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("choose one", view=Pick())

    await listener.tree.sync()
    menu = await emulator.command(alice, ch, "choose")
    assert [s["custom_id"] for s in menu.selects()] == ["emu:pick"]
    reply = await emulator.select(alice, menu, "emu:pick", ["3month"])
    assert reply.content == "picked 3month" and reply.ephemeral


async def test_injected_clock(scenario: Scenario) -> None:
    clock = Clock(offset=-3600.0)
    async with Emulator(scenario, clock=clock) as emu:
        assert emu.clock is clock
        before = emu.clock.now()
        emu.advance(10)
        assert emu.clock.now() - before >= 10


async def test_followup_and_original_get_edit_delete(
    emulator: Emulator, listener: Listener
) -> None:
    ch, alice, _ = people(emulator.scenario)
    done = asyncio.Event()
    seen: dict[str, Any] = {}

    @listener.tree.command(description="messages")
    async def juggle(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("original")
        original = await interaction.original_response()
        seen["original"] = original.content
        await interaction.edit_original_response(content="original, edited")
        followup = await interaction.followup.send("followup", wait=True)
        await followup.edit(content="followup, edited")
        secret = await interaction.followup.send("just for you", ephemeral=True, wait=True)
        seen["secret_flags"] = secret.flags.ephemeral
        await interaction.delete_original_response()
        done.set()

    await listener.tree.sync()
    handle = await emulator.command(alice, ch, "juggle", wait=False)
    await asyncio.wait_for(done.wait(), 5)
    assert seen == {"original": "original", "secret_flags": True}
    assert [m["content"] for m in emulator.messages(ch)] == ["followup, edited"]
    assert len(handle.followup_ids) == 2
    assert not handle.errors
    ephemeral = emulator.message(handle.followup_ids[1])
    assert ephemeral is not None and ephemeral["content"] == "just for you"


async def test_option_names_that_clash_with_parameters(
    emulator: Emulator, listener: Listener
) -> None:
    ch, alice, _ = people(emulator.scenario)

    @listener.tree.command(description="greet")
    async def greet(interaction: discord.Interaction, name: str, timeout: int) -> None:
        await interaction.response.send_message(f"{name} {timeout}")

    await listener.tree.sync()
    reply = await emulator.command(alice, ch, "greet", name="ann", options={"timeout": 5})
    assert reply.content == "ann 5"


async def test_deferred_update_finished_by_a_channel_edit(
    emulator: Emulator, listener: Listener
) -> None:
    ch, alice, _ = people(emulator.scenario)

    class Done(discord.ui.View):
        @discord.ui.button(label="done", custom_id="emu:done")
        async def done(
            self, interaction: discord.Interaction, button: discord.ui.Button[Any]
        ) -> None:
            await interaction.response.defer()
            assert interaction.message is not None
            await interaction.message.edit(content="all done", view=None)

    channel = listener.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    posted = await channel.send("press", view=Done())
    reply = await emulator.click(alice, emulator.messages(ch)[0], "emu:done")
    assert reply.type == 6 and reply.via == "edit_message"
    assert reply.content == "all done" and reply.components == []
    assert posted.id == int(emulator.messages(ch)[0]["id"])


async def test_auto_sharded_client_uses_gateway_bot(scenario: Scenario) -> None:
    async with Emulator(scenario) as emu:
        client = discord.AutoShardedClient(intents=discord.Intents.default())
        async with running_bot(emu, client):
            assert "GET /gateway/bot" in [r.route for r in emu.requests]
            identify = next(f for f in emu.gateway.received if f.get("op") == 2)
            assert identify["d"]["shard"] == [0, 1]
            assert client.get_guild(scenario.guilds[0].id) is not None
