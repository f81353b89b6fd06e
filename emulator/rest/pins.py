"""Pinned messages: pinning, unpinning and listing, on the routes discord.py 2.7 uses.

Discord (docs ``resources/message.mdx``, "Pin Message", "Get Channel Pins"): ``PUT`` and
``DELETE /channels/{channel_id}/messages/pins/{message_id}`` answer 204 and need
``PIN_MESSAGES`` (from 2026-02-23 ``MANAGE_MESSAGES`` alone no longer suffices); at most 250
pins per channel (30003); ``GET /channels/{channel_id}/messages/pins`` lists them newest pin
first as ``{items: [{pinned_at, message}], has_more}``, paged by ``before`` (an ISO timestamp of
a pin) and ``limit`` (1-50, default 50), and needs ``READ_MESSAGE_HISTORY`` (without it the list
is empty, as history is). A pinned message says ``pinned: true``; deleting it unpins it.
The deprecated ``/channels/{channel_id}/pins`` routes are not served: discord.py 2.7 never calls
them (tests/emulator/test_route_parity.py keeps the emulator to discord.py's routes).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiohttp import web

from emulator import errors as E
from emulator import permissions as P
from emulator.http_util import JSON, json_response
from emulator.payloads.users import iso
from emulator.rest.messages import channel_message
from emulator.rest.resource import Resource, route

if TYPE_CHECKING:
    from emulator.state import EmulatorState

PINS = "/channels/{channel_id}/messages/pins"
PIN = PINS + "/{message_id}"
MAX_PINS = 250
"""Pins per channel (Discord's 30003 past it)."""


def max_pins_reached() -> E.DiscordHTTPError:
    return E.DiscordHTTPError(400, 30003, f"Maximum number of pins reached ({MAX_PINS})")


class PinsResource(Resource):
    """Registered before ``MessagesResource``: ``GET .../messages/pins`` is a literal path that
    ``GET .../messages/{message_id}`` would also match."""

    def __init__(self, state: EmulatorState) -> None:
        super().__init__(state)
        self._pinned_at: dict[int, float] = {}  # message id -> when it was pinned

    def pinned_in(self, channel_id: int) -> list[tuple[float, JSON]]:
        """The channel's pinned messages still there, newest pin first."""
        found = [
            (self._pinned_at[int(m["id"])], m)
            for m in self.state.message_store.of_channel(channel_id)
            if m.get("pinned") and int(m["id"]) in self._pinned_at
        ]
        return sorted(found, key=lambda pair: (-pair[0], -int(pair[1]["id"])))

    @route("GET", PINS)
    async def list_pins(self, request: web.Request) -> web.Response:
        channels = self.state.channel_store
        guild, channel, _ = channels.lookup(request.match_info["channel_id"])
        channels.require(guild, channel, 0)
        q = request.query
        try:
            limit = int(q.get("limit", 50))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 50:
            raise E.invalid_form_body(
                {"limit": E.field_error("NUMBER_TYPE_MAX", "int value should be between 1 and 50")}
            )
        if not channels.bot_may(guild, channel, P.READ_MESSAGE_HISTORY):
            return json_response({"items": [], "has_more": False})
        pins = self.pinned_in(int(request.match_info["channel_id"]))
        if "before" in q:
            try:
                before = datetime.fromisoformat(q["before"]).timestamp()
            except ValueError:
                raise E.invalid_form_body(
                    {"before": E.field_error("DATE_TIME_TYPE_PARSE", "Could not parse date")}
                ) from None
            pins = [p for p in pins if p[0] < before]
        items = [{"pinned_at": iso(at), "message": m} for at, m in pins[:limit]]
        return json_response({"items": items, "has_more": len(pins) > limit})

    @route("PUT", PIN)
    async def pin_message(self, request: web.Request) -> web.Response:
        guild, channel, message = channel_message(self.state, request)
        self.state.channel_store.require(guild, channel, P.PIN_MESSAGES)
        if not message.get("pinned"):
            if len(self.pinned_in(int(message["channel_id"]))) >= MAX_PINS:
                raise max_pins_reached()
            message["pinned"] = True
            self._pinned_at[int(message["id"])] = self.state.clock.now()
            await self.state.message_store.publish("MESSAGE_UPDATE", message)
        return json_response(None, 204)

    @route("DELETE", PIN)
    async def unpin_message(self, request: web.Request) -> web.Response:
        guild, channel, message = channel_message(self.state, request)
        self.state.channel_store.require(guild, channel, P.PIN_MESSAGES)
        if message.get("pinned"):
            message["pinned"] = False
            self._pinned_at.pop(int(message["id"]), None)
            await self.state.message_store.publish("MESSAGE_UPDATE", message)
        return json_response(None, 204)
