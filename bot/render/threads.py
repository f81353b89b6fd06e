"""Day threads in words: the thread's name, and what ``/roadmap status`` and the start reply
say when the bot cannot start threads."""

from __future__ import annotations

from bot.limits import THREAD_NAME_MAX
from bot.locale import Lang
from bot.render.catalog import for_lang
from bot.render.discord_parts import clip
from bot.roadmaps import Roadmap


def day_thread_name(roadmap: Roadmap, day: int, lang: Lang) -> str:
    """``Day 12 · <the day's title>`` in the group's language, within Discord's 100
    characters (a long title is cut with an ellipsis)."""
    t = for_lang(lang)
    title = roadmap.day(day).title.get(lang)
    name = t.gettext("Day {day} · {title}", day=day, title=" ".join(title.split()))
    return clip(name, THREAD_NAME_MAX)


def threads_permission_note(lang: Lang, *, threads_on: bool) -> str:
    """The bot lacks Create Public Threads in the channel: with day threads on, they are not
    being created; off, they could not be turned on usefully."""
    t = for_lang(lang)
    if threads_on:
        return t.gettext(
            "⚠️ Day threads are on, but I am missing **Create Public Threads** in this channel, "
            "so daily posts get no thread. Please grant it to the bot (channel settings → "
            "Permissions)."
        )
    return t.gettext(
        "ℹ️ I am missing **Create Public Threads** in this channel: day threads (off by "
        "default) need it if you turn them on."
    )


def thread_refused_text(day: int, said: str, lang: Lang) -> str:
    """A day's thread that Discord refused: what it said, and the fix."""
    return for_lang(lang).gettext(
        "Day {day}'s thread could not be started (Discord said: {said}). Give the bot Create "
        "Public Threads in this channel; the next post gets its thread.",
        day=day,
        said=said,
    )
