"""Roadmaps and their days: the list, a day's text and its preview."""

from __future__ import annotations

from collections.abc import Sequence

from bot.limits import FIELD_VALUE_MAX
from bot.locale import Lang
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import Message, add_field, clip, embed
from bot.roadmaps import Day, Roadmap, day_body
from bot.roadmaps.day_text import DONE, TODO, MinutesText
from bot.services.groups import DayPreview, RoadmapInfo

__all__ = [
    "DONE",
    "TODO",
    "day_heading",
    "day_preview",
    "day_text",
    "minutes_text",
    "roadmap_list",
    "size",
]
DESCRIPTION_SHOWN = 300
"""How much of a roadmap's description ``/roadmap list`` shows."""


def minutes_text(lang: Lang) -> MinutesText:
    """Estimates in ``lang`` (``45 min``, ``45分钟``); at most ``limits.MINUTES_TEXT_MAX``
    characters (the roadmap check counts each at that length)."""
    return for_lang(lang).minutes


def day_text(roadmap: Roadmap, day: Day, lang: Lang, done: frozenset[str] | None = None) -> str:
    """The phase, then the day's text as the roadmap check measured it (``day_body``, at most
    ``limits.DAY_TEXT_MAX``): fits one embed description with room for the notes."""
    phase = roadmap.phase_of(day.number)
    head = f"**{phase.title.get(lang)}** · {phase.goal.get(lang)}"
    return f"{head}\n{day_body(day, lang, minutes_text(lang), done)}"


def day_heading(t: Catalog, roadmap: Roadmap, day: int) -> str:
    """``Day 3/14 · <roadmap title>``."""
    return t.gettext(
        "Day {day}/{total} · {title}",
        day=day,
        total=roadmap.total_days,
        title=roadmap.title.get(t.lang),
    )


def size(t: Catalog, days: int, tasks: int) -> str:
    """``14 days · 42 tasks``."""
    return (
        t.ngettext("{n} day", "{n} days", days) + " · " + t.ngettext("{n} task", "{n} tasks", tasks)
    )


def roadmap_list(infos: Sequence[RoadmapInfo], lang: Lang) -> Message:
    t = for_lang(lang)
    e = embed(t.gettext("Roadmaps"))
    for info in infos:
        usage = f"`/join roadmap:{info.id}` · `/roadmap preview id:{info.id}`"
        about = clip(info.description.get(lang), DESCRIPTION_SHOWN)
        room = FIELD_VALUE_MAX - len(usage) - len(size(t, info.days, info.tasks)) - 2
        add_field(
            e,
            f"{info.id} · {info.title.get(lang)}",
            f"{size(t, info.days, info.tasks)}\n{clip(about, room)}\n{usage}",
        )
    if not infos:
        e.description = t.gettext(
            "No roadmap is loaded. An admin can check the files with `studybot roadmaps check`."
        )
    return Message(embeds=[e])


def day_preview(p: DayPreview, lang: Lang) -> Message:
    t = for_lang(lang)
    title = t.gettext(
        "{title} · Day {day}/{total}",
        title=p.roadmap.title.get(lang),
        day=p.day.number,
        total=p.roadmap.total_days,
    )
    return Message(embeds=[embed(title, day_text(p.roadmap, p.day, lang))])
