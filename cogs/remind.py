"""``/remind`` and the "stop reminding me" buttons of a reminder DM and of a roll call."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import ids
from bot.render.reminders import remind_reply, stopped_reply
from bot.services import remind
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, reader, send


class StopRemindingButton(PersistentButton[ids.ReminderRef], spec=ids.remind_stop):
    """On a reminder DM: a DM has no server, so the id names it; only the clicker's own
    reminders change."""

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        outcome = await remind.stop(
            bot.store,
            self.ref.guild,
            self.ref.group,
            interaction.user.id,
            str(interaction.locale),
            bot.clock(),
        )
        await bot.daily.reminders_changed(outcome.group)
        await send(interaction, stopped_reply(outcome, reader(interaction)))


class RollCallStopButton(PersistentButton[ids.DateRef], spec=ids.rollcall):
    """On a roll call in the group's channel: the clicker's reminders in that group end."""

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        actor = actor_of(interaction)
        outcome = await remind.stop(
            bot.store, actor.guild_id, self.ref.group, actor.user_id, actor.locale, bot.clock()
        )
        await bot.daily.reminders_changed(outcome.group)
        await send(interaction, stopped_reply(outcome, reader(interaction)))


class RemindCommands(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(
        name="remind", description="Your study reminder by DM: its time, or off and on"
    )
    @app_commands.describe(
        time="When to remind you in your timezone, e.g. 20:30, 8pm, 晚上8点",
        enabled="False turns your reminders off, True on again",
    )
    @app_commands.guild_only()
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    async def remind_command(
        self,
        interaction: discord.Interaction,
        time: str | None = None,
        enabled: bool | None = None,
    ) -> None:
        bot = bot_of(interaction)
        outcome = await remind.remind(
            bot.store, actor_of(interaction), bot.clock(), at=time, enabled=enabled
        )
        if time is not None or enabled is not None:
            await bot.daily.reminders_changed(outcome.group)
        await send(interaction, remind_reply(outcome, reader(interaction)))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(StopRemindingButton, RollCallStopButton)
    await bot.add_cog(RemindCommands(bot))
