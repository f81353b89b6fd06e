"""Glue shared by the cogs: who is acting, how to answer, and errors as ephemeral replies.

Every failure reaches the user as an ephemeral message in their language: a
``UserFacingError`` explained by the render layer, anything else as a short reference code that
is also in the log next to the traceback.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, cast

import discord
from discord.utils import MISSING

from bot.errors import ServersOnly, UserFacingError
from bot.locale import Lang, group_lang, lang_for
from bot.render.discord_parts import Message
from bot.render.errors import error_reply, unexpected_reply
from bot.services.context import Actor

if TYPE_CHECKING:
    from bot.app import StudyBot

log = logging.getLogger(__name__)


def bot_of(interaction: discord.Interaction) -> StudyBot:
    return cast("StudyBot", interaction.client)


def reader(interaction: discord.Interaction) -> Lang:
    """The language of a private reply: the reader's own Discord language."""
    return lang_for(str(interaction.locale))


def public(interaction: discord.Interaction, group_language: str | None) -> Lang:
    """The language of a public message of a group: its own, else its server's."""
    server = interaction.guild_locale
    return group_lang(group_language, str(server) if server is not None else None)


def actor_of(interaction: discord.Interaction) -> Actor:
    if interaction.guild_id is None or interaction.channel_id is None:
        raise ServersOnly()
    perms = interaction.permissions
    return Actor(
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
        user_id=interaction.user.id,
        locale=str(interaction.locale),
        guild_locale=str(interaction.guild_locale or interaction.locale),
        can_manage=bool(perms.manage_guild or perms.administrator),
    )


async def send(
    interaction: discord.Interaction, message: Message, *, ephemeral: bool = True
) -> None:
    """Answer the interaction (or follow up if it was already answered or deferred)."""
    content = message.content if message.content is not None else MISSING
    view = message.view if message.view is not None else MISSING
    if interaction.response.is_done():
        await interaction.followup.send(
            content=content, embeds=message.embeds, view=view, ephemeral=ephemeral
        )
    else:
        await interaction.response.send_message(
            content=message.content, embeds=message.embeds, view=view, ephemeral=ephemeral
        )


async def update(interaction: discord.Interaction, message: Message) -> None:
    """Replace the message the clicked button is on."""
    await interaction.response.edit_message(
        content=message.content, embeds=message.embeds, view=message.view
    )


async def report_error(interaction: discord.Interaction, exc: BaseException) -> None:
    """Tell the user what went wrong; log unexpected errors with a reference code."""
    if isinstance(exc, UserFacingError):
        message = error_reply(exc, reader(interaction))
    else:
        code = secrets.token_hex(3)
        log.error(
            "interaction %s (%s) failed [ref %s]",
            interaction.id,
            interaction.command.qualified_name if interaction.command else interaction.data,
            code,
            exc_info=exc,
        )
        message = unexpected_reply(code, reader(interaction))
    try:
        await send(interaction, message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not report an error to interaction %s", interaction.id)


async def guarded(interaction: discord.Interaction, handler: Callable[[], Awaitable[None]]) -> None:
    """Run a button handler; any error becomes an ephemeral reply."""
    try:
        await handler()
    except Exception as exc:
        await report_error(interaction, exc)
