"""Deterministic fault injection at named points (routes written as ``"METHOD /template"``)."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

_PARAM = re.compile(r"\{[^}]*\}")


def _api_path(path: str) -> str:
    return path[len("/api/v10") :] if path.startswith("/api/v10") else path


def normalize_route(route: str) -> str:
    """``"post /channels/{channel_id}/messages"`` -> ``"POST /channels/{}/messages"``."""
    method, _, path = route.strip().partition(" ")
    path = path.strip()
    if path.startswith("/api/v10"):
        path = path[len("/api/v10") :]
    return f"{method.upper()} {_PARAM.sub('{}', path)}"


@dataclass
class Hold:
    """A request held before it is handled. Await ``arrived``; then ``release()``.

    ``release(drop=True)`` handles the request (its effects happen) but resets the connection
    before the client reads the answer; ``release(lose=True)`` resets it without handling the
    request (it never reached Discord: no effect, no answer, status 0 in the request log).
    """

    route: str
    path: str | None = None
    """Only a request to exactly this path (e.g. ``/channels/123/messages``); None: any."""
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    request: dict[str, Any] | None = None
    _released: asyncio.Event = field(default_factory=asyncio.Event)
    drop: bool = False
    lose: bool = False
    released: bool = False

    def release(self, *, drop: bool = False, lose: bool = False) -> None:
        self.drop = drop
        self.lose = lose
        self.released = True
        self._released.set()

    async def until_released(self) -> bool:
        """Wait for ``release()`` (the emulator's side); returns whether to drop."""
        await self._released.wait()
        return self.drop


@dataclass
class Failure:
    route: str
    status: int
    times: int
    retry_after: float
    global_: bool
    body: dict[str, Any] | None
    path: str | None = None


@dataclass
class DropNext:
    route: str
    times: int
    path: str | None = None


class Faults:
    """Faults armed by tests, consumed by the emulator's HTTP middleware."""

    def __init__(self) -> None:
        self._holds: list[Hold] = []
        self._failures: list[Failure] = []
        self._drops: list[DropNext] = []

    def hold(self, route: str, *, path: str | None = None) -> Hold:
        """Hold the next request matching ``route`` (and ``path``, if given) until released."""
        h = Hold(route=normalize_route(route), path=_api_path(path) if path else None)
        self._holds.append(h)
        return h

    def fail(
        self,
        route: str,
        *,
        status: int = 500,
        times: int = 1,
        retry_after: float = 0.1,
        global_: bool = False,
        body: dict[str, Any] | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next ``times`` requests matching ``route`` with ``status`` (429 or 5xx);
        with ``path`` (e.g. ``/channels/123/messages``) only requests to exactly that path."""
        self._failures.append(
            Failure(
                normalize_route(route),
                status,
                times,
                retry_after,
                global_,
                body,
                _api_path(path) if path else None,
            )
        )

    def drop(self, route: str, *, times: int = 1, path: str | None = None) -> None:
        """Handle the next ``times`` matching requests but reset the connection before replying."""
        self._drops.append(
            DropNext(normalize_route(route), times, _api_path(path) if path else None)
        )

    def clear(self) -> None:
        for h in self._holds:
            h.release()
        self._holds.clear()
        self._failures.clear()
        self._drops.clear()

    def take_hold(self, route: str, path: str | None = None) -> Hold | None:
        key = normalize_route(route)
        for h in self._holds:
            if h.route == key and _path_matches(h.path, path):
                self._holds.remove(h)
                return h
        return None

    def take_failure(self, route: str, path: str | None = None) -> Failure | None:
        key = normalize_route(route)
        for f in self._failures:
            if f.route == key and _path_matches(f.path, path):
                f.times -= 1
                if f.times <= 0:
                    self._failures.remove(f)
                return f
        return None

    def take_drop(self, route: str, path: str | None = None) -> bool:
        key = normalize_route(route)
        for d in self._drops:
            if d.route == key and _path_matches(d.path, path):
                d.times -= 1
                if d.times <= 0:
                    self._drops.remove(d)
                return True
        return False


def _path_matches(wanted: str | None, path: str | None) -> bool:
    return wanted is None or (path is not None and _api_path(path) == wanted)
