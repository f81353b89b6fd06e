"""``/today``, ``/checkin``, ``/progress`` and the buttons on daily posts."""

from __future__ import annotations

import re
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.render import ids, messages
from bot.roadmaps import lang_for
from bot.services import progress, study
from cogs.common import actor_of, bot_of, guarded, send, update

Item = discord.ui.Item[Any]


class TickButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ids.TICK):
    def __init__(self, group_id: int, day: int, task: str, *, undo: bool = False) -> None:
        make = ids.undo if undo else ids.tick
        super().__init__(discord.ui.Button(label="Tick", custom_id=make(group_id, day, task)))
        self.group_id, self.day, self.task, self.undo = group_id, day, task, undo

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> TickButton:
        return cls(int(match["group"]), int(match["day"]), match["task"])

    async def callback(self, interaction: discord.Interaction) -> None:
        async def handle() -> None:
            bot = bot_of(interaction)
            action = study.untick if self.undo else study.tick
            outcome = await action(
                bot.store,
                bot.roadmaps,
                actor_of(interaction),
                self.group_id,
                self.day,
                self.task,
                bot.clock(),
            )
            await send(interaction, messages.tick_reply(outcome, lang_for(str(interaction.locale))))

        await guarded(interaction, handle)


class UndoButton(TickButton, template=ids.UNDO):
    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> UndoButton:
        return cls(int(match["group"]), int(match["day"]), match["task"], undo=True)


class CheckinButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ids.CHECKIN
):
    def __init__(self, group_id: int) -> None:
        super().__init__(discord.ui.Button(label="Check in", custom_id=ids.checkin(group_id)))
        self.group_id = group_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> CheckinButton:
        return cls(int(match["group"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def handle() -> None:
            bot = bot_of(interaction)
            outcome = await study.checkin(
                bot.store,
                bot.roadmaps,
                actor_of(interaction),
                None,
                None,
                bot.clock(),
                group_id=self.group_id,
            )
            await send(interaction, messages.checkin_reply(outcome))

        await guarded(interaction, handle)


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ids.PAGE_BUTTON
):
    def __init__(self, group_id: int, scope: progress.Scope, page: int) -> None:
        super().__init__(discord.ui.Button(label="Page", custom_id=ids.page(group_id, scope, page)))
        self.group_id, self.scope, self.page = group_id, scope, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Item, match: re.Match[str]
    ) -> PageButton:
        scope: progress.Scope = match["scope"]  # type: ignore[assignment]
        return cls(int(match["group"]), scope, int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def handle() -> None:
            bot = bot_of(interaction)
            board = await progress.leaderboard(
                bot.store,
                bot.roadmaps,
                actor_of(interaction),
                self.scope,
                bot.clock(),
                group_id=self.group_id,
            )
            lang = lang_for(str(interaction.locale))
            await update(
                interaction, messages.leaderboard(board, self.page, interaction.user.id, lang)
            )

        await guarded(interaction, handle)


class StudyCommands(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(
        name="today", description="Today's tasks with your ticks (only you see it)"
    )
    @app_commands.guild_only()
    async def today(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        view = await study.today(bot.store, bot.roadmaps, actor_of(interaction), bot.clock())
        await send(interaction, messages.today_view(view, lang_for(str(interaction.locale))))

    @app_commands.command(
        name="checkin", description="Check in for today (once a day; again edits it)"
    )
    @app_commands.describe(note="What you did (optional)", minutes="Minutes studied (optional)")
    @app_commands.guild_only()
    async def checkin(
        self,
        interaction: discord.Interaction,
        note: app_commands.Range[str, 1, limits.CHECKIN_NOTE_MAX] | None = None,
        minutes: app_commands.Range[int, 0, study.MINUTES_MAX] | None = None,
    ) -> None:
        bot = bot_of(interaction)
        outcome = await study.checkin(
            bot.store, bot.roadmaps, actor_of(interaction), note, minutes, bot.clock()
        )
        await send(interaction, messages.checkin_reply(outcome))

    @app_commands.command(name="progress", description="The leaderboard of this channel's group")
    @app_commands.describe(
        member="Show one member's progress by phase and the days they missed",
        scope="Count all days, the last 7 days, or today (default all)",
    )
    @app_commands.guild_only()
    async def progress_(
        self,
        interaction: discord.Interaction,
        member: discord.Member | None = None,
        scope: Literal["all", "week", "today"] = "all",
    ) -> None:
        bot = bot_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor = actor_of(interaction)
        lang = lang_for(str(interaction.locale))
        if member is not None:
            detail = await progress.member_progress(
                bot.store, bot.roadmaps, actor, member.id, bot.clock()
            )
            await send(interaction, messages.member_progress(detail, lang))
            return
        board = await progress.leaderboard(bot.store, bot.roadmaps, actor, scope, bot.clock())
        await send(interaction, messages.leaderboard(board, 0, interaction.user.id, lang))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(TickButton, UndoButton, CheckinButton, PageButton)
    await bot.add_cog(StudyCommands(bot))
