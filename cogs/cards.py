"""The progress card: ``/progress card:True`` (in ``cogs.study``) and the button under one
member's progress both answer with ``send_card``."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.render import ids, messages
from bot.render.cards.member import Name, alt_text
from bot.roadmaps import lang_for
from bot.services import cards
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, send


def name_of(user: discord.Member | discord.User) -> Name:
    return Name(user.display_name, user.name)


async def fetch_name(interaction: discord.Interaction, user_id: int) -> Name:
    """The member's names, from the cache or Discord; none for someone who left the server
    (the card then says "Member")."""
    guild = interaction.guild
    if guild is None:
        return Name("", "")
    member = guild.get_member(user_id)
    if member is None:
        try:
            member = await guild.fetch_member(user_id)
        except discord.HTTPException:
            return Name("", "")
    return name_of(member)


async def send_card(
    interaction: discord.Interaction,
    user_id: int,
    *,
    name: Name | None = None,
    group_id: int | None = None,
) -> None:
    """Answer (already deferred) with ``user_id``'s card in the reader's language."""
    bot = bot_of(interaction)
    lang = lang_for(str(interaction.locale))
    card = await cards.member_card(
        bot.store, bot.roadmaps, actor_of(interaction), user_id, bot.clock(), group_id
    )
    name = name or await fetch_name(interaction, user_id)
    png = await bot.painter.member_card(card, name, lang)
    alt = alt_text(card, name.display or name.fallback or str(user_id), lang)
    await send(interaction, messages.progress_card(png, alt))


class CardButton(PersistentButton[ids.MemberRef], spec=ids.card):
    async def handle(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await send_card(interaction, self.ref.user, group_id=self.ref.group)


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(CardButton)
