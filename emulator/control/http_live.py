"""The live part of the control API over HTTP: the event stream (server-sent events), the clock
and its moves, and the host's notices. See ``feed.py`` for the events and ``time_travel.py``
for how time moves."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from emulator.control.feed import sse_frame
from emulator.control.http import PREFIX, ControlError, answers_errors, body_of, need
from emulator.http_util import json_response

if TYPE_CHECKING:
    from emulator.server import Emulator

log = logging.getLogger(__name__)

KEEPALIVE_S = 15.0
"""A comment line this often keeps proxies from closing the stream and finds closed clients."""
RETRY_MS = 1000
"""How soon a browser's EventSource reconnects after the stream ended."""


class LiveHTTP:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    def add_routes(self, app: web.Application) -> None:
        r = app.router
        r.add_get(PREFIX + "/events", self.events)
        r.add_get(PREFIX + "/clock", self.clock)
        r.add_post(PREFIX + "/clock/advance", self.advance)
        r.add_post(PREFIX + "/clock/next", self.next_event)
        r.add_get(PREFIX + "/notices", self.notices)

    async def events(self, request: web.Request) -> web.StreamResponse:
        """``text/event-stream``: first ``{"type": "hello", "status", "clock", "notices"}``,
        then every event of the feed as it happens."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        feed = self.emu.feed
        try:
            with feed.subscribe() as queue:
                await response.write(f"retry: {RETRY_MS}\n\n".encode())
                hello = {
                    "type": "hello",
                    "status": feed.live_status(),
                    "clock": self.emu.time.state(),
                    "notices": feed.notices,
                }
                await response.write(sse_frame(hello))
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                    except TimeoutError:
                        await response.write(b": keep-alive\n\n")
                        continue
                    if event is None:
                        break
                    await response.write(sse_frame(event))
        except (ConnectionResetError, ConnectionError):
            log.debug("an event stream's client went away")
        return response

    @answers_errors
    async def clock(self, request: web.Request) -> web.Response:
        """``{"now": ISO-8601 UTC, "unix": seconds, "moving": bool, ...}`` plus what the host
        adds (the sandbox: ``zones``, ``next``)."""
        return json_response(self.emu.time.state())

    @answers_errors
    async def advance(self, request: web.Request) -> web.Response:
        """``{"seconds": n}``: move time forward, running what falls due on the way, in order;
        answers once it has run, with the clock's new state."""
        body = await body_of(request)
        raw = need(body, "seconds")
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ControlError(400, "input", "'seconds' must be a number")
        try:
            state = await self.emu.time.advance(float(raw))
        except ValueError as exc:
            raise ControlError(400, "input", str(exc)) from None
        return json_response(state)

    @answers_errors
    async def next_event(self, request: web.Request) -> web.Response:
        """Move time to the next scheduled event (the sandbox: the bot's next post) and run
        it; ``{"moved": false, ...}`` when nothing is scheduled."""
        moved, state = await self.emu.time.next_event()
        return json_response({"moved": moved, **state})

    @answers_errors
    async def notices(self, request: web.Request) -> web.Response:
        return json_response({"notices": self.emu.feed.notices})
