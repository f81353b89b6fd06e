"""The weekly digest's button: the week's leaderboard, for the clicker alone.

The digest itself is posted by daily posting (``bot/daily/digests.py``); its button's id names
the group and the week, which is also how the bot recognises the digest in the channel.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.render import ids, messages
from bot.services import progress
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, reader, send


class DigestButton(PersistentButton[ids.WeekRef], spec=ids.digest):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        board = await progress.leaderboard(
            bot.store,
            bot.roadmaps,
            actor_of(interaction),
            "week",
            bot.clock(),
            group_id=self.ref.group,
        )
        await send(
            interaction, messages.leaderboard(board, 0, interaction.user.id, reader(interaction))
        )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(DigestButton)
