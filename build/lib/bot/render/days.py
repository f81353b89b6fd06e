"""Roadmaps and their days: the list, a day's text and its preview."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.discord_parts import Message, add_field, embed
from bot.roadmaps import Day, Lang, Roadmap
from bot.services.groups import DayPreview, RoadmapInfo

DONE = "✅"
TODO = "⬜"


def task_lines(day: Day, lang: Lang, done: frozenset[str] | None = None) -> list[str]:
    """Numbered tasks; with ``done`` (a reader's ticks), each gets a checkbox."""
    lines = []
    for k, task in enumerate(day.tasks, 1):
        mark = f"{DONE if task.id in done else TODO} " if done is not None else ""
        est = f" · {task.minutes} min" if task.minutes else ""
        lines.append(f"{mark}**{k}.** {task.title.get(lang)}{est}")
        lines.extend(f"  ↳ <{link}>" for link in task.links)
    return lines


def day_text(roadmap: Roadmap, day: Day, lang: Lang, done: frozenset[str] | None = None) -> str:
    """The phase, the day's title and its tasks: fits one embed description (the roadmap
    schema bounds a day's text by ``limits.DAY_TEXT_MAX``)."""
    phase = roadmap.phase_of(day.number)
    parts = [
        f"**{phase.title.get(lang)}** · {phase.goal.get(lang)}",
        f"### {day.title.get(lang)}",
        *task_lines(day, lang, done),
    ]
    if day.minutes:
        parts.append(f"\n⏱ ~{day.minutes} min")
    return "\n".join(parts)


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
