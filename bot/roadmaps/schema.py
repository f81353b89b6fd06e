"""The roadmap file format: a strict pydantic schema, the rules that span fields, and the
conversion of a valid document into the model.

The format is documented in README ("Writing a roadmap"). Every text needs ``en``; other
languages are optional (readers of a missing one get English). Sizes that end up on Discord (a
task title is a button label, a day fills one embed) come from :mod:`bot.limits`, and a day is
measured as it will be posted (:mod:`bot.roadmaps.day_text`). Problems are reported as
``(field path, message)``; :mod:`bot.roadmaps.loading` adds the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    create_model,
)

from bot import limits
from bot.locale import SOURCE_LANG
from bot.roadmaps.day_text import day_body
from bot.roadmaps.model import (
    ID_PATTERN,
    LANGS,
    Day,
    Links,
    Phase,
    Roadmap,
    Task,
    Text,
)

FieldPath = tuple[str | int, ...]
"""Where a value sits in the document: keys and list indexes, e.g. ``("days", 2, "title")``."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


TaskTitleStr = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.TASK_TITLE_MAX)
]
TitleStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
SourceStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
GoalStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


def per_language(name: str, value: Any, langs: tuple[str, ...] = LANGS) -> type[_Strict]:
    """A mapping with one key per language of ``langs`` (:data:`bot.locale.LANGS`): English
    required, the others optional (a new catalog makes its language's key valid here)."""
    fields: dict[str, Any] = {
        lang: (value, ...) if lang == SOURCE_LANG else (value | None, None) for lang in langs
    }
    return create_model(name, __base__=_Strict, **fields)


UrlList = Annotated[list[AnyHttpUrl], Field(max_length=3)]
TaskTitle = per_language("TaskTitle", TaskTitleStr)
Title = per_language("Title", TitleStr)
Goal = per_language("Goal", GoalStr)
LongText = per_language("LongText", LongStr)
LinksByLang = per_language("LinksByLang", UrlList)


def _links_shape(value: Any) -> str:
    return "per-language" if isinstance(value, dict) else "one-list"


UNION_TAGS = frozenset({"one-list", "per-language"})
"""Names pydantic puts in an error's location for the branch of ``links`` it checked; a field
path leaves them out."""
TaskLinks = Annotated[
    Annotated[UrlList, Tag("one-list")] | Annotated[LinksByLang, Tag("per-language")],  # type: ignore[valid-type]
    Discriminator(_links_shape),
]
# The per-language models are built at import from LANGS: mypy cannot see them as types.


Identifier = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$")]


class TaskSchema(_Strict):
    id: Identifier
    title: TaskTitle  # type: ignore[valid-type]
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    links: TaskLinks = []


class DaySchema(_Strict):
    day: Annotated[int, Field(ge=1, le=limits.ROADMAP_DAYS_MAX)]
    title: Title  # type: ignore[valid-type]
    tasks: Annotated[list[TaskSchema], Field(min_length=1, max_length=limits.TASKS_PER_DAY_MAX)]


class PhaseSchema(_Strict):
    title: Title  # type: ignore[valid-type]
    days: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)]
    goal: Goal  # type: ignore[valid-type]
    notes: LongText | None = None  # type: ignore[valid-type]


class RoadmapSchema(_Strict):
    id: Identifier
    title: Title  # type: ignore[valid-type]
    description: LongText  # type: ignore[valid-type]
    source: SourceStr
    phases: Annotated[list[PhaseSchema], Field(min_length=1)]
    days: Annotated[list[DaySchema], Field(min_length=1)]


def pydantic_message(err: Mapping[str, Any]) -> str:
    """One pydantic error in the words of README's "Writing a roadmap"."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see 'Writing a roadmap' in README)"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_too_long":
        got = f" (got {len(value)})" if isinstance(value, str) else ""
        return f"at most {ctx.get('max_length')} characters{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return f"must be lowercase letters, digits and '-', at most {limits.TASK_ID_MAX} characters"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} items"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    return str(err.get("msg", "invalid"))


def field_name(path: FieldPath) -> str:
    """``days[2].tasks[0].title`` for ``("days", 2, "tasks", 0, "title")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _day_checks(
    i: int, day: dict[str, Any], numbers: list[int], task_ids: dict[str, FieldPath]
) -> Iterator[tuple[FieldPath, str]]:
    """Day ``i``'s number follows the previous ones and its task ids are new."""
    number = day.get("day")
    if isinstance(number, int):
        expected = len(numbers) + 1
        if number in numbers:
            yield ("days", i, "day"), f"day {number} appears twice"
        elif number != expected:
            yield (
                ("days", i, "day"),
                (
                    f"expected day {expected} here (days are numbered 1, 2, 3... in order, "
                    f"no gaps), got {number}"
                ),
            )
        numbers.append(number)
    for j, task in enumerate(_list(day.get("tasks"))):
        if not isinstance(task, dict):
            continue
        task_id = task.get("id")
        if isinstance(task_id, str):
            if task_id in task_ids:
                first = field_name(task_ids[task_id])
                yield (
                    ("days", i, "tasks", j, "id"),
                    (f"task id '{task_id}' is already used at {first}"),
                )
            else:
                task_ids[task_id] = ("days", i, "tasks", j, "id")


def _phase_checks(phases: list[Any], total: int) -> Iterator[tuple[FieldPath, str]]:
    """Phases cover days ``1..total`` in order, without gaps or overlaps."""
    next_day = 1
    for k, phase in enumerate(phases):
        if not isinstance(phase, dict):
            continue
        rng = phase.get("days")
        if not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(x, int) for x in rng)):
            continue
        first, last = rng
        if first > last:
            yield ("phases", k, "days"), f"first day {first} is after last day {last}"
        elif first < next_day:
            yield (
                ("phases", k, "days"),
                (f"overlaps the previous phase: days up to {next_day - 1} are already covered"),
            )
        elif first > next_day:
            yield ("phases", k, "days"), (f"gap: days {next_day}..{first - 1} belong to no phase")
        if total and last > total:
            yield ("phases", k, "days"), f"goes to day {last} but the roadmap has {total} days"
        next_day = max(next_day, last + 1)
    if phases and total and next_day <= total:
        yield ("phases",), f"days {next_day}..{total} belong to no phase"


def cross_checks(data: Any) -> Iterator[tuple[FieldPath, str]]:
    """Rules that span fields: numbering, coverage, unique ids. Tolerates junk."""
    if not isinstance(data, dict):
        return
    days = _list(data.get("days"))
    numbers: list[int] = []
    task_ids: dict[str, FieldPath] = {}
    for i, day in enumerate(days):
        if isinstance(day, dict):
            yield from _day_checks(i, day, numbers, task_ids)
    yield from _phase_checks(_list(data.get("phases")), len(days))


def _longest_minutes(minutes: int) -> str:
    return "m" * limits.MINUTES_TEXT_MAX


def size_checks(model: RoadmapSchema) -> Iterator[tuple[FieldPath, str]]:
    """Each day's text in each language, built as it will be posted (links percent-encoded,
    every checkbox and estimate at its longest), fits ``limits.DAY_TEXT_MAX``."""
    for i, schema in enumerate(model.days):
        day = _day(schema)
        for lang in LANGS:
            size = len(day_body(day, lang, _longest_minutes, done=frozenset()))
            if size > limits.DAY_TEXT_MAX:
                yield (
                    ("days", i),
                    (
                        f"this day's {lang} text is {size} characters as posted (with links "
                        f"percent-encoded); at most {limits.DAY_TEXT_MAX} fit in one Discord "
                        "message: shorten it or split the day"
                    ),
                )


def _t(model: Any) -> Text:
    return Text(**{lang: getattr(model, lang) for lang in LANGS})


def _links(links: Any) -> Links:
    if isinstance(links, list):
        return Links(tuple(str(u) for u in links))
    own = {lang: getattr(links, lang) for lang in LANGS if lang != SOURCE_LANG}
    return Links(
        tuple(str(u) for u in links.en),
        **{
            lang: None if urls is None else tuple(str(u) for u in urls)
            for lang, urls in own.items()
        },
    )


def _day(d: DaySchema) -> Day:
    return Day(
        number=d.day,
        title=_t(d.title),
        tasks=tuple(
            Task(id=t.id, title=_t(t.title), minutes=t.minutes, links=_links(t.links))
            for t in d.tasks
        ),
    )


def to_roadmap(model: RoadmapSchema, path: Path) -> Roadmap:
    """The model of a document that passed the schema and :func:`cross_checks`."""
    return Roadmap(
        id=model.id,
        title=_t(model.title),
        description=_t(model.description),
        source=model.source,
        phases=tuple(
            Phase(
                number=k + 1,
                title=_t(p.title),
                first_day=p.days[0],
                last_day=p.days[1],
                goal=_t(p.goal),
                notes=_t(p.notes) if p.notes is not None else None,
            )
            for k, p in enumerate(model.phases)
        ),
        days=tuple(_day(d) for d in model.days),
        path=path,
    )
