"""Discord's error responses: JSON codes, messages and HTTP statuses."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


class DiscordHTTPError(Exception):
    """Raised inside a handler to answer with a Discord error body."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        """Discord's body: ``{"message", "code"}``, or for a form error
        ``{"code", "errors", "message"}`` in the order Discord writes it."""
        if self.errors is None:
            return {"message": self.message, "code": self.code}
        return {"code": self.code, "errors": self.errors, "message": self.message}


def unauthorized() -> DiscordHTTPError:
    return DiscordHTTPError(401, 0, "401: Unauthorized")


def not_found() -> DiscordHTTPError:
    return DiscordHTTPError(404, 0, "404: Not Found")


def unknown_channel() -> DiscordHTTPError:
    return DiscordHTTPError(404, 10003, "Unknown Channel")


def unknown_message() -> DiscordHTTPError:
    return DiscordHTTPError(404, 10008, "Unknown Message")


def unknown_webhook() -> DiscordHTTPError:
    return DiscordHTTPError(404, 10015, "Unknown Webhook")


def unknown_interaction() -> DiscordHTTPError:
    return DiscordHTTPError(404, 10062, "Unknown interaction")


def unknown_application_command() -> DiscordHTTPError:
    return DiscordHTTPError(404, 10063, "Unknown application command")


def already_acknowledged() -> DiscordHTTPError:
    return DiscordHTTPError(400, 40060, "Interaction has already been acknowledged.")


def cannot_message_user() -> DiscordHTTPError:
    """A DM to a user who does not accept DMs from the bot (Discord's 50007)."""
    return DiscordHTTPError(403, 50007, "Cannot send messages to this user")


def missing_access() -> DiscordHTTPError:
    return DiscordHTTPError(403, 50001, "Missing Access")


def missing_permissions() -> DiscordHTTPError:
    return DiscordHTTPError(403, 50013, "Missing Permissions")


def cannot_edit_other_user() -> DiscordHTTPError:
    return DiscordHTTPError(403, 50005, "Cannot edit a message authored by another user")


def empty_message() -> DiscordHTTPError:
    return DiscordHTTPError(400, 50006, "Cannot send an empty message")


def request_entity_too_large() -> DiscordHTTPError:
    return DiscordHTTPError(413, 40005, "Request entity too large")


def invalid_webhook_token() -> DiscordHTTPError:
    return DiscordHTTPError(401, 50027, "Invalid Webhook Token")


def thread_already_created() -> DiscordHTTPError:
    return DiscordHTTPError(400, 160004, "A thread has already been created for this message")


def invalid_form_body(errors: dict[str, Any]) -> DiscordHTTPError:
    return DiscordHTTPError(400, 50035, "Invalid Form Body", errors)


def field_error(code: str, message: str) -> dict[str, Any]:
    return {"_errors": [{"code": code, "message": message}]}


def nest(path: list[str | int], leaf: dict[str, Any], into: dict[str, Any]) -> None:
    """Put ``leaf`` at ``path`` inside Discord's nested error object ``into``."""
    node = into
    for key in path[:-1]:
        node = node.setdefault(str(key), {})
    last = str(path[-1])
    if last in node:
        node[last].setdefault("_errors", []).extend(leaf["_errors"])
    else:
        node[last] = leaf


def max_length(errors: dict[str, Any], path: list[str | int], value: Any, limit: int) -> int:
    """Note BASE_TYPE_MAX_LENGTH at ``path`` if the string ``value`` is longer than ``limit``;
    returns its length (0 for a non-string) for totals such as an embed's."""
    if isinstance(value, str):
        if len(value) > limit:
            nest(
                path,
                field_error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."),
                errors,
            )
        return len(value)
    return 0


def bad_length(errors: dict[str, Any], path: list[str | int], lo: int, hi: int) -> None:
    """Note BASE_TYPE_BAD_LENGTH at ``path``: a length outside ``lo``..``hi``."""
    nest(
        path,
        field_error("BASE_TYPE_BAD_LENGTH", f"Must be between {lo} and {hi} in length."),
        errors,
    )


def required(errors: dict[str, Any], path: list[str | int]) -> None:
    """Note BASE_TYPE_REQUIRED at ``path``: a required field missing or empty."""
    nest(path, field_error("BASE_TYPE_REQUIRED", "This field is required"), errors)


def blank(value: Any) -> bool:
    """Missing, or a string with nothing but whitespace (Discord trims texts first)."""
    return value is None or (isinstance(value, str) and not value.strip())


def number_range(
    errors: dict[str, Any], path: list[str | int], value: Any, lo: int, hi: int
) -> None:
    """Note NUMBER_TYPE_MIN / NUMBER_TYPE_MAX at ``path`` for an integer outside lo..hi."""
    if not isinstance(value, int):
        return
    if value < lo:
        code, message = "NUMBER_TYPE_MIN", f"int value should be greater than or equal to {lo}."
    elif value > hi:
        code, message = "NUMBER_TYPE_MAX", f"int value should be less than or equal to {hi}."
    else:
        return
    nest(path, field_error(code, message), errors)
