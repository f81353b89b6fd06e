"""House rule: no sentence a person reads is written outside the render layer and the catalog.

Services, the store, daily posting and the cogs raise typed errors and return typed outcomes;
render turns them into words from the catalog. This scans their string literals for anything
that reads like an English sentence. Allowed: docstrings, log lines (they stay English),
developer exceptions (``ValueError`` and friends), command texts the catalog holds (the cogs'
decorators), and the short list below, each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

from bot.locale import TEMPLATE
from tests.conftest import REPO

WORDS_FREE = ("bot/services", "bot/store", "bot/daily", "cogs")
SENTENCE = re.compile(r"\b[A-Za-z][a-z']* [a-z']+ [a-z']+\b")
"""Three words in a row: prose. SQL (upper-case keywords) and identifiers do not match."""
LOG_CALLS = frozenset({"debug", "info", "warning", "error", "exception", "critical", "log"})
DEVELOPER_ERRORS = frozenset(
    {
        "ValueError",
        "TypeError",
        "RuntimeError",
        "KeyError",
        "IndexError",
        "LookupError",
        "AssertionError",
        "NotImplementedError",
    }
)
ALLOWED = {
    ("bot/store/errors.py", "channel {} already runs group {}"): "internal; services explain it",
    ("bot/store/errors.py", "The database is at schema version {}"): "the CLI's, for operators",
    ("bot/store/sqlite/imports.py", "import refused, nothing written"): "`db` CLI, operators",
    ("bot/store/sqlite/connection.py", "database or disk is full"): "SQLite's text, matched",
    ("bot/store/sqlite/connection.py", "disk is full"): "SQLite's text, matched",
    ("bot/daily/channels.py", "more than {} messages to search"): "a send failure's reason, logged",
    ("bot/services/inputs/dates.py", "day after tomorrow"): "what people type, matched",
    ("bot/services/inputs/dates.py", "the day after tomorrow"): "what people type, matched",
}


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _exempt(tree: ast.AST) -> set[int]:
    """Ids of the nodes whose strings may be prose: docstrings, log calls, developer errors,
    and the parts of f-strings (the f-string itself is checked)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and _text(node.value) is not None:
            out.add(id(node.value))  # docstrings, of modules, classes, functions, attributes
        elif isinstance(node, ast.Call) and (
            (isinstance(node.func, ast.Attribute) and node.func.attr in LOG_CALLS)
            or (isinstance(node.func, ast.Name) and node.func.id in DEVELOPER_ERRORS)
        ):
            out.update(id(sub) for sub in ast.walk(node))
        elif isinstance(node, ast.JoinedStr):
            out.update(id(v) for v in node.values)
    return out


def sentences(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal in ``path`` that reads like a sentence."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    exempt = _exempt(tree)
    found = []
    for node in ast.walk(tree):
        text = _text(node)
        if text is not None and id(node) not in exempt and SENTENCE.search(text):
            found.append((getattr(node, "lineno", 0), text))
    return sorted(found)


def catalog_texts() -> set[str]:
    with TEMPLATE.open("rb") as pot:
        return {m.id for m in read_po(pot) if isinstance(m.id, str) and m.id}


def test_no_sentence_outside_the_catalog() -> None:
    in_catalog = catalog_texts()
    found = {}
    for base in WORDS_FREE:
        for path in sorted((REPO / base).rglob("*.py")):
            where = str(path.relative_to(REPO))
            left = [
                (line, text)
                for line, text in sentences(path)
                if text not in in_catalog
                and not any(where == p and text.startswith(s) for p, s in ALLOWED)
            ]
            if left:
                found[where] = left
    assert found == {}, "words belong in bot/render (catalog): raise a typed error instead"


def test_the_scan_sees_sentences_not_sql_or_logs(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A module docstring is fine."""\n'
        'a = "You are not in a group."\n'
        'b = f"There is no roadmap `{x}` here."\n'
        'c = "SELECT id FROM groups WHERE guild_id = ?"\n'
        'log.info("group %s was stopped by %s", 1, 2)\n'
        'raise ValueError(f"pace must be at least 1, not {p}")\n'
        'd = "every day"\n'
        "raise UserFacingError('Something went wrong here')\n",
        encoding="utf-8",
    )
    assert sentences(sample) == [
        (2, "You are not in a group."),
        (3, "There is no roadmap `{}` here."),
        (8, "Something went wrong here"),
    ]
