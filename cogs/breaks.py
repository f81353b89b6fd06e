"""``/break``: plan, list or cancel your own study breaks (``bot.services.break_plans``)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.commands import CONTEXT, COUNT_OPTION
from bot.render.streaks import break_reply
from bot.services import break_plans
from bot.services.settings import SPECS
from cogs.common import actor_of, bot_of, reader, send

DATE_TEXT_MAX = 100
"""Typed dates longer than this are no dates (Discord refuses them before we see them)."""
DAYS_MAX = SPECS["break_limit_days"].high
"""The most any group allows; the group's own limit is checked by the service."""


class BreakCommands(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(
        name="break",
        description="Plan days off that keep your streak (no options: see your breaks)",
    )
    @app_commands.describe(
        days="How many days, from start (default today)",
        start="First day off, e.g. tomorrow, next monday, 2026-12-01, 明天",
        end="Last day off (instead of days), e.g. friday, 12月5日",
        cancel="Cancel your running or next break",
    )
    @app_commands.rename(days=app_commands.locale_str("days", **{CONTEXT: COUNT_OPTION}))
    @app_commands.guild_only()
    async def break_(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 1, DAYS_MAX] | None = None,
        start: app_commands.Range[str, 1, DATE_TEXT_MAX] | None = None,
        end: app_commands.Range[str, 1, DATE_TEXT_MAX] | None = None,
        cancel: bool = False,
    ) -> None:
        bot = bot_of(interaction)
        ask = break_plans.BreakAsk(days=days, start=start, end=end, cancel=cancel)
        outcome = await break_plans.breaks_command(
            bot.store, actor_of(interaction), ask, bot.clock()
        )
        await send(interaction, break_reply(outcome, reader(interaction)))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(BreakCommands(bot))
