"""``/join``, ``/leave`` and ``/timezone set``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import ids, messages
from bot.services import membership
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, reader, send, update
from cogs.roadmap import roadmap_autocomplete, timezone_autocomplete

if TYPE_CHECKING:
    from bot.app import StudyBot


async def joined(bot: StudyBot, guild_id: int, outcome: membership.JoinOutcome) -> None:
    """After the reply: a new member changes what the group's live day posts count "of"."""
    if outcome.kind in ("joined", "rejoined") and outcome.group is not None:
        await bot.daily.members_changed(guild_id, outcome.group.id)


class JoinButton(PersistentButton[ids.GroupRef], spec=ids.join):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        actor = actor_of(interaction)
        outcome = await membership.join_group_id(
            bot.store, bot.roadmaps, actor, self.ref.group, bot.clock()
        )
        try:
            await send(interaction, messages.join_outcome(outcome, reader(interaction)))
        finally:
            await joined(bot, actor.guild_id, outcome)


class LeaveButton(PersistentButton[ids.GroupRef], spec=ids.leave):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        actor = actor_of(interaction)
        group = await membership.leave(bot.store, actor, self.ref.group, bot.clock())
        try:
            await update(interaction, messages.left(group.roadmap_id, reader(interaction)))
        finally:  # the day posts' counts are "of" the members: they count anew
            await bot.daily.members_changed(actor.guild_id, group.id)


class MemberCommands(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="join", description="Join the study group running a roadmap")
    @app_commands.describe(roadmap="The roadmap's id, e.g. 3month")
    @app_commands.autocomplete(roadmap=roadmap_autocomplete)
    @app_commands.guild_only()
    async def join(self, interaction: discord.Interaction, roadmap: str) -> None:
        bot = bot_of(interaction)
        actor = actor_of(interaction)
        outcome = await membership.join(bot.store, bot.roadmaps, actor, roadmap, bot.clock())
        try:
            await send(interaction, messages.join_outcome(outcome, reader(interaction)))
        finally:
            await joined(bot, actor.guild_id, outcome)

    @app_commands.command(name="leave", description="Leave your study group (asks to confirm)")
    @app_commands.guild_only()
    async def leave(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        group = await membership.group_to_leave(bot.store, actor_of(interaction))
        question = messages.leave_question(group.roadmap_id, group.id, reader(interaction))
        await send(interaction, question)

    # guild_only alone sets only the deprecated dm_permission; contexts is what Discord honours.
    timezone = app_commands.Group(
        name="timezone",
        description="Your own timezone for check-ins",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    @timezone.command(name="set", description="Set your timezone for check-ins in this server")
    @app_commands.describe(
        timezone="A city, zone or offset (Berlin, UTC+1), or 'default' for the group's"
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    async def timezone_set(self, interaction: discord.Interaction, timezone: str) -> None:
        bot = bot_of(interaction)
        outcome = await membership.set_timezone(
            bot.store, actor_of(interaction), timezone, bot.clock()
        )
        await send(interaction, messages.timezone_set(outcome, reader(interaction)))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(JoinButton, LeaveButton)
    await bot.add_cog(MemberCommands(bot))
