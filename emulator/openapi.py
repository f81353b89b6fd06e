"""Validate the emulator's traffic against Discord's OpenAPI description (openapi-core).

Load once per test session (``OpenAPIChecker.load()``, about a second); give each emulator a
``checker.session()``; the emulator calls ``check`` for every answered API request. Problems
(``emulator.openapi_problems``) named by ``emulator.openapi_allowlist.ALLOWLIST`` are excused
and counted; the rest are collected and reported by ``raise_if_errors()``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import CIMultiDict, MultiDict

from emulator import openapi_verdicts as verdicts
from emulator.openapi_allowlist import ALLOWLIST, Allowed
from emulator.openapi_problems import Problem, problems_from
from emulator.uploads import read_multipart

if TYPE_CHECKING:
    from emulator.server import RequestRecord

log = logging.getLogger(__name__)

SPEC_PATH = Path(__file__).resolve().parents[2] / "shared" / "discord-api-spec" / "openapi.json"
SPEC_HOST = "https://discord.com"
SPEC_SHA256 = "8c1d0707ccdf8e380a86dfba04058820a66435c1b69d5ed82e04dd8c0520dd73"
"""The description checked against the OpenAPI 3.1 schema (13 s of CPU): a test session
loads it unchecked. Another file at ``SPEC_PATH`` is checked when loaded; record its digest
here once it passes (``sha256sum``)."""


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


class OpenAPIChecker:
    """Holds the loaded spec; shared by every emulator in a test session. Counts what it
    validated and how often each allowlist entry excused a problem (``hits``)."""

    def __init__(self, openapi: Any, allowlist: list[Allowed] | None = None) -> None:
        self.openapi = openapi
        self.allowlist = ALLOWLIST if allowlist is None else allowlist
        self.requests_validated = 0
        self.responses_validated = 0
        self.hits: Counter[Allowed] = Counter()
        self._headers = verdicts.headers_of(openapi).validate_response
        self._passed: set[bytes] = set()
        """Keys of exchanges that passed (``emulator.openapi_verdicts``)."""

    @property
    def checked(self) -> int:
        """Exchanges seen (every one has its request validated)."""
        return self.requests_validated

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> OpenAPIChecker:
        """The checker of the description at ``path``, itself checked against the OpenAPI
        schema unless it is the one ``SPEC_SHA256`` names (checked when it was recorded)."""
        from openapi_core import Config, OpenAPI

        started = time.perf_counter()
        checked = hashlib.sha256(path.read_bytes()).hexdigest() == SPEC_SHA256
        if not checked:
            log.warning("%s is not the description checked before: checking it", path)
        config = Config(spec_validator_cls=None) if checked else None
        openapi = OpenAPI.from_file_path(str(path), config=config)
        log.info("loaded %s in %.1f s", path, time.perf_counter() - started)
        return cls(openapi)

    def session(self) -> OpenAPISession:
        return OpenAPISession(self)

    def excuse(self, problem: Problem) -> bool:
        """Whether an allowlist entry names this problem (counted in ``hits``)."""
        for allowed in self.allowlist:
            if allowed.matches(problem):
                self.hits[allowed] += 1
                return True
        return False

    def stale(self) -> list[Allowed]:
        """Allowlist entries that excused nothing (meaningful after a whole suite ran)."""
        return [a for a in self.allowlist if not self.hits[a]]

    def validate(
        self,
        route: str,
        request: web.Request,
        response: web.StreamResponse,
        raw: bytes,
        *,
        injected: bool = False,
    ) -> list[Problem]:
        """Problems with this exchange. The request is validated whatever the answer: a request
        the emulator refused must still be one Discord's schema accepts (tests that send
        broken requests on purpose say so, see ``OpenAPISession.refused_requests_expected``).
        Injected faults (5xx and 429 from ``faults.fail``) imitate Cloudflare and outages, so
        their responses are not checked."""
        req = _Request(request, raw)
        problems: list[Problem] = []
        with warnings.catch_warnings():
            # openapi-core warns about the spec's OAuth2 scheme; warnings are errors in tests
            warnings.simplefilter("ignore")
            self.requests_validated += 1
            key = verdicts.request_key(request, raw)
            check = self.openapi.validate_request
            exc = None if key in self._passed else verdicts.first_error(check, req)
            if exc is None:
                self._passed.add(key)
            else:
                problems += problems_from(route, "request", response.status, exc)
            if not injected:
                self.responses_validated += 1
                resp = _Response(response)
                key = verdicts.response_key(request, resp.status_code, resp.content_type, resp.data)
                if key in self._passed:  # the body passed before: its headers are new
                    exc = verdicts.first_error(self._headers, req, resp)
                else:
                    exc = verdicts.first_error(self.openapi.validate_response, req, resp)
                    if exc is None:
                        self._passed.add(key)
                if exc is not None:
                    problems += problems_from(route, "response", response.status, exc)
        return [p for p in problems if not self.excuse(p)]


@dataclass
class OpenAPISession:
    """Per-emulator collector of problems.

    ``refused_requests_expected``: the test sends requests that break the schema on purpose
    (to see them refused); request problems of requests the emulator refused (4xx) are then
    expected, while a request it accepted must still match the schema."""

    checker: OpenAPIChecker
    problems: list[Problem] = field(default_factory=list)
    refused_requests_expected: bool = False

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
        if self.refused_requests_expected:
            found = [p for p in found if p.kind != "request" or not 400 <= p.status < 500]
        for problem in found:
            log.warning("OpenAPI: %s", problem)
        self.problems.extend(found)

    def raise_if_errors(self) -> None:
        if self.problems:
            listing = "\n".join(str(p) for p in self.problems)
            raise AssertionError(
                f"{len(self.problems)} OpenAPI violation(s) (see emulator/openapi_allowlist.py "
                f"for accepted deviations):\n{listing}"
            )
