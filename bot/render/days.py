"""Roadmaps and their days: the list, a day's text and its preview."""

from __future__ import annotations

from collections.abc import Sequence

from bot.limits import FIELD_VALUE_MAX
from bot.locale import Lang
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import Message, add_field, clip, embed
from bot.roadmaps import Day, Roadmap
from bot.services.groups import DayPreview, RoadmapInfo

DONE = "✅"
TODO = "⬜"
DESCRIPTION_SHOWN = 300
"""How much of a roadmap's description ``/roadmap list`` shows."""


def task_lines(day: Day, lang: Lang, done: frozenset[str] | None = None) -> list[str]:
    """Numbered tasks; with ``done`` (a reader's ticks), each gets a checkbox."""
    t = for_lang(lang)
    lines = []
    for k, task in enumerate(day.tasks, 1):
        mark = f"{DONE if task.id in done else TODO} " if done is not None else ""
        est = f" · {t.minutes(task.minutes)}" if task.minutes else ""
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
        parts.append(f"\n⏱ ~{for_lang(lang).minutes(day.minutes)}")
    return "\n".join(parts)


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
