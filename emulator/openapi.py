"""Validate the emulator's traffic against Discord's OpenAPI description (openapi-core).

Load once per test session (``OpenAPIChecker.load()``, several seconds); give each emulator a
``checker.session()``; the emulator calls ``check`` for every answered API request. Problems
matching ``emulator.openapi_allowlist.ALLOWLIST`` are ignored; the rest are collected and
reported by ``raise_if_errors()``.
"""

from __future__ import annotations

import json
import logging
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import CIMultiDict, MultiDict

from emulator.openapi_allowlist import ALLOWLIST, Allowed
from emulator.uploads import read_multipart

if TYPE_CHECKING:
    from emulator.server import RequestRecord

log = logging.getLogger(__name__)

SPEC_PATH = Path(__file__).resolve().parents[2] / "shared" / "discord-api-spec" / "openapi.json"
SPEC_HOST = "https://discord.com"


class _Request:
    """openapi-core's Request protocol over what the emulator received."""

    def __init__(self, request: web.Request, body: bytes) -> None:
        from openapi_core.datatypes import RequestParameters

        self.parameters = RequestParameters(
            query=MultiDict(request.query),
            header=CIMultiDict(request.headers),
            cookie=MultiDict(),
        )
        self._method = request.method.lower()
        self._path = request.path
        self._body = body or None
        self._content_type = request.headers.get("Content-Type", "")
        if body:
            self._body, self._content_type = _checked_body(self._content_type, body)

    @property
    def host_url(self) -> str:
        return SPEC_HOST

    @property
    def path(self) -> str:
        return self._path

    @property
    def method(self) -> str:
        return self._method

    @property
    def body(self) -> bytes | None:
        return self._body

    @property
    def content_type(self) -> str:
        return self._content_type


def _checked_body(content_type: str, body: bytes) -> tuple[bytes, str]:
    """The body as it is checked: a multipart body as the JSON body it carries, and attachment
    ids that are JSON integers as their strings.

    Discord's description gives multipart bodies the JSON body's schema, while Discord (and
    every library) sends that JSON in the ``payload_json`` part beside the ``files[n]`` parts,
    which the emulator checks itself (``emulator.uploads``). discord.py sends attachment ids as
    integers: a new file's placeholder ``n`` (Reference > Uploading Files shows ``"id": 0``) and
    a kept attachment's id on an edit; Discord accepts integer snowflakes in request bodies (it
    only promises to return strings, Reference > Snowflakes), the spec types them as strings."""
    if content_type.startswith("multipart/"):
        try:
            payload, _ = read_multipart(content_type, body)
        except ValueError:
            return body, content_type  # let the check fail on what was sent
    elif content_type.startswith("application/json"):
        try:
            payload = json.loads(body)
        except ValueError:
            return body, content_type
    else:
        return body, content_type
    data = payload.get("data") if isinstance(payload, dict) and "type" in payload else payload
    entries = data.get("attachments") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), int):
            entry["id"] = str(entry["id"])
    return json.dumps(payload).encode(), "application/json"


class _Response:
    def __init__(self, response: web.StreamResponse) -> None:
        body = getattr(response, "body", None)
        self.data = body if isinstance(body, bytes) else b""
        self.status_code = response.status
        self.content_type = response.content_type if self.data else ""
        self.headers = CIMultiDict(response.headers)


@dataclass
class Problem:
    route: str
    kind: str  # "request" or "response"
    status: int
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.route} [{self.status}]: {self.message}"


def _describe(exc: BaseException) -> str:
    parts = [f"{type(exc).__name__}: {str(exc)[:300]}"]
    seen = 0
    cause: BaseException | None = exc.__cause__ or exc.__context__
    while cause is not None and seen < 3:
        parts.append(f"{type(cause).__name__}: {str(cause)[:300]}")
        for sub in getattr(cause, "schema_errors", []) or []:
            path = "/".join(str(p) for p in getattr(sub, "absolute_path", []))
            parts.append(f"  at {path or '<root>'}: {getattr(sub, 'message', sub)}")
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return "\n".join(parts)


class OpenAPIChecker:
    """Holds the loaded spec; shared by every emulator in a test session."""

    def __init__(self, openapi: Any, allowlist: list[Allowed] | None = None) -> None:
        self.openapi = openapi
        self.allowlist = ALLOWLIST if allowlist is None else allowlist
        self.checked = 0

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> OpenAPIChecker:
        from openapi_core import OpenAPI

        started = time.perf_counter()
        openapi = OpenAPI.from_file_path(str(path))
        log.info("loaded %s in %.1f s", path, time.perf_counter() - started)
        return cls(openapi)

    def session(self) -> OpenAPISession:
        return OpenAPISession(self)

    def allowed(self, problem: Problem) -> bool:
        return any(a.matches(problem.route, problem.kind, problem.message) for a in self.allowlist)

    def validate(
        self,
        route: str,
        request: web.Request,
        response: web.StreamResponse,
        raw: bytes,
        *,
        injected: bool = False,
    ) -> list[Problem]:
        """Problems with this exchange. Request-schema problems count only when the emulator
        accepted the request (2xx): a rejected request is expected to break the schema's
        constraints (that is why it was rejected). Injected faults (5xx and 429 from
        ``faults.fail``) imitate Cloudflare and outages, so their responses are not checked."""
        req = _Request(request, raw)
        problems = []
        self.checked += 1
        with warnings.catch_warnings():
            # openapi-core warns about the spec's OAuth2 scheme; warnings are errors in tests
            warnings.simplefilter("ignore")
            if 200 <= response.status < 300:
                try:
                    self.openapi.validate_request(req)
                except Exception as exc:  # openapi-core raises a family of errors
                    problems.append(Problem(route, "request", response.status, _describe(exc)))
            if not injected:
                try:
                    self.openapi.validate_response(req, _Response(response))
                except Exception as exc:
                    problems.append(Problem(route, "response", response.status, _describe(exc)))
        return [p for p in problems if not self.allowed(p)]


@dataclass
class OpenAPISession:
    """Per-emulator collector of problems."""

    checker: OpenAPIChecker
    problems: list[Problem] = field(default_factory=list)

    def check(
        self,
        record: RequestRecord,
        request: web.Request,
        response: web.StreamResponse,
        raw: bytes,
    ) -> None:
        if record.route is None:
            return
        found = self.checker.validate(
            record.route, request, response, raw, injected=record.injected
        )
        for problem in found:
            log.warning("OpenAPI: %s", problem)
        self.problems.extend(found)

    def raise_if_errors(self) -> None:
        if self.problems:
            listing = "\n\n".join(str(p) for p in self.problems)
            raise AssertionError(
                f"{len(self.problems)} OpenAPI violation(s) (see emulator/openapi_allowlist.py "
                f"for accepted deviations):\n{listing}"
            )
