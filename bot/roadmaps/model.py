"""A loaded roadmap: frozen dataclasses the rest of the bot reads, in every language.

Every text has an English version; other languages (:data:`bot.locale.LANGS`) are optional and
fall back to English (:meth:`Text.get`), and so do a task's links (:meth:`Task.links_for`). A
roadmap has days ``1..total_days``. Releasing the day after the last one,
:attr:`Roadmap.summary_day`, means the roadmap is finished and its summary is due; until then
members work on the latest released day, and once the summary is due they keep the last day
(:meth:`Roadmap.current_day`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from bot import limits
from bot.locale import LANGS, SOURCE_LANG, Lang, lang_for

__all__ = ["LANGS", "Lang", "lang_for"]  # and the model below

ID_PATTERN = rf"[a-z0-9][a-z0-9-]{{0,{limits.TASK_ID_MAX - 1}}}"
"""Roadmap and task ids: lowercase letters, digits and '-', not starting with '-'."""


def summary_day(total_days: int) -> int:
    """The day released after a roadmap's last day: its final summary."""
    return total_days + 1


V = TypeVar("V")


class _PerLanguage(Generic[V]):
    """A value in English and in any other languages given; a language without its own value
    gets the English one. Immutable, compared by value."""

    __slots__ = ("_by_lang",)
    _by_lang: Mapping[Lang, V]

    def __init__(self, en: V, zh: V | None = None, **others: V | None) -> None:
        given = {SOURCE_LANG: en, "zh": zh, **others}
        object.__setattr__(
            self, "_by_lang", {lang: v for lang, v in given.items() if v is not None}
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def get(self, lang: Lang) -> V:
        """The value in ``lang``, or the English one when there is none in ``lang``."""
        return self._by_lang.get(lang, self._by_lang[SOURCE_LANG])

    def own(self, lang: Lang) -> V | None:
        """The value given for ``lang`` itself (None when it falls back to English)."""
        return self._by_lang.get(lang)

    @property
    def en(self) -> V:
        return self._by_lang[SOURCE_LANG]

    @property
    def zh(self) -> V | None:
        return self.own("zh")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _PerLanguage) or type(other) is not type(self):
            return NotImplemented
        return other._by_lang == self._by_lang

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self._by_lang.items()))))

    def __repr__(self) -> str:
        given = ", ".join(f"{lang}={value!r}" for lang, value in self._by_lang.items())
        return f"{type(self).__name__}({given})"


class Text(_PerLanguage[str]):
    """A text in English and, when the roadmap has them, in other languages."""

    __slots__ = ()


class Links(_PerLanguage[tuple[str, ...]]):
    """A task's links: one list for every language (English only), or a list per language.

    A language without its own list uses the English one, so ``{en: [...], zh: [...]}`` points
    each reader to the edition in their language and a plain list points everyone to the same
    pages. URLs are stored as they will be posted (normalised and percent-encoded).
    """

    __slots__ = ()

    def __init__(
        self,
        en: tuple[str, ...] = (),
        zh: tuple[str, ...] | None = None,
        **others: tuple[str, ...] | None,
    ) -> None:
        super().__init__(en, zh, **others)

    @property
    def every(self) -> tuple[str, ...]:
        """Every distinct link in any language, English first."""
        return tuple(dict.fromkeys(link for lang in LANGS for link in self.get(lang)))


NO_LINKS = Links()


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    title: Text
    minutes: int | None
    links: Links = NO_LINKS

    def links_for(self, lang: Lang) -> tuple[str, ...]:
        """The links a reader of ``lang`` is shown."""
        return self.links.get(lang)


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
        hay = " ".join([r.id, *(r.title.get(each) for each in LANGS)]).lower()
        if needle in hay:
            scored.append((0 if r.id.startswith(needle) else 1, r.id, r))
    ranked = [r for *_, r in sorted(scored, key=lambda s: (s[0], s[1]))]
    return ranked[: min(limit, limits.CHOICES_MAX)]
