"""A day's text and its task buttons' labels as posted: one pure builder for render and the check.

``bot.render`` builds every day it posts with :func:`day_body` and numbers task buttons with
:func:`task_number`; the roadmap check (:mod:`bot.roadmaps.schema`) measures the same text, so a
roadmap the check accepts posts whole. The few words involved (the minutes estimate) come from
the caller, and the check measures them at their longest (``limits.MINUTES_TEXT_MAX``).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.roadmaps.model import Day, Lang

DONE = "✅"
TODO = "⬜"
MinutesText = Callable[[int], str]
"""How many minutes, in the reader's words: ``45 min``, ``45 分钟``."""


KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
"""A task button's number, shown as its emoji: the label keeps all of ``limits.LABEL_MAX`` for
the title, so a title at ``limits.TASK_TITLE_MAX`` fits its button whole."""


def task_number(number: int) -> str:
    """The emoji that numbers a task's button (``1️⃣`` for the day's first task)."""
    return KEYCAPS[number - 1]


def link_line(url: str) -> str:
    """A link under its task; angle brackets keep Discord from embedding a preview."""
    return f"  ↳ <{url}>"


def task_lines(
    day: Day, lang: Lang, minutes: MinutesText, done: frozenset[str] | None = None
) -> list[str]:
    """Numbered tasks with their links; with ``done`` (a reader's ticks), each gets a checkbox."""
    lines = []
    for k, task in enumerate(day.tasks, 1):
        mark = f"{DONE if task.id in done else TODO} " if done is not None else ""
        est = f" · {minutes(task.minutes)}" if task.minutes else ""
        lines.append(f"{mark}**{k}.** {task.title.get(lang)}{est}")
        lines.extend(link_line(link) for link in task.links_for(lang))
    return lines


def day_body(day: Day, lang: Lang, minutes: MinutesText, done: frozenset[str] | None = None) -> str:
    """The day's title, its tasks and links, and the day's total time: what the check measures
    against ``limits.DAY_TEXT_MAX`` (render adds the phase line and notes above it)."""
    parts = [f"### {day.title.get(lang)}", *task_lines(day, lang, minutes, done)]
    if day.minutes:
        parts.append(f"\n⏱ ~{minutes(day.minutes)}")
    return "\n".join(parts)
