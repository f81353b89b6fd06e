"""Passing verdicts of the OpenAPI check, kept so an exchange already judged is not judged again.

Checking an exchange against Discord's description costs milliseconds, and a command sync
(every test's bot syncs the same commands with their translations, a 30 KB request and its
answer) about 0.4 s of CPU. The verdict depends only on what the schema sees, so:

- a request seen before (method, path, query, headers but ``Host``, body) that passed, passes;
- a response body seen before for the same operation and status that passed, passes: only
  its headers are checked (the rate-limit clock changes them every time).

Both are compared up to run-time snowflakes (ids and versions the emulator makes anew each
test): each is replaced by one of its length, which the schema (``SnowflakeType``, a pattern)
judges alike. An exchange that failed is checked again each time, so its problems are its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

_SNOWFLAKE = re.compile(rb'(?<=")[1-9][0-9]{16,19}(?=")')
_PATH_SNOWFLAKE = re.compile(r"(?<=/)[1-9][0-9]{16,19}(?=/|$)")


def _one_of_length(match: re.Match[bytes]) -> bytes:
    return b"1" + b"0" * (len(match.group()) - 1)


def _path(request: web.Request) -> str:
    return _PATH_SNOWFLAKE.sub(lambda m: "1" + "0" * (len(m.group()) - 1), request.path)


def _digest(*parts: bytes | str) -> bytes:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()


def request_key(request: web.Request, raw: bytes) -> bytes:
    headers = sorted((k.lower(), v) for k, v in request.headers.items() if k.lower() != "host")
    return _digest(
        request.method,
        _path(request),
        repr(sorted(request.query.items())),
        repr(headers),
        _SNOWFLAKE.sub(_one_of_length, raw),
    )


def response_key(request: web.Request, status: int, content_type: str, body: bytes) -> bytes:
    return _digest(
        request.method,
        _path(request),
        str(status),
        content_type,
        _SNOWFLAKE.sub(_one_of_length, body),
    )


def first_error(check: Callable[..., None], *args: Any) -> Exception | None:
    """What ``check`` raised (openapi-core raises a family of errors), or None."""
    try:
        check(*args)
    except Exception as exc:
        return exc
    return None


def headers_of(openapi: Any) -> Any:
    """A view of ``openapi`` whose ``validate_response`` checks a response's headers alone
    (what ``openapi.validate_response`` checks after the body)."""
    from openapi_core import OpenAPI
    from openapi_core.validation import response

    name = type(openapi.response_validator).__name__  # e.g. V31ResponseValidator
    cls = getattr(response, name.replace("ResponseValidator", "ResponseHeadersValidator"))
    config = dataclasses.replace(
        openapi.config, spec_validator_cls=None, response_validator_cls=cls
    )
    return OpenAPI(openapi.spec, config=config)
