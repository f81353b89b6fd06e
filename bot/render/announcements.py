"""Announcements of changes, in the channel, in the group's language: one short message each,
with times as Discord timestamps (every member reads them in their own zone) and a Group status
button whose id (``ids.notice``) is how the bot recognises the message after a crash."""

from __future__ import annotations

import discord

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import ComponentsView, Message, clip, ts
from bot.render.settings import setting_help, setting_name, value_text
from bot.services.announcements import Notice


def _language(t: Catalog, n: Notice) -> str:
    if n.group.language is None:
        return t.gettext("the server's language")
    return t.language(n.group.language)


def _schedule(t: Catalog, n: Notice) -> str:
    return t.gettext(
        "🕘 Daily posts now come at **{time}** ({zone}), that is {local} your time.",
        time=t.time(n.group.post_time),
        zone=n.group.timezone,
        local=ts(n.post_at, "t"),
    )


def _next(t: Catalog, n: Notice) -> str:
    if n.next_post is None or n.roadmap is None:
        return ""
    day, when = n.next_post
    if n.roadmap.is_summary(day):
        return " " + t.gettext("Next: the summary, {when}.", when=ts(when, "F"))
    return " " + t.gettext("Next: day {day}, {when}.", day=day, when=ts(when, "F"))


def text(n: Notice, lang: Lang) -> str:
    """The announcement's words."""
    t = for_lang(lang)
    kind = n.announcement.kind
    if kind == "schedule":
        return _schedule(t, n) + _next(t, n)
    if kind == "language":
        return t.gettext("🌐 This group's posts are now in {language}.", language=_language(t, n))
    if kind == "schedule_language":
        language = t.gettext("🌐 Posts are now in {language}.", language=_language(t, n))
        return f"{_schedule(t, n)}{_next(t, n)}\n{language}"
    if kind == "paused":
        return t.gettext(
            "⏸️ The group is paused: no daily posts until an admin resumes it, and paused days "
            "do not count against anyone's streak."
        )
    if kind == "resumed":
        return t.gettext("▶️ The group is back.") + _next(t, n)
    if n.setting is not None:
        return t.gettext(
            "⚙️ **{setting}** is now **{value}**. {help}",
            setting=setting_name(n.setting.key, t),
            value=value_text(n.setting, n.value, t),
            help=setting_help(n.setting.key, t),
        )
    return t.gettext("⚙️ An admin changed this group's settings.")


def announcement(n: Notice, lang: Lang) -> Message:
    """The public message; ``lang`` is the group's language."""
    view = ComponentsView()
    view.button(
        for_lang(lang).pgettext("button", "Group status"),
        ids.notice(n.group.id, n.announcement.id),
        discord.ButtonStyle.secondary,
    )
    return Message(content=clip(text(n, lang), CONTENT_MAX), view=view)
