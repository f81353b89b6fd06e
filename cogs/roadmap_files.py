"""``/roadmap export`` and ``/roadmap calendar``: private replies with a file.

Both defer first (reading a large group and building its files can take longer than Discord's
three seconds), then answer with the files as the followup. The commands themselves are
declared on the ``/roadmap`` group in ``cogs.roadmap``.
"""

from __future__ import annotations

import discord

from bot.render.calendar import calendar_reply
from bot.render.exports import export_reply
from bot.services import exports
from cogs.common import actor_of, bot_of, public, reader, send

NAMES_FETCH_MAX = 50
"""Members whose names an export asks Discord for one by one (the bot has no members intent,
so its cache rarely holds them); past this the export leaves names empty (ids are always
there) rather than spend minutes of requests."""


async def display_names(interaction: discord.Interaction, user_ids: list[int]) -> dict[int, str]:
    """Members' display names: from the cache, else fetched (at most ``NAMES_FETCH_MAX``);
    none for someone who left the server."""
    guild = interaction.guild
    names: dict[int, str] = {}
    if guild is None:
        return names
    fetches = 0
    for user_id in user_ids:
        member = guild.get_member(user_id)
        if member is None and fetches < NAMES_FETCH_MAX:
            fetches += 1
            try:
                member = await guild.fetch_member(user_id)
            except discord.HTTPException:
                member = None
        if member is not None:
            names[user_id] = member.display_name
    return names


async def send_export(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    data = await exports.group_export(bot.store, bot.roadmaps, actor_of(interaction), bot.clock())
    ids = sorted({m.row.user_id for m in data.members})
    names = await display_names(interaction, ids)
    message = export_reply(data, names, reader(interaction), interaction.filesize_limit)
    await send(interaction, message)


async def send_calendar(interaction: discord.Interaction) -> None:
    bot = bot_of(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    data = await exports.group_calendar(bot.store, bot.roadmaps, actor_of(interaction), bot.clock())
    group_lang = public(interaction, data.group.language)
    await send(interaction, calendar_reply(data, reader(interaction), group_lang))
