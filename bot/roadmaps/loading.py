"""Reading roadmap files: YAML with line numbers, every problem reported at once as file:line.

Validation reports every problem of a file at once, each naming the file, the line and the
field path, e.g.::

    roadmaps/14day.yaml:41: days[2].tasks[0].title.en: at most 76 characters (got 93)

``load_roadmaps`` never raises for a bad file: it logs the errors and leaves that file out, so one
broken roadmap cannot keep the bot from starting with the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.roadmaps.model import LANGS, Roadmap
from bot.roadmaps.schema import (
    UNION_TAGS,
    FieldPath,
    RoadmapSchema,
    cross_checks,
    field_name,
    pydantic_message,
    size_checks,
    to_roadmap,
)

log = logging.getLogger(__name__)


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


class _Marks:
    """Line numbers of every node of a YAML document, by field path; duplicate keys too."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.lines: dict[FieldPath, int] = {}
        self.duplicates: list[tuple[FieldPath, int]] = []
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, path: FieldPath) -> None:
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

    def line(self, path: FieldPath) -> int:
        """The line of ``path``, or of its nearest existing parent (for missing fields)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


# libyaml's parser when PyYAML was built with it (much faster than the pure-Python one).
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
        RoadmapIssue(name, line, field_name(p), "this key appears twice in the same mapping")
        for p, line in marks.duplicates
    ]
    found: list[tuple[FieldPath, str]] = []
    model: RoadmapSchema | None = None
    if not isinstance(data, dict):
        found.append(((), "a roadmap file must be a mapping with id, title, ... (see README)"))
    else:
        try:
            model = RoadmapSchema.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(
                    p
                    for p in err["loc"]
                    if not str(p).startswith("function-") and p not in UNION_TAGS
                )
                found.append((loc, pydantic_message(err)))
        found.extend(cross_checks(data))
        if model is not None:
            found.extend(size_checks(model))
    issues.extend(RoadmapIssue(name, marks.line(p), field_name(p), msg) for p, msg in found)
    if issues:
        issues.sort(key=lambda i: i.line)
        raise RoadmapError(issues)
    assert model is not None
    return to_roadmap(model, path)


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
    """What ``studybot roadmaps check`` prints for a valid file."""
    titles = " / ".join(dict.fromkeys(roadmap.title.get(lang) for lang in LANGS))
    return (
        f"OK {roadmap.path.name}: {roadmap.id} - {titles} - "
        f"{roadmap.total_days} days, {roadmap.task_count} tasks"
    )
