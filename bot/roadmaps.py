"""Roadmap files: strict YAML schema, friendly errors with file:line, frozen dataclasses.

The format is documented in README ("Writing a roadmap"). Validation reports every problem of a
file at once, each naming the file, the line and the field path, e.g.::

    roadmaps/14day.yaml:41: days[2].tasks[0].title.en: at most 80 characters (got 93)

``load_roadmaps`` never raises for a bad file: it logs the errors and leaves that file out, so one
broken roadmap cannot keep the bot from starting with the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

log = logging.getLogger(__name__)

MAX_TASKS_PER_DAY = 10
MAX_TASK_TITLE = 80  # a task title becomes a button label
MAX_DAY_TEXT = 3000  # per language; what render needs to fit a day into one message
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


def lang_for(locale: str | None) -> Lang:
    """Chinese for any ``zh*`` Discord locale, English otherwise."""
    return "zh" if locale and locale.lower().startswith("zh") else "en"


# -- the schema (pydantic, used only to validate the raw YAML) ----------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Str80 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Str100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Str200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Str300 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Str1000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class Text80(_Strict):
    en: Str80
    zh: Str80


class Text100(_Strict):
    en: Str100
    zh: Str100


class Text300(_Strict):
    en: Str300
    zh: Str300


class Text1000(_Strict):
    en: Str1000
    zh: Str1000


Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class TaskSchema(_Strict):
    id: Identifier
    title: Text80
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    links: Annotated[list[Annotated[AnyHttpUrl, Field()]], Field(max_length=3)] = []


class DaySchema(_Strict):
    day: Annotated[int, Field(ge=1, le=1000)]
    title: Text100
    tasks: Annotated[list[TaskSchema], Field(min_length=1, max_length=MAX_TASKS_PER_DAY)]


class PhaseSchema(_Strict):
    title: Text100
    days: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)]
    goal: Text300
    notes: Text1000 | None = None


class RoadmapSchema(_Strict):
    id: Identifier
    title: Text100
    description: Text1000
    source: Str200
    phases: Annotated[list[PhaseSchema], Field(min_length=1)]
    days: Annotated[list[DaySchema], Field(min_length=1)]


# -- the loaded roadmap -----------------------------------------------------------------------


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
    def task_count(self) -> int:
        return sum(len(d.tasks) for d in self.days)

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


# -- errors -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoadmapIssue:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class RoadmapError(Exception):
    """A roadmap file is invalid; ``issues`` holds every problem found."""

    def __init__(self, issues: list[RoadmapIssue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


Path_ = tuple[str | int, ...]


def _field(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


class _Marks:
    """Line numbers of every node of a YAML document, by field path; duplicate keys too."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.lines: dict[Path_, int] = {}
        self.duplicates: list[tuple[Path_, int]] = []
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, path: Path_) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value)
                if name in seen:
                    self.duplicates.append(((*path, name), key.start_mark.line + 1))
                    continue
                seen.add(name)
                self.lines[(*path, name)] = key.start_mark.line + 1
                self._walk(value, (*path, name))
                self.lines[(*path, name)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*path, index))

    def line(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest existing parent (for missing fields)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def _pydantic_message(err: Mapping[str, Any]) -> str:
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
        return "must be lowercase letters, digits and '-', at most 32 characters"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} items"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    return str(err.get("msg", "invalid"))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _cross_checks(data: Any) -> Iterator[tuple[Path_, str]]:
    """Rules that span fields: numbering, coverage, unique ids, a day's size. Tolerates junk."""
    if not isinstance(data, dict):
        return
    days = _list(data.get("days"))
    numbers: list[int] = []
    task_ids: dict[str, Path_] = {}
    for i, day in enumerate(days):
        if not isinstance(day, dict):
            continue
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
        tasks = _list(day.get("tasks"))
        size = {lang: 0 for lang in LANGS}
        title = day.get("title")
        for lang in LANGS:
            if isinstance(title, dict) and isinstance(title.get(lang), str):
                size[lang] += len(title[lang])
        for j, task in enumerate(tasks):
            if not isinstance(task, dict):
                continue
            task_id = task.get("id")
            if isinstance(task_id, str):
                if task_id in task_ids:
                    first = _field(task_ids[task_id])
                    yield (
                        ("days", i, "tasks", j, "id"),
                        (f"task id '{task_id}' is already used at {first}"),
                    )
                else:
                    task_ids[task_id] = ("days", i, "tasks", j, "id")
            t_title = task.get("title")
            links = _list(task.get("links"))
            link_len = sum(len(str(link)) + 4 for link in links)
            for lang in LANGS:
                if isinstance(t_title, dict) and isinstance(t_title.get(lang), str):
                    size[lang] += len(t_title[lang]) + 12 + link_len
        for lang in LANGS:
            if size[lang] > MAX_DAY_TEXT:
                yield (
                    ("days", i),
                    (
                        f"this day's {lang} text is {size[lang]} characters; "
                        f"at most {MAX_DAY_TEXT} fit in one Discord message: "
                        "shorten it or split the day"
                    ),
                )
    total = len(days)
    phases = _list(data.get("phases"))
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


# libyaml's parser when PyYAML was built with it (about 10x faster than the pure-Python one).
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_construct(text: str, loader_cls: type[yaml.SafeLoader]) -> tuple[Any, Any]:
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()
    return root, data


def _read_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, from one parse.

    Parsing is what start-up spends on roadmaps, so the data is built from the composed nodes
    rather than by parsing the text a second time. A document libyaml refuses is parsed again
    by PyYAML: what PyYAML accepts is still accepted, and errors keep PyYAML's wording and line.
    """
    try:
        return _compose_and_construct(text, _FAST_LOADER)
    except yaml.YAMLError:
        if _FAST_LOADER is yaml.SafeLoader:
            raise
        return _compose_and_construct(text, yaml.SafeLoader)


def parse_roadmap(text: str, path: Path, display: str | None = None) -> Roadmap:
    """Validate YAML text; raise ``RoadmapError`` listing every problem, or return the roadmap."""
    name = display or str(path)
    try:
        root, data = _read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        issue = RoadmapIssue(name, line, "(yaml)", f"not valid YAML: {problem}")
        raise RoadmapError([issue]) from None
    marks = _Marks(root)
    issues = [
        RoadmapIssue(name, line, _field(p), "this key appears twice in the same mapping")
        for p, line in marks.duplicates
    ]
    found: list[tuple[Path_, str]] = []
    model: RoadmapSchema | None = None
    if not isinstance(data, dict):
        found.append(((), "a roadmap file must be a mapping with id, title, ... (see README)"))
    else:
        try:
            model = RoadmapSchema.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
                found.append((loc, _pydantic_message(err)))
        found.extend(_cross_checks(data))
    issues.extend(RoadmapIssue(name, marks.line(p), _field(p), msg) for p, msg in found)
    if issues:
        issues.sort(key=lambda i: i.line)
        raise RoadmapError(issues)
    assert model is not None
    return _to_roadmap(model, path)


def _t(model: Any) -> Text:
    return Text(en=model.en, zh=model.zh)


def _to_roadmap(model: RoadmapSchema, path: Path) -> Roadmap:
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
        days=tuple(
            Day(
                number=d.day,
                title=_t(d.title),
                tasks=tuple(
                    Task(
                        id=t.id,
                        title=_t(t.title),
                        minutes=t.minutes,
                        links=tuple(str(u) for u in t.links),
                    )
                    for t in d.tasks
                ),
            )
            for d in model.days
        ),
        path=path,
    )


def load_roadmap_file(path: Path) -> Roadmap:
    """Read and validate one file; ``RoadmapError`` (also for unreadable files)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RoadmapError([RoadmapIssue(str(path), 1, "(file)", f"cannot read: {exc}")]) from None
    return parse_roadmap(text, path)


def roadmap_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_roadmaps(folder: Path) -> dict[str, Roadmap]:
    """Every valid roadmap in ``folder`` by id; bad files are logged and left out."""
    loaded: dict[str, Roadmap] = {}
    for path in roadmap_files(folder):
        try:
            roadmap = load_roadmap_file(path)
        except RoadmapError as exc:
            log.error("roadmap %s left out:\n%s", path.name, exc)
            continue
        if roadmap.id in loaded:
            log.error(
                "roadmap %s left out: id %r is already used by %s",
                path.name,
                roadmap.id,
                loaded[roadmap.id].path.name,
            )
            continue
        loaded[roadmap.id] = roadmap
    if not loaded:
        log.warning("no valid roadmap in %s", folder)
    return loaded


def summary_line(roadmap: Roadmap) -> str:
    return (
        f"OK {roadmap.path.name}: {roadmap.id} - {roadmap.title.en} / {roadmap.title.zh} - "
        f"{roadmap.total_days} days, {roadmap.task_count} tasks"
    )


def search(roadmaps: Iterable[Roadmap], typed: str, lang: Lang, limit: int = 25) -> list[Roadmap]:
    """Roadmaps whose id or title contains what was typed, best first (for autocomplete)."""
    needle = typed.strip().lower()
    scored = []
    for r in roadmaps:
        hay = f"{r.id} {r.title.en} {r.title.zh}".lower()
        if needle in hay:
            scored.append((0 if r.id.startswith(needle) else 1, r.id, r))
    return [r for *_, r in sorted(scored, key=lambda s: (s[0], s[1]))][: min(limit, 25)]
