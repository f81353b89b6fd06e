"""Accepted deviations from Discord's OpenAPI description, each with its reason.

An entry matches a problem when the route ("METHOD /template", parameter names ignored) and
kind ("request"/"response") are equal and ``contains`` occurs in the validator's message.
Keep this list short: every entry is a place where Discord's documentation (or Discord's
observed behaviour that discord.py depends on) overrules the spec.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from emulator.faults import normalize_route

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Allowed:
    route: str
    kind: str
    contains: str
    reason: str

    def matches(self, route: str, kind: str, message: str) -> bool:
        if self.route != "*" and normalize_route(self.route) != normalize_route(route):
            return False
        return self.kind == kind and self.contains in message


ALLOWLIST: list[Allowed] = [
    Allowed(
        route="*",
        kind="response",
        contains="is not valid under any of the given schemas",
        reason=(
            "Invalid Form Body (50035): Discord's documentation (Reference > Error Messages) shows "
            "field errors as {'_errors': [{'code': 'BASE_TYPE_MAX_LENGTH', 'message': ...}]} with "
            "STRING codes, and discord.py's HTTPException parses exactly that; the spec reuses "
            "its Error schema (integer code) for the items of InnerErrors."
        ),
    ),
    Allowed(
        route="POST /users/@me/channels",
        kind="request",
        contains="'recipient_id':",
        reason=(
            "discord.py (http.start_private_message) sends recipient_id as a JSON integer; "
            "Discord accepts integer snowflakes in request bodies (it only promises to RETURN "
            "them as strings, Reference > Snowflakes), while the spec's SnowflakeType is a string."
        ),
    ),
]
