"""What people read, checked for its language: every reply and post in the reader's language
apart from names, ids and links.

``foreign_words(text, lang)`` strips what is not the bot's own words (mentions, timestamps,
links, code spans, roadmap ids, timezone names, the roadmaps' own texts and a few proper names)
and returns the words left that are not in ``lang``: for ``zh`` every letter must be Chinese,
for ``en`` none may be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from bot.roadmaps import Roadmap, Text
from tests.e2e.conftest import ROADMAPS

NAMES = frozenset({"studybot", "Discord", "IANA", "UTC"})
"""Proper names the catalog keeps in every language."""

NOT_WORDS = [
    re.compile(r"<(?:@[!&]?|#)\d+>"),  # mentions of members, roles, channels
    re.compile(r"<t:-?\d+(?::[tTdDfFR])?>"),  # Discord timestamps
    re.compile(r"<?https?://[^\s>]+>?"),  # links
    re.compile(r"`[^`]*`"),  # code spans: commands, ids, what was typed
    re.compile(r"\bstudybot g\d+ d\d+\b"),  # the posts' footer marker (helper 12a removes it)
    re.compile(r"\b[A-Z][A-Za-z_]+(?:/[A-Za-z_+-]+)+"),  # IANA zone names
    re.compile(r"\bUTC[+-]\d{1,2}(?::\d\d)?(?![\w:])"),  # offsets: UTC+08:00, (UTC+8)
]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'+#.-]*[A-Za-z0-9+#]|[A-Za-z]")


def _texts(roadmap: Roadmap) -> Iterator[Text]:
    yield roadmap.title
    yield roadmap.description
    for phase in roadmap.phases:
        yield from (phase.title, phase.goal, *([phase.notes] if phase.notes else []))
    for day in roadmap.days:
        yield day.title
        yield from (task.title for task in day.tasks)


@cache
def roadmap_words(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(Latin words the roadmaps' texts in ``lang`` use, those texts longest first)."""
    texts = sorted(
        {text.get(lang) for r in ROADMAPS.values() for text in _texts(r)}, key=len, reverse=True
    )
    words = {w for text in texts for w in LATIN_WORD.findall(text)}
    return frozenset(words | set(ROADMAPS)), tuple(texts)


def foreign_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` that are neither ``lang`` nor a name, id, link or roadmap text."""
    words, texts = roadmap_words(lang)
    for roadmap_id in sorted(ROADMAPS, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(roadmap_id)}(?![\w-])", " ", text)
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    for known in texts:
        text = text.replace(known, " ")
    if lang == "zh":
        return [w for w in LATIN_WORD.findall(text) if w not in words and w not in NAMES]
    return CJK.findall(text)


def message_texts(message: dict[str, Any]) -> list[str]:
    """Every text of a message a person reads: content, embeds and button labels."""
    found = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        found += [embed.get("title") or "", embed.get("description") or ""]
        found += [(embed.get("footer") or {}).get("text") or ""]
        for field in embed.get("fields") or []:
            found += [field["name"], field["value"]]
    for row in message.get("components") or []:
        found += [c.get("label") or "" for c in row.get("components") or []]
    return [t for t in found if t]


def assert_reads(message: dict[str, Any] | None, lang: str, what: str) -> None:
    """Every text of ``message`` is in ``lang`` apart from names, ids and links."""
    assert message is not None, what
    texts = message_texts(message)
    assert texts, f"{what}: nothing to read"
    for text in texts:
        assert foreign_words(text, lang) == [], f"{what}: {text!r}"
