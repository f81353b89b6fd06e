"""The ``/today`` view after a click on it: redrawn in place with what the click did, or the
question before an undo (the same words and Undo button as a day post's, plus Cancel)."""

from __future__ import annotations

import discord

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.discord_parts import ComponentsView, Message, clip
from bot.render.study import tick_reply, tick_text, today_view
from bot.services.study import TodayView
from bot.services.today import TodayClick


def today_clicked(click: TodayClick, lang: Lang) -> Message:
    """The view with the click's outcome above it; for a task already done, the undo question
    over the day's text; for a non-member, the day post's answer (join first)."""
    o = click.outcome
    if o.kind == "not_member":
        return tick_reply(o, lang)
    if o.kind != "already":
        return today_view(click.view, lang, tick_text(o, lang))
    t = for_lang(lang)
    asked = today_view(click.view, lang, tick_text(o, lang))
    view = ComponentsView()
    view.button(
        t.pgettext("button", "Undo"),
        ids.today_undo(o.group_id, o.day.number, o.task.id),
        discord.ButtonStyle.danger,
    )
    view.button(t.pgettext("button", "Cancel"), ids.today_back(o.group_id, o.day.number))
    return Message(content=asked.content, embeds=asked.embeds, view=view)


def today_unchanged(v: TodayView, lang: Lang) -> Message:
    """Cancel on the undo question: the view again, saying nothing changed."""
    note = for_lang(lang).gettext("Cancelled: nothing changed.")
    return today_view(v, lang, clip(note, CONTENT_MAX))
