"""Discord's rules for embeds (Message Resource > Embed Limits), reported as Discord does: a
field's name and value, a footer's text and an author's name are required (BASE_TYPE_REQUIRED
when missing or blank), each text has its own maximum, and all of a message's embeds share
6000 characters."""

from __future__ import annotations

import logging
from typing import Any

from emulator.errors import blank, field_error, max_length, nest, required

log = logging.getLogger(__name__)

MAX_EMBEDS = 10
TITLE, DESCRIPTION = 256, 4096
MAX_FIELDS = 25
FIELD_NAME, FIELD_VALUE = 256, 1024
FOOTER_TEXT, AUTHOR_NAME = 2048, 256
MAX_EMBED_TOTAL = 6000


def _text(
    errors: dict[str, Any], path: list[str | int], value: Any, limit: int, *, needed: bool
) -> int:
    """Check one text (required or not, at most ``limit``); its length for the total."""
    if needed and blank(value):
        required(errors, path)
        return 0
    return max_length(errors, path, value, limit)


def _check_embed(errors: dict[str, Any], embed: dict[str, Any], here: list[str | int]) -> int:
    """One embed's rules; returns the characters it counts towards the 6000."""
    total = _text(errors, [*here, "title"], embed.get("title"), TITLE, needed=False)
    total += _text(
        errors, [*here, "description"], embed.get("description"), DESCRIPTION, needed=False
    )
    footer = embed.get("footer")
    if isinstance(footer, dict):
        total += _text(
            errors, [*here, "footer", "text"], footer.get("text"), FOOTER_TEXT, needed=True
        )
    author = embed.get("author")
    if isinstance(author, dict):
        total += _text(
            errors, [*here, "author", "name"], author.get("name"), AUTHOR_NAME, needed=True
        )
    fields = embed.get("fields") or []
    if len(fields) > MAX_FIELDS:
        nest(
            [*here, "fields"],
            field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_FIELDS} or fewer in length."),
            errors,
        )
    for j, fld in enumerate(fields):
        if isinstance(fld, dict):
            at: list[str | int] = [*here, "fields", j]
            total += _text(errors, [*at, "name"], fld.get("name"), FIELD_NAME, needed=True)
            total += _text(errors, [*at, "value"], fld.get("value"), FIELD_VALUE, needed=True)
    return total


def check_embeds(errors: dict[str, Any], embeds: Any, path: list[str | int]) -> None:
    """Every embed's rules, then the 10 embeds and 6000 characters they share."""
    if not isinstance(embeds, list):
        return
    if len(embeds) > MAX_EMBEDS:
        nest(
            path,
            field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_EMBEDS} or fewer in length."),
            errors,
        )
    total = sum(
        _check_embed(errors, embed, [*path, i])
        for i, embed in enumerate(embeds)
        if isinstance(embed, dict)
    )
    if total > MAX_EMBED_TOTAL:
        nest(
            path,
            field_error(
                "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}"
            ),
            errors,
        )
