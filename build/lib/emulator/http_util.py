"""HTTP helpers shared by the emulator's handlers: JSON responses and the request log."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from aiohttp import web

from emulator import errors as E
from emulator.discord_target import API_PATH

log = logging.getLogger(__name__)

API_PREFIX = API_PATH  # where discord.py looks for REST
JSON = dict[str, Any]
JSON_KEY = web.RequestKey("json", object)
T = TypeVar("T")


@dataclass
class RequestRecord:
    """One HTTP request the emulator answered."""

    method: str
    path: str
    route: str | None  # "METHOD /template" or None when no route matched
    query: dict[str, str]
    json: Any
    time: float
    status: int = 0
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    injected: bool = False  # answered by an injected fault (faults.fail)


def body_of(request: web.Request) -> JSON:
    body = request[JSON_KEY]
    return body if isinstance(body, dict) else {}


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    if status == 204:
        # no body and no Content-Type, as Discord: discord.py would try to parse "" as JSON
        return web.Response(status=204, headers=headers)
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(status=status, body=body, content_type="application/json", headers=headers)


def error_response(exc: E.DiscordHTTPError) -> web.Response:
    return json_response(exc.body(), exc.status)


def clone(data: T) -> T:
    """A deep copy of JSON data (several times faster than copy.deepcopy for it)."""
    return cast(T, json.loads(json.dumps(data)))
