"""The pinned leaderboard's side of the cogs: its "My rank" button, and ``board_changed``,
which the tick, undo and check-in handlers call after answering so the group's pinned board is
brought up to date (debounced by the edit queue: at most one edit a minute)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.daily.board import BoardKeeper
from bot.render import ids, messages
from bot.services import board
from bot.services.settings import SettingChanged
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, reader, send

if TYPE_CHECKING:
    from bot.app import StudyBot

log = logging.getLogger(__name__)


async def board_changed(interaction: discord.Interaction, group_id: int) -> None:
    """Mark the group's pinned board for an edit if it keeps one (the edit queue of
    ``bot/daily/edits.py``, kind ``board``). Called after the member's reply; a failure is
    logged, never shown to the member (their action succeeded)."""
    if interaction.guild_id is not None:
        await _mark_if_kept(bot_of(interaction), interaction.guild_id, group_id)


async def _mark_if_kept(bot: StudyBot, guild_id: int, group_id: int) -> None:
    try:
        if await board.board_wanted(bot.store, guild_id, group_id):
            await bot.daily.edits.mark(BoardKeeper.key(guild_id, group_id))
    except Exception:
        log.exception("could not mark the board of group %s", group_id)


BOARD_KEYS = frozenset({"board", "board_period"})
"""The settings a pinned board follows."""


async def board_setting_changed(bot: StudyBot, changed: SettingChanged) -> None:
    """After an admin changed a setting (``services.settings.change_setting``): if it was the
    board's, bring the board up to date now (posted when turned on, unpinned and forgotten when
    turned off, a new period shown), even if it had stopped (removed after being deleted twice).
    For the settings command to call after its reply (wired at merge)."""
    if changed.spec.key not in BOARD_KEYS or not changed.changed:
        return
    key = BoardKeeper.key(changed.group.guild_id, changed.group.id)
    await bot.daily.edits.reset(key)
    await bot.daily.edits.mark(key)


class BoardButton(PersistentButton[ids.BoardRef], spec=ids.board):
    """Under the pinned board: the whole leaderboard over the board's period, privately, with
    the clicker's own row."""

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        found = await board.board_leaderboard(
            bot.store, bot.roadmaps, actor_of(interaction), self.ref.group, bot.clock()
        )
        page = messages.leaderboard(found, 0, interaction.user.id, reader(interaction))
        await send(interaction, page)


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(BoardButton)
