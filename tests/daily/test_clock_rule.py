"""The injected clock is the only source of "now" in ``bot/``: no other module reads the wall
clock, so tests that move the clock move everything the bot computes from it."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

BOT = REPO / "bot"
CLOCK = BOT / "clock.py"
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
"""``<name>.<attribute>()`` calls that read the wall clock. The event loop's monotonic
``loop.time()`` (request pacing) measures durations, not the day, and is not one of them."""


def wall_clock_reads(path: Path) -> list[tuple[int, str]]:
    """(line, ``name.attribute()``) of every wall-clock read in ``path``, in line order."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
        if (name, node.func.attr) in WALL_CLOCK:
            found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return sorted(found)


def test_only_the_clock_reads_the_wall_clock() -> None:
    reads = {
        str(path.relative_to(REPO)): wall_clock_reads(path)
        for path in sorted(BOT.rglob("*.py"))
        if path != CLOCK
    }
    assert {path: found for path, found in reads.items() if found} == {}
    assert [call for _, call in wall_clock_reads(CLOCK)] == ["datetime.now()"]


def test_the_check_sees_every_form(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime, time\n"
        "a = datetime.datetime.now()\n"
        "b = datetime.now(UTC)\n"
        "c = date.today()\n"
        "d = time.time()\n"
        "e = loop.time()\n",
        encoding="utf-8",
    )
    assert wall_clock_reads(sample) == [
        (2, "datetime.now()"),
        (3, "datetime.now()"),
        (4, "date.today()"),
        (5, "time.time()"),
    ]
