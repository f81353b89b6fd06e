"""Replies any command can give: an error, a confirmation question, its cancellation."""

from __future__ import annotations

import discord

from bot.limits import CONTENT_MAX
from bot.render import ids
from bot.render.discord_parts import ComponentsView, Message, clip


def error(text: str) -> Message:
    return Message(content=clip(text, CONTENT_MAX))


def confirm(question: str, yes_label: str, yes_id: str) -> Message:
    """``question`` with a danger button (``yes_id``) and Cancel."""
    view = ComponentsView()
    view.button(yes_label, yes_id, discord.ButtonStyle.danger)
    view.button("Cancel", ids.cancel())
    return Message(content=clip(question, CONTENT_MAX), view=view)


def cancelled() -> Message:
    return Message(content="Cancelled: nothing changed.")
