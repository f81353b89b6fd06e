"""Discord's limits on interaction responses beyond message bodies: autocomplete choices and
modals (50035, as Discord reports them)."""

from __future__ import annotations

import logging
from typing import Any

from emulator.errors import bad_length, field_error, invalid_form_body, max_length, nest

log = logging.getLogger(__name__)

MAX_CHOICES = 25
MAX_CHOICE_NAME = MAX_CHOICE_VALUE = 100
MAX_MODAL_TITLE = 45
MAX_CUSTOM_ID = 100
MAX_MODAL_ROWS = 5


def check_choices(data: dict[str, Any]) -> None:
    """An autocomplete result (callback type 8)."""
    choices = data.get("choices")
    errors: dict[str, Any] = {}
    if isinstance(choices, list):
        if len(choices) > MAX_CHOICES:
            nest(
                ["data", "choices"],
                field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_CHOICES} or fewer in length."),
                errors,
            )
        for i, choice in enumerate(choices):
            if isinstance(choice, dict):
                path: list[str | int] = ["data", "choices", i]
                max_length(errors, [*path, "name"], choice.get("name"), MAX_CHOICE_NAME)
                if isinstance(choice.get("value"), str):
                    max_length(errors, [*path, "value"], choice.get("value"), MAX_CHOICE_VALUE)
    if errors:
        raise invalid_form_body(errors)


def check_modal(data: dict[str, Any]) -> None:
    """A modal (callback type 9): title, custom_id, and 1 to 5 top-level components."""
    errors: dict[str, Any] = {}
    max_length(errors, ["title"], str(data.get("title") or ""), MAX_MODAL_TITLE)
    max_length(errors, ["custom_id"], str(data.get("custom_id") or ""), MAX_CUSTOM_ID)
    if not 1 <= len(data.get("components") or []) <= MAX_MODAL_ROWS:
        bad_length(errors, ["components"], 1, MAX_MODAL_ROWS)
    if errors:
        raise invalid_form_body(errors)
