"""A loaded roadmap: frozen dataclasses the rest of the bot reads, in both languages.

A roadmap has days ``1..total_days``. Releasing the day after the last one,
:attr:`Roadmap.summary_day`, means the roadmap is finished and its summary is due; until then
members work on the latest released day, and once the summary is due they keep the last day
(:meth:`Roadmap.current_day`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot import limits
from bot.locale import Lang as Lang
from bot.locale import lang_for as lang_for

LANGS: tuple[Lang, ...] = ("en", "zh")
"""The languages a roadmap text carries; a reader of any other language reads the English."""

ID_PATTERN = rf"[a-z0-9][a-z0-9-]{{0,{limits.TASK_ID_MAX - 1}}}"
"""Roadmap and task ids: lowercase letters, digits and '-', not starting with '-'."""


def summary_day(total_days: int) -> int:
    """The day released after a roadmap's last day: its final summary."""
    return total_days + 1


@dataclass(frozen=True, slots=True)
class Text:
    en: str
    zh: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    title: Text
    minutes: int | None
    links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Day:
    number: int
    title: Text
    tasks: tuple[Task, ...]

    @property
    def minutes(self) -> int:
        return sum(t.minutes or 0 for t in self.tasks)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    title: Text
    first_day: int
    last_day: int
    goal: Text
    notes: Text | None

    @property
    def days(self) -> int:
        return self.last_day - self.first_day + 1


@dataclass(frozen=True, slots=True)
class Roadmap:
    id: str
    title: Text
    description: Text
    source: str
    phases: tuple[Phase, ...]
    days: tuple[Day, ...]
    path: Path

    @property
    def total_days(self) -> int:
        return len(self.days)

    @property
    def summary_day(self) -> int:
        """The day after the last: once it is released, the summary is due."""
        return summary_day(self.total_days)

    @property
    def task_count(self) -> int:
        return sum(len(d.tasks) for d in self.days)

    def is_last_day(self, day: int) -> bool:
        return day == self.total_days

    def is_summary(self, day: int) -> bool:
        """Whether ``day`` released means the roadmap is finished (its summary is due)."""
        return day >= self.summary_day

    def current_day(self, released: int) -> int:
        """The day members work on when ``released`` days are out (``day_at``): the latest
        released day, and the last day once the summary is due; 0 before day 1."""
        return min(released, self.total_days)

    def day(self, number: int) -> Day:
        """Day ``number`` (1-based); ``IndexError`` outside 1..total_days."""
        if not 1 <= number <= len(self.days):
            raise IndexError(f"{self.id} has days 1..{len(self.days)}, not {number}")
        return self.days[number - 1]

    def phase_of(self, day: int) -> Phase:
        for phase in self.phases:
            if phase.first_day <= day <= phase.last_day:
                return phase
        raise IndexError(f"{self.id} has no phase for day {day}")


def search(
    roadmaps: Iterable[Roadmap], typed: str, lang: Lang, limit: int = limits.CHOICES_MAX
) -> list[Roadmap]:
    """Roadmaps whose id or title contains what was typed, best first (for autocomplete)."""
    needle = typed.strip().lower()
    scored = []
    for r in roadmaps:
        hay = f"{r.id} {r.title.en} {r.title.zh}".lower()
        if needle in hay:
            scored.append((0 if r.id.startswith(needle) else 1, r.id, r))
    ranked = [r for *_, r in sorted(scored, key=lambda s: (s[0], s[1]))]
    return ranked[: min(limit, limits.CHOICES_MAX)]
