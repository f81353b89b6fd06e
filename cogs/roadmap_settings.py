"""``/roadmap settings`` (declared on the ``/roadmap`` group in ``cogs.roadmap``): show every
setting, or change one; the ``value`` option's autocomplete; and the Group status button under
the channel's announcements of changes."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.render import ids, messages
from bot.render.settings_view import setting_changed, settings_list, value_choices
from bot.services import groups
from bot.services.setting_changes import change_announced, value_suggestions
from bot.services.settings import SPECS, group_settings_here
from cogs.board import board_setting_changed
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, reader, send

SETTING_NAMES = {
    "reminders": "Reminders",
    "reminder_time": "Default reminder time",
    "rollcall_mentions": "Roll call mentions",
    "digest": "Weekly digest",
    "digest_weekday": "Digest day",
    "digest_time": "Digest time",
    "digest_names_inactive": "Digest names inactive members",
    "freezes_per_month": "Streak freezes per month",
    "break_limit_days": "Longest break (days)",
    "board": "Pinned leaderboard",
    "board_period": "Pinned leaderboard period",
    "threads": "Day threads",
    "thread_archive_minutes": "Day threads archive after",
}
"""The ``setting`` option's choices (translated at sync like every command text)."""


def setting_choices() -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=SETTING_NAMES[key], value=key) for key in SPECS]


async def value_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    key = getattr(interaction.namespace, "setting", None)
    found = value_suggestions(key if isinstance(key, str) else None, current)
    if found is None:
        return []
    spec, values = found
    return value_choices(spec, values, current, reader(interaction))


async def settings(
    interaction: discord.Interaction, setting: str | None, value: str | None
) -> None:
    """No options: the list; ``setting`` and ``value``: change it; one of them alone: the
    list, which says how."""
    bot = bot_of(interaction)
    actor = actor_of(interaction)
    if setting is None or value is None:
        group, current = await group_settings_here(bot.store, actor)
        await send(interaction, settings_list(group.roadmap_id, current, reader(interaction)))
        return
    outcome = await change_announced(bot.store, actor, setting, value, bot.clock())
    async with bot.daily.changed(outcome.group):
        await send(interaction, setting_changed(outcome, reader(interaction)))
    await board_setting_changed(bot, outcome)


class NoticeButton(PersistentButton[ids.NoticeRef], spec=ids.notice):
    """Under an announcement: the group's status, privately, in the reader's language."""

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        status = await groups.group_status(
            bot.store, bot.roadmaps, actor_of(interaction), bot.clock()
        )
        await send(interaction, messages.status(status, reader(interaction)))
