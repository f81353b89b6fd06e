"""One error handler for every application command: errors become ephemeral replies."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError
from cogs.common import report_error


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    exc: BaseException = error
    if isinstance(error, app_commands.CommandInvokeError):
        exc = error.original
    elif isinstance(error, app_commands.NoPrivateMessage):
        exc = UserFacingError("studybot works in servers only, not in direct messages.")
    elif isinstance(error, app_commands.CheckFailure):
        exc = UserFacingError("You cannot use this command here.")
    await report_error(interaction, exc)


async def setup(bot: commands.Bot) -> None:
    bot.tree.error(on_app_command_error)
