"""Accepted deviations from Discord's OpenAPI description, each exact and with its evidence.

An entry names one route (``METHOD /template``), one direction (``request`` or ``response``),
one field (as ``emulator.openapi_problems.field_of`` writes it) and the schema keyword that
fails there; it excuses only a problem equal in all four. No wildcards. Every entry cites the
documentation (or the discord.py behaviour) that overrules the spec. A test run of the whole
suite fails on an entry that excused nothing (``emulator/pytest_plugin.py``): a deviation
that no longer happens is removed, not kept "just in case".
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
    field: str
    keyword: str
    cites: str
    """The documentation (page > section) or library code that shows the real behaviour."""
    reason: str

    def __post_init__(self) -> None:
        if "*" in self.route or "*" in self.field or self.kind not in ("request", "response"):
            raise ValueError(f"allowlist entries are exact: {self}")

    def matches(self, problem: object) -> bool:
        return (
            getattr(problem, "kind", None) == self.kind
            and getattr(problem, "field", None) == self.field
            and getattr(problem, "keyword", None) == self.keyword
            and normalize_route(self.route) == normalize_route(str(getattr(problem, "route", "")))
        )

    def __str__(self) -> str:
        return f"{self.kind} {self.route} {self.field} ({self.keyword})"


STRING_ERROR_CODES = (
    "Invalid Form Body (50035) reports each field's errors as `_errors` items whose `code` is a "
    "string (BASE_TYPE_REQUIRED, BASE_TYPE_MAX_LENGTH...), and discord.py's HTTPException reads "
    "exactly that; the spec reuses its top-level Error schema (integer code) for those items."
)
ERROR_MESSAGES = "Reference > Error Messages (the example 50035 body: code BASE_TYPE_CHOICES)"

ALLOWLIST: list[Allowed] = [
    Allowed(
        route="POST /channels/{channel_id}/messages/{message_id}/threads",
        kind="response",
        field="errors{}._errors[].code",
        keyword="type",
        cites=ERROR_MESSAGES,
        reason=STRING_ERROR_CODES,
    ),
    Allowed(
        route="POST /channels/{channel_id}/messages",
        kind="response",
        field="errors{}._errors[].code",
        keyword="type",
        cites=ERROR_MESSAGES,
        reason=STRING_ERROR_CODES,
    ),
    Allowed(
        route="POST /interactions/{interaction_id}/{interaction_token}/callback",
        kind="response",
        field="errors{}._errors[].code",
        keyword="type",
        cites=ERROR_MESSAGES,
        reason=STRING_ERROR_CODES,
    ),
    Allowed(
        route="POST /users/@me/channels",
        kind="request",
        field="recipient_id",
        keyword="type",
        cites="Reference > Snowflakes; discord.py http.start_private_message",
        reason=(
            "discord.py sends recipient_id as a JSON integer; Discord accepts integer "
            "snowflakes in request bodies (it only promises to RETURN them as strings), while "
            "the spec's SnowflakeType is a string."
        ),
    ),
    Allowed(
        route="POST /channels/{channel_id}/messages",
        kind="request",
        field="allowed_mentions.users[]",
        keyword="type",
        cites="Reference > Snowflakes; discord.py AllowedMentions.to_dict",
        reason=(
            "discord.py lists the users a message may ping as JSON integers (x.id); Discord "
            "accepts integer snowflakes in request bodies, while the spec's SnowflakeType is a "
            "string (the roll call pings exactly its members)."
        ),
    ),
]
