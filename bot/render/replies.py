"""Replies any command can give: a confirmation question and its cancellation."""

from __future__ import annotations

import discord

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.discord_parts import ComponentsView, Message, clip


def confirm(question: str, yes_label: str, yes_id: str, lang: Lang) -> Message:
    """``question`` with a danger button (``yes_id``) and Cancel."""
    view = ComponentsView()
    view.button(yes_label, yes_id, discord.ButtonStyle.danger)
    view.button(for_lang(lang).pgettext("button", "Cancel"), ids.cancel())
    return Message(content=clip(question, CONTENT_MAX), view=view)


def cancelled(lang: Lang) -> Message:
    return Message(content=for_lang(lang).gettext("Cancelled: nothing changed."))
