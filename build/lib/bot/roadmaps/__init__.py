"""Roadmaps: the model the bot reads (:mod:`.model`), the file format (:mod:`.schema`) and
reading files with file:line errors (:mod:`.loading`). Import what you need from here."""

from bot.roadmaps.loading import (
    RoadmapError,
    RoadmapIssue,
    load_roadmap_file,
    load_roadmaps,
    parse_roadmap,
    roadmap_files,
    summary_line,
)
from bot.roadmaps.model import (
    ID_PATTERN,
    LANGS,
    Day,
    Lang,
    Phase,
    Roadmap,
    Task,
    Text,
    lang_for,
    search,
    summary_day,
)

__all__ = [
    "ID_PATTERN",
    "LANGS",
    "Day",
    "Lang",
    "Phase",
    "Roadmap",
    "RoadmapError",
    "RoadmapIssue",
    "Task",
    "Text",
    "lang_for",
    "load_roadmap_file",
    "load_roadmaps",
    "parse_roadmap",
    "roadmap_files",
    "search",
    "summary_day",
    "summary_line",
]
