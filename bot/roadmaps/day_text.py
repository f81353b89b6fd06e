"""A day's text and its task buttons' labels as posted: one pure builder for render and the check.

``bot.render`` builds every day it posts with :func:`day_body` and labels task buttons with
:func:`task_label`; the roadmap check (:mod:`bot.roadmaps.schema`) measures the same text, so a
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


def task_label(number: int, title: str) -> str:
    """A task button's label: its number in the day's list and its title (``3. Read ...``).

    ``limits.TASK_TITLE_MAX`` leaves room for the longest number, so the label of any valid
    title fits ``limits.LABEL_MAX`` whole.
    """
    return f"{number}. {title}"


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
