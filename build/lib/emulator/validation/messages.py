"""Discord's limits on message bodies, checked the way Discord reports them (50035)."""

from __future__ import annotations

import logging
from typing import Any

from emulator.errors import (
    bad_length,
    empty_message,
    field_error,
    invalid_form_body,
    max_length,
    nest,
)

log = logging.getLogger(__name__)

IS_COMPONENTS_V2 = 1 << 15
MAX_CONTENT = 2000
EMBED_LIMITS = {"title": 256, "description": 4096}
MAX_FIELDS = 25
MAX_EMBED_TOTAL = 6000
MAX_EMBEDS = 10
MAX_ROWS = 5
MAX_ROW_ITEMS = 5
MAX_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_SELECT_OPTIONS = 25
MAX_PLACEHOLDER = 150


def check_embeds(errors: dict[str, Any], embeds: Any, path: list[str | int]) -> None:
    if not isinstance(embeds, list):
        return
    if len(embeds) > MAX_EMBEDS:
        nest(
            path,
            field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_EMBEDS} or fewer in length."),
            errors,
        )
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        here: list[str | int] = [*path, i]
        for key, limit in EMBED_LIMITS.items():
            total += max_length(errors, [*here, key], embed.get(key), limit)
        footer = embed.get("footer")
        if isinstance(footer, dict):
            total += max_length(errors, [*here, "footer", "text"], footer.get("text"), 2048)
        author = embed.get("author")
        if isinstance(author, dict):
            total += max_length(errors, [*here, "author", "name"], author.get("name"), 256)
        fields = embed.get("fields") or []
        if len(fields) > MAX_FIELDS:
            nest(
                [*here, "fields"],
                field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_FIELDS} or fewer in length."),
                errors,
            )
        for j, fld in enumerate(fields):
            if isinstance(fld, dict):
                total += max_length(errors, [*here, "fields", j, "name"], fld.get("name"), 256)
                total += max_length(errors, [*here, "fields", j, "value"], fld.get("value"), 1024)
    if total > MAX_EMBED_TOTAL:
        nest(
            path,
            field_error(
                "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}"
            ),
            errors,
        )


def _check_item(
    errors: dict[str, Any],
    item: dict[str, Any],
    path: list[str | int],
    seen: dict[str, list[str | int]],
) -> None:
    max_length(errors, [*path, "label"], item.get("label"), MAX_LABEL)
    max_length(errors, [*path, "placeholder"], item.get("placeholder"), MAX_PLACEHOLDER)
    custom_id = item.get("custom_id")
    if isinstance(custom_id, str):
        max_length(errors, [*path, "custom_id"], custom_id, MAX_CUSTOM_ID)
        if custom_id in seen:
            nest(
                [*path, "custom_id"],
                field_error(
                    "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
                ),
                errors,
            )
        else:
            seen[custom_id] = path
    options = item.get("options")
    if isinstance(options, list) and len(options) > MAX_SELECT_OPTIONS:
        bad_length(errors, [*path, "options"], 1, MAX_SELECT_OPTIONS)


def _walk_one(
    errors: dict[str, Any],
    comp: dict[str, Any],
    path: list[str | int],
    seen: dict[str, list[str | int]],
) -> None:
    _check_item(errors, comp, path, seen)
    if isinstance(comp.get("components"), list):
        _walk_v2(errors, comp["components"], [*path, "components"], seen)
    for key in ("accessory", "component"):
        if isinstance(comp.get(key), dict):
            _walk_one(errors, comp[key], [*path, key], seen)


def _walk_v2(
    errors: dict[str, Any],
    comps: list[Any],
    path: list[str | int],
    seen: dict[str, list[str | int]],
) -> None:
    for i, comp in enumerate(comps):
        if isinstance(comp, dict):
            _walk_one(errors, comp, [*path, i], seen)


def check_components(errors: dict[str, Any], components: Any, flags: int) -> None:
    if not isinstance(components, list):
        return
    seen: dict[str, list[str | int]] = {}
    if flags & IS_COMPONENTS_V2:
        _walk_v2(errors, components, ["components"], seen)
        return
    if len(components) > MAX_ROWS:
        bad_length(errors, ["components"], 1, MAX_ROWS)
    for i, row in enumerate(components):
        if not isinstance(row, dict):
            continue
        items = row.get("components") or []
        if row.get("type") == 1 and not 1 <= len(items) <= MAX_ROW_ITEMS:
            bad_length(errors, ["components", i, "components"], 1, MAX_ROW_ITEMS)
        for j, item in enumerate(items):
            if isinstance(item, dict):
                _check_item(errors, item, ["components", i, "components", j], seen)


def check_message(body: dict[str, Any], *, require_content: bool = True) -> None:
    """Raise 50035 (or 50006 for an empty message) like Discord for an invalid message body."""
    errors: dict[str, Any] = {}
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        content = str(content)
    max_length(errors, ["content"], content, MAX_CONTENT)
    check_embeds(errors, body.get("embeds"), ["embeds"])
    flags = body.get("flags") or 0
    check_components(errors, body.get("components"), int(flags))
    nonce = body.get("nonce")
    if isinstance(nonce, str):
        max_length(errors, ["nonce"], nonce, 25)
    if errors:
        raise invalid_form_body(errors)
    if require_content and not (
        content
        or body.get("embeds")
        or body.get("components")
        or body.get("attachments")
        or body.get("sticker_ids")
        or body.get("poll")
    ):
        raise empty_message()
