"""Roadmaps and their days: the list, a day's text and its preview."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.catalog import for_lang
from bot.render.discord_parts import Message, add_field, embed
from bot.roadmaps import Day, Lang, Roadmap, day_body
from bot.roadmaps.day_text import DONE, TODO, MinutesText
from bot.services.groups import DayPreview, RoadmapInfo

__all__ = ["DONE", "TODO", "day_preview", "day_text", "minutes_text", "roadmap_list"]


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


def roadmap_list(infos: Sequence[RoadmapInfo], lang: Lang) -> Message:
    e = embed("Roadmaps" if lang == "en" else "学习路线")
    for info in infos:
        add_field(
            e,
            f"{info.id} · {info.title.get(lang)}",
            f"{info.days} days · {info.tasks} tasks · source `{info.source}`\n"
            f"`/join roadmap:{info.id}` · `/roadmap preview id:{info.id}`",
        )
    if not infos:
        e.description = (
            "No roadmap is loaded. An admin can check the files with `studybot roadmaps check`."
        )
    return Message(embeds=[e])


def day_preview(p: DayPreview, lang: Lang) -> Message:
    title = f"{p.roadmap.title.get(lang)} · Day {p.day.number}/{p.roadmap.total_days}"
    return Message(embeds=[embed(title, day_text(p.roadmap, p.day, lang))])
