"""A plain discord.py ``commands.Bot`` exercising what the emulator must support."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

TIMEZONES = ["Asia/Kathmandu", "Asia/Kabul", "Asia/Karachi", "Europe/Paris", "America/New_York"]


class Tick(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"emu:tick:(?P<day>\d+)"):
    """A persistent button whose state lives in its custom_id."""

    def __init__(self, day: int) -> None:
        super().__init__(discord.ui.Button(label=f"Done day {day}", custom_id=f"emu:tick:{day}"))
        self.day = day

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Tick:
        return cls(int(match["day"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"ticked day {self.day}", ephemeral=True)


class Counter(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="+1", custom_id="emu:count")
    async def count(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        assert interaction.message is not None
        n = int(interaction.message.content.split()[-1]) + 1
        await interaction.response.edit_message(content=f"count {n}", view=self)

    @discord.ui.button(label="later", custom_id="emu:later")
    async def later(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="count deferred")

    @discord.ui.button(label="ask", custom_id="emu:ask")
    async def ask(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_modal(Survey())

    @discord.ui.button(label="say", custom_id="emu:say")
    async def say(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message(f"{interaction.user.name} said hi")


class EmuBot(commands.Bot):
    """A plain discord.py bot exercising the features the emulator must support."""

    def __init__(self, *, intents: discord.Intents | None = None, **kwargs: Any) -> None:
        super().__init__(command_prefix="!", intents=intents or discord.Intents.default(), **kwargs)
        self.errors: list[BaseException] = []
        self.error_seen = asyncio.Event()
        self.kept: list[discord.Interaction] = []
        self.kept_seen = asyncio.Event()
        self.linger = asyncio.Event()
        """``/linger`` works on after its reply until this is set."""
        self.lingered = False
        self._build_commands()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(Tick)
        self.add_view(Counter())
        await self.tree.sync()

    def _build_commands(self) -> None:
        tree = self.tree

        @tree.error
        async def on_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            self.errors.append(getattr(error, "original", error))
            self.error_seen.set()

        @tree.command(description="Answer with pong")
        async def ping(interaction: discord.Interaction, n: int = 1) -> None:
            await interaction.response.send_message(f"pong {n}", ephemeral=True)

        roadmap = app_commands.Group(name="roadmap", description="Roadmaps")

        @roadmap.command(name="start", description="Start a roadmap")
        @app_commands.choices(
            roadmap=[app_commands.Choice(name=n, value=n) for n in ("14day", "3month")]
        )
        async def start(
            interaction: discord.Interaction, roadmap: str, time: str, timezone: str = "UTC"
        ) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send(f"started {roadmap} at {time} {timezone}")

        @start.autocomplete("timezone")
        async def tz_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [
                app_commands.Choice(name=z, value=z) for z in TIMEZONES if z.startswith(current)
            ]

        tree.add_command(roadmap)

        @tree.command(description="Post a persistent board")
        async def board(interaction: discord.Interaction, day: int = 1) -> None:
            view = discord.ui.View(timeout=None)
            view.add_item(Tick(day))
            await interaction.response.send_message(f"Day {day}", view=view)

        @tree.command(description="Post a counter")
        async def counter(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("count 0", view=Counter())

        @tree.command(description="Reply with too much text")
        async def toolong(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("x" * 2001)

        @tree.command(description="Acknowledge twice")
        async def twice(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first")
            interaction.response._response_type = None  # pretend we forgot: Discord must refuse
            await interaction.response.send_message("second")

        @tree.command(description="Defer and keep the interaction for later")
        async def keep(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            self.kept.append(interaction)
            self.kept_seen.set()

        @tree.command(description="Too many choices")
        async def many(interaction: discord.Interaction, pick: str) -> None:
            await interaction.response.send_message(pick)

        @many.autocomplete("pick")
        async def many_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=str(i), value=str(i)) for i in range(30)]

        @tree.command(description="Answer publicly, then follow up")
        async def announce(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("announcement")
            await interaction.followup.send("and more")

        @tree.command(description="Reply, then go on working (until linger is set)")
        async def linger(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("noted", ephemeral=True)
            await self.linger.wait()
            self.lingered = True

        @tree.context_menu(name="Wave")
        async def wave(interaction: discord.Interaction, member: discord.Member) -> None:
            await interaction.response.send_message(f"waved at {member.name}")

        @tree.command(description="Open a modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())


class Feedback(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Feedback] = discord.ui.TextInput(label="Text", custom_id="fb:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class Survey(discord.ui.Modal, title="Survey"):
    """Opened by a button; answered publicly (the answer names the modal's trigger)."""

    answer: discord.ui.TextInput[Survey] = discord.ui.TextInput(label="Answer", custom_id="sv:a")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"answered: {self.answer.value}")
