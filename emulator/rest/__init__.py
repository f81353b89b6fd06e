"""The REST API under ``/api/v10``, one resource per module, answered the way Discord does.

Each resource is an object over the emulator's shared state whose handlers declare their routes
with ``@route``. ``ROUTES`` lists them as ``(method, OpenAPI template, handler)``; faults, rate
limits and the request log name routes ``"METHOD /template"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from emulator.http_util import API_PREFIX
from emulator.rest.callbacks import CallbacksResource
from emulator.rest.channels import ChannelsResource
from emulator.rest.commands import CommandsResource
from emulator.rest.guilds import GuildsResource
from emulator.rest.messages import MessagesResource
from emulator.rest.pins import PinsResource
from emulator.rest.resource import Resource
from emulator.rest.users import UsersResource
from emulator.rest.webhooks import WebhooksResource

if TYPE_CHECKING:
    from emulator.state import EmulatorState

RESOURCES: tuple[type[Resource], ...] = (
    UsersResource,
    CommandsResource,
    CallbacksResource,
    WebhooksResource,
    ChannelsResource,
    PinsResource,
    MessagesResource,
    GuildsResource,
)

ROUTES: list[tuple[str, str, str]] = [
    (method, path, f"{cls.__name__}.{name}")
    for cls in RESOURCES
    for method, path, name in cls.route_table()
]


def add_routes(app: web.Application, state: EmulatorState) -> list[Resource]:
    """Register every resource's handlers on ``app``; returns the resource objects."""
    resources = [cls(state) for cls in RESOURCES]
    for resource in resources:
        for method, path, handler in resource.handlers():
            app.router.add_route(method, API_PREFIX + path, handler)
    return resources


__all__ = ["RESOURCES", "ROUTES", "Resource", "add_routes"]
