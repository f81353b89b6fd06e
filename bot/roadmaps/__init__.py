"""Roadmaps: the model the bot reads (:mod:`.model`), the file format (:mod:`.schema`), reading
files with file:line errors (:mod:`.loading`) and a day's text as posted (:mod:`.day_text`).
Import what you need from here."""

from bot.roadmaps.day_text import day_body, task_label
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
    Links,
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
    "Links",
    "Phase",
    "Roadmap",
    "RoadmapError",
    "RoadmapIssue",
    "Task",
    "Text",
    "day_body",
    "lang_for",
    "load_roadmap_file",
    "load_roadmaps",
    "parse_roadmap",
    "roadmap_files",
    "search",
    "summary_day",
    "summary_line",
    "task_label",
]
