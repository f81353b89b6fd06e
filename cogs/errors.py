"""One error handler for every application command: errors become ephemeral replies."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.errors import NotAllowedHere, ServersOnly, StaleButton
from bot.render import ids
from cogs.common import report_error

log = logging.getLogger(__name__)


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    exc: BaseException = error
    if isinstance(error, app_commands.CommandInvokeError):
        exc = error.original
    elif isinstance(error, app_commands.NoPrivateMessage):
        exc = ServersOnly()
    elif isinstance(error, app_commands.CheckFailure):
        exc = NotAllowedHere()
    await report_error(interaction, exc)


async def on_unknown_component(interaction: discord.Interaction) -> None:
    """A button no ``DynamicItem`` matches (forged, or from a retired version) gets an answer
    instead of Discord's "This interaction failed"."""
    if interaction.type is not discord.InteractionType.component:
        return
    data: dict[str, object] = dict(interaction.data or {})
    custom_id = str(data.get("custom_id", ""))
    if ids.is_known(custom_id):
        return
    log.warning(
        "unknown button %r from user %s", custom_id[: limits.CUSTOM_ID_MAX], interaction.user.id
    )
    await report_error(interaction, StaleButton())


async def setup(bot: commands.Bot) -> None:
    bot.tree.error(on_app_command_error)
    bot.add_listener(on_unknown_component, "on_interaction")
