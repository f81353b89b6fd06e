"""House rules that import contracts (``lint-imports``, see pyproject.toml) cannot check.

- The injected clock is the only source of "now" in ``bot/``: no other module reads the wall
  clock, so tests that move the clock move everything the bot computes from it.
- SQL lives in the store: no other module of the bot holds a SQL statement.
- Files under ``bot/`` and ``cogs/`` stay under 400 lines: split them by concept.
"""

from __future__ import annotations

import ast
import re
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


SQL = re.compile(
    r"\b(SELECT\s[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE)\b"
)
"""Statement shapes, upper case as the store writes them; prose in messages does not match."""
STORE = BOT / "store"
MAX_LINES = 400


def sql_strings(path: Path) -> list[int]:
    """Lines of string literals in ``path`` that hold a SQL statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)
    )


def test_sql_lives_only_in_the_store() -> None:
    outside = [
        path
        for path in sorted([*BOT.rglob("*.py"), *(REPO / "cogs").rglob("*.py")])
        if not path.is_relative_to(STORE)
    ]
    found = {str(p.relative_to(REPO)): sql_strings(p) for p in outside}
    assert {path: lines for path, lines in found.items() if lines} == {}
    assert any(sql_strings(p) for p in STORE.rglob("*.py")), "the check must see the store's SQL"


def test_the_sql_check_sees_statements_not_prose(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = "SELECT id FROM groups WHERE guild_id = ?"\n'
        'b = "INSERT OR IGNORE INTO ticks VALUES (?)"\n'
        'c = "UPDATE members SET streak = ?"\n'
        'd = "Select a roadmap from the list"\n'
        'e = "delete from your list"\n',
        encoding="utf-8",
    )
    assert sql_strings(sample) == [1, 2, 3]


def test_files_stay_small() -> None:
    sizes = {
        str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
        for p in sorted([*BOT.rglob("*.py"), *(REPO / "cogs").rglob("*.py")])
    }
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}
