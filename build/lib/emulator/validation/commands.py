"""Discord's rules for application command definitions (what a sync may register), reported
as 50035 the way Discord does."""

from __future__ import annotations

import logging
from typing import Any

from emulator.errors import bad_length, field_error, invalid_form_body, nest

log = logging.getLogger(__name__)

MAX_COMMANDS = 100  # per scope in one bulk overwrite
MAX_NAME = 32
MAX_DESCRIPTION = 100
MAX_OPTIONS = MAX_CHOICES = 25
CHAT_INPUT = 1


def check_command_list(body: Any) -> list[dict[str, Any]]:
    """A bulk overwrite body: a list of at most 100 valid definitions."""
    if not isinstance(body, list):
        raise invalid_form_body(
            {
                "_errors": [
                    {
                        "code": "LIST_TYPE_CONVERT",
                        "message": "Only iterables may be used in a ListType",
                    }
                ]
            }
        )
    if len(body) > MAX_COMMANDS:
        raise invalid_form_body(
            field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_COMMANDS} or fewer in length.")
        )
    for i, cmd in enumerate(body):
        check_command(cmd, i)
    return body


def check_command(cmd: dict[str, Any], index: int | None = None) -> None:
    """One definition: name and description lengths, a lowercase slash command name, at most
    25 options and choices at every level. ``index``: its place in a bulk overwrite."""
    errors: dict[str, Any] = {}
    prefix: list[str | int] = [] if index is None else [index]
    name = cmd.get("name")
    ctype = cmd.get("type", CHAT_INPUT)
    if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME:
        bad_length(errors, [*prefix, "name"], 1, MAX_NAME)
    elif ctype == CHAT_INPUT and (name != name.lower() or " " in name):
        nest(
            [*prefix, "name"],
            field_error("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"),
            errors,
        )
    desc = cmd.get("description", "")
    if ctype == CHAT_INPUT and (not isinstance(desc, str) or not 1 <= len(desc) <= 100):
        bad_length(errors, [*prefix, "description"], 1, MAX_DESCRIPTION)
    _check_options(cmd.get("options") or [], [*prefix, "options"], errors)
    if errors:
        raise invalid_form_body(errors)


def _check_options(options: list[Any], path: list[str | int], errors: dict[str, Any]) -> None:
    if len(options) > MAX_OPTIONS:
        nest(
            path,
            field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_OPTIONS} or fewer in length."),
            errors,
        )
    for i, opt in enumerate(options):
        here = [*path, i]
        if len(opt.get("description") or "") > MAX_DESCRIPTION:
            bad_length(errors, [*here, "description"], 1, MAX_DESCRIPTION)
        if len(opt.get("choices") or []) > MAX_CHOICES:
            nest(
                [*here, "choices"],
                field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_CHOICES} or fewer in length."),
                errors,
            )
        if opt.get("options"):
            _check_options(opt["options"], [*here, "options"], errors)
