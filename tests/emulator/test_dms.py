"""Direct messages as Discord does them: a member whose DMs are closed gets no DM (403 with
50007, though opening the DM channel works), and a button on a DM is clicked as a DM
interaction (``user`` instead of ``member``, no guild, context BOT_DM) that the bot answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio

from emulator import CommandInputError, Emulator, running_bot


class Ping(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"ping:(?P<n>\d+)"):
    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label="ping", custom_id=f"ping:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: Any) -> Ping:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        where = "dm" if interaction.guild_id is None else "guild"
        await interaction.response.send_message(
            f"pong {self.n} from {interaction.user.id} in {where}", ephemeral=True
        )


class DmBot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default())
        self.interactions: asyncio.Queue[discord.Interaction] = asyncio.Queue()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(Ping)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.interactions.put(interaction)


@pytest_asyncio.fixture
async def bot(emulator: Emulator) -> AsyncIterator[DmBot]:
    client = DmBot()
    async with running_bot(emulator, client):
        yield client


def _view(n: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="ping", custom_id=f"ping:{n}"))
    return view


async def test_closed_dms_answer_50007(emulator: Emulator, bot: DmBot) -> None:
    alice = emulator.scenario.guilds[0].member_named("alice")
    emulator.set_dms(alice, False)
    dm = await bot.create_dm(await bot.fetch_user(alice.id))  # opening works, as on Discord
    with pytest.raises(discord.Forbidden) as refused:
        await dm.send("a reminder")
    assert refused.value.status == 403 and refused.value.code == 50007
    assert emulator.dm_messages(alice) == []
    emulator.set_dms(alice, True)
    await dm.send("a reminder")
    assert [m["content"] for m in emulator.dm_messages(alice)] == ["a reminder"]


async def test_a_button_in_a_dm_is_a_dm_interaction(emulator: Emulator, bot: DmBot) -> None:
    alice = emulator.scenario.guilds[0].member_named("alice")
    bob = emulator.scenario.guilds[0].member_named("bob")
    dm = await bot.create_dm(await bot.fetch_user(alice.id))
    await dm.send("stop?", view=_view(7))
    message = emulator.dm_messages(alice)[0]
    reply = await emulator.click(alice, message, "ping:7")
    assert reply.content == f"pong 7 from {alice.id} in dm" and reply.ephemeral
    seen = await asyncio.wait_for(bot.interactions.get(), 5)
    payload = reply.interaction.payload
    assert "guild_id" not in payload and "member" not in payload
    assert payload["user"]["id"] == str(alice.id) and payload["context"] == 1
    assert payload["channel"]["type"] == 1 and payload["authorizing_integration_owners"] == {
        "0": "0"
    }
    assert seen.guild_id is None and seen.user.id == alice.id
    with pytest.raises(CommandInputError):  # nobody else sees alice's DMs
        await emulator.click(bob, message, "ping:7")
