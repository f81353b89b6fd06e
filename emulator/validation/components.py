"""Discord's rules for message components (Components Reference), reported as Discord does:
at most 5 action rows of 1 to 5 buttons, or of one select alone; a button has a label or an
emoji, a custom_id unless it is a link button, and a url only if it is one; a select has a
custom_id and (a string select) 1 to 25 options, each with a label and a distinct value; every
custom_id is 1 to 100 characters and unique within the message."""

from __future__ import annotations

import logging
from typing import Any

from emulator.errors import (
    bad_length,
    blank,
    field_error,
    max_length,
    nest,
    number_range,
    required,
)

log = logging.getLogger(__name__)

IS_COMPONENTS_V2 = 1 << 15
ACTION_ROW, BUTTON, STRING_SELECT = 1, 2, 3
SELECTS = (3, 5, 6, 7, 8)
LINK, PREMIUM = 5, 6
BUTTON_STYLES = (1, 2, 3, 4, 5, 6)
MAX_ROWS = MAX_ROW_ITEMS = 5
MAX_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_URL = 512
MAX_PLACEHOLDER = 150
MAX_OPTIONS = 25
MAX_OPTION_TEXT = 100
MAX_VALUES = 25

Seen = dict[str, list[str | int]]


def _error(errors: dict[str, Any], path: list[str | int], code: str, message: str) -> None:
    nest(path, field_error(code, message), errors)


def _custom_id(
    errors: dict[str, Any], item: dict[str, Any], path: list[str | int], seen: Seen
) -> None:
    """A custom_id given: at most 100 characters and not used before in the message."""
    custom_id = item.get("custom_id")
    if not isinstance(custom_id, str):
        return
    max_length(errors, [*path, "custom_id"], custom_id, MAX_CUSTOM_ID)
    if custom_id in seen:
        _error(
            errors,
            [*path, "custom_id"],
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated",
        )
    else:
        seen[custom_id] = path


def check_button(
    errors: dict[str, Any], button: dict[str, Any], path: list[str | int], seen: Seen
) -> None:
    style = button.get("style")
    if style not in BUTTON_STYLES:
        _error(
            errors,
            [*path, "style"],
            "BASE_TYPE_CHOICES",
            f"Value must be one of {set(BUTTON_STYLES)}.",
        )
    max_length(errors, [*path, "label"], button.get("label"), MAX_LABEL)
    if style != PREMIUM and blank(button.get("label")) and not button.get("emoji"):
        required(errors, [*path, "label"])
    mutually_exclusive = (
        "BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE",
        "A custom id and url cannot both be specified",
    )
    if style == LINK:
        if blank(button.get("url")):
            required(errors, [*path, "url"])
        max_length(errors, [*path, "url"], button.get("url"), MAX_URL)
        if button.get("custom_id") is not None:
            _error(errors, [*path, "custom_id"], *mutually_exclusive)
    elif style != PREMIUM:
        if blank(button.get("custom_id")):
            _error(
                errors,
                [*path, "custom_id"],
                "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED",
                "A custom id is required",
            )
        if button.get("url") is not None:
            _error(errors, [*path, "url"], *mutually_exclusive)
    _custom_id(errors, button, path, seen)


def check_select(
    errors: dict[str, Any], select: dict[str, Any], path: list[str | int], seen: Seen
) -> None:
    if blank(select.get("custom_id")):
        required(errors, [*path, "custom_id"])
    _custom_id(errors, select, path, seen)
    max_length(errors, [*path, "placeholder"], select.get("placeholder"), MAX_PLACEHOLDER)
    number_range(errors, [*path, "min_values"], select.get("min_values"), 0, MAX_VALUES)
    number_range(errors, [*path, "max_values"], select.get("max_values"), 1, MAX_VALUES)
    if select.get("type") != STRING_SELECT:
        return
    options = select.get("options")
    if not isinstance(options, list) or not 1 <= len(options) <= MAX_OPTIONS:
        bad_length(errors, [*path, "options"], 1, MAX_OPTIONS)
        return
    values: set[str] = set()
    for k, option in enumerate(options):
        if not isinstance(option, dict):
            continue
        at: list[str | int] = [*path, "options", k]
        for key in ("label", "value"):
            if blank(option.get(key)):
                required(errors, [*at, key])
            max_length(errors, [*at, key], option.get(key), MAX_OPTION_TEXT)
        max_length(errors, [*at, "description"], option.get("description"), MAX_OPTION_TEXT)
        value = option.get("value")
        if isinstance(value, str) and value in values:
            _error(
                errors,
                at,
                "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                "The specified option value is already used",
            )
        elif isinstance(value, str):
            values.add(value)


def _check_item(
    errors: dict[str, Any], item: dict[str, Any], path: list[str | int], seen: Seen
) -> None:
    if item.get("type") == BUTTON:
        check_button(errors, item, path, seen)
    elif item.get("type") in SELECTS:
        check_select(errors, item, path, seen)
    else:
        _custom_id(errors, item, path, seen)


def _check_row(errors: dict[str, Any], row: dict[str, Any], i: int, seen: Seen) -> None:
    """One action row: 1 to 5 buttons, or one select alone (it takes the row's width)."""
    items = row.get("components") or []
    here: list[str | int] = ["components", i, "components"]
    if not 1 <= len(items) <= MAX_ROW_ITEMS:
        bad_length(errors, here, 1, MAX_ROW_ITEMS)
    has_select = any(isinstance(c, dict) and c.get("type") in SELECTS for c in items)
    for j, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        if has_select and len(items) > 1 and j > 0:
            _error(
                errors,
                [*here, j],
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        _check_item(errors, item, [*here, j], seen)


def _walk_one(
    errors: dict[str, Any], comp: dict[str, Any], path: list[str | int], seen: Seen
) -> None:
    """Components v2 (sections, containers, labels): every nested item's own rules."""
    _check_item(errors, comp, path, seen)
    if isinstance(comp.get("components"), list):
        for i, child in enumerate(comp["components"]):
            if isinstance(child, dict):
                _walk_one(errors, child, [*path, "components", i], seen)
    for key in ("accessory", "component"):
        if isinstance(comp.get(key), dict):
            _walk_one(errors, comp[key], [*path, key], seen)


def check_components(errors: dict[str, Any], components: Any, flags: int) -> None:
    if not isinstance(components, list):
        return
    seen: Seen = {}
    if flags & IS_COMPONENTS_V2:
        for i, comp in enumerate(components):
            if isinstance(comp, dict):
                _walk_one(errors, comp, ["components", i], seen)
        return
    if len(components) > MAX_ROWS:
        bad_length(errors, ["components"], 1, MAX_ROWS)
    for i, row in enumerate(components):
        if isinstance(row, dict) and row.get("type") == ACTION_ROW:
            _check_row(errors, row, i, seen)
