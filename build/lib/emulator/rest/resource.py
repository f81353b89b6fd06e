"""What every REST resource shares: the emulator's state, and ``@route`` declarations that put
each route next to its handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from aiohttp import web

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
F = TypeVar("F", bound=Callable[..., Awaitable[web.StreamResponse]])
_ROUTES_ATTR = "_emulator_routes"


def route(method: str, *paths: str) -> Callable[[F], F]:
    """Declare a handler for ``METHOD path`` (one or more paths: OpenAPI templates under
    ``/api/v10``, e.g. ``/channels/{channel_id}/messages``)."""

    def mark(fn: F) -> F:
        declared = [*getattr(fn, _ROUTES_ATTR, []), *((method, path) for path in paths)]
        setattr(fn, _ROUTES_ATTR, declared)
        return fn

    return mark


class Resource:
    """A group of REST handlers over the shared state; subclasses declare routes with
    ``@route``. Routes register in declaration order: a literal path (``/users/@me``) comes
    before the template it also matches (``/users/{user_id}``)."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    @classmethod
    def route_table(cls) -> list[tuple[str, str, str]]:
        """``(method, path, handler name)`` for every declared route, in declaration order."""
        return [
            (method, path, name)
            for name, fn in vars(cls).items()
            for method, path in getattr(fn, _ROUTES_ATTR, [])
        ]

    def handlers(self) -> list[tuple[str, str, Handler]]:
        return [(method, path, getattr(self, name)) for method, path, name in self.route_table()]
