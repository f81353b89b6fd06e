"""A roadmap folder's check (what ``studybot roadmaps check`` says) as notices for the page, so
an author previewing their roadmap sees every problem with its file, line and field."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.roadmaps import RoadmapError, load_roadmap_file, roadmap_files, summary_line
from emulator.http_util import JSON

log = logging.getLogger(__name__)

HOW_TO_PREVIEW = (
    "Start one in #general with /roadmap start, then step through its days with +1 day; "
    "/roadmap preview shows any day in the language of the member you act as."
)


def check_folder(folder: Path) -> list[JSON]:
    """One error notice per bad file (every problem as file:line: field: message), then one
    notice listing the roadmaps that loaded."""
    files = roadmap_files(folder)
    if not files:
        return [
            {
                "level": "error",
                "title": f"No roadmap files in {folder}",
                "lines": ["Roadmap files end in .yaml or .yml (README.md: 'Writing a roadmap')."],
            }
        ]
    notices: list[JSON] = []
    loaded: list[str] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            roadmap = load_roadmap_file(path)
        except RoadmapError as exc:
            notices.append(
                {
                    "level": "error",
                    "title": f"{path.name}: {len(exc.issues)} problem(s); left out until fixed",
                    "lines": [str(issue) for issue in exc.issues],
                }
            )
            continue
        if roadmap.id in seen:
            notices.append(
                {
                    "level": "error",
                    "title": f"{path.name}: left out",
                    "lines": [f"{path}: id '{roadmap.id}' is already used by {seen[roadmap.id]}"],
                }
            )
            continue
        seen[roadmap.id] = path
        loaded.append(summary_line(roadmap))
    if loaded:
        notices.append(
            {
                "level": "info",
                "title": f"Roadmaps from {folder}",
                "lines": [*loaded, HOW_TO_PREVIEW],
            }
        )
    return notices
