"""Waiting on the emulator's state without sleeping: the bot connected, synced, resumed, made
a request, posted a message, or any condition over the state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from emulator.faults import normalize_route
from emulator.http_util import JSON, RequestRecord, clone
from emulator.scenario import Channel

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)


class Waits:
    """Every wait takes ``timeout`` (seconds), re-checks whenever the state changes and raises
    ``WaitTimeout`` when the time is up."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def wait_connected(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once ``count`` IDENTIFYs were answered with READY and all GUILD_CREATEs."""
        gateway = self.state.gateway
        await self.state.signal.wait_until(
            lambda: gateway.ready_count >= count and bool(gateway.live()),
            timeout,
            "a bot to connect to the gateway",
        )

    async def wait_identified(self, timeout: float = 10.0, *, count: int = 1) -> None:
        await self.wait_connected(timeout, count=count)

    async def wait_commands_synced(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once the bot synced (PUT/POST) application commands ``count`` times."""
        commands = self.state.command_store
        await self.state.signal.wait_until(
            lambda: commands.sync_count >= count, timeout, "a command sync"
        )

    async def wait_resumed(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once the gateway answered ``count`` RESUMEs in total."""
        gateway = self.state.gateway
        await self.state.signal.wait_until(
            lambda: gateway.resume_count >= count, timeout, f"{count} gateway resume(s)"
        )

    async def wait_for_request(
        self,
        route: str,
        timeout: float = 10.0,
        *,
        predicate: Callable[[RequestRecord], bool] | None = None,
        count: int = 1,
    ) -> RequestRecord:
        """Wait until ``count`` answered requests matched ``route`` (``"METHOD /template"``)."""
        key = normalize_route(route)
        requests = self.state.requests

        def matches() -> list[RequestRecord]:
            found = [
                r
                for r in requests
                if r.route is not None
                and r.status
                and normalize_route(r.route) == key
                and (predicate is None or predicate(r))
            ]
            return found if len(found) >= count else []

        found: list[RequestRecord] = await self.state.signal.wait_until(
            matches, timeout, f"{count} x {route}"
        )
        return found[count - 1]

    async def wait_for_message(
        self,
        channel: Channel | int,
        predicate: Callable[[JSON], bool] | None = None,
        timeout: float = 10.0,
    ) -> JSON:
        """First message in the channel (existing or future, edits included) matching predicate."""
        cid = channel if isinstance(channel, int) else channel.id
        messages = self.state.message_store

        def find() -> JSON | None:
            for m in messages.of_channel(cid):
                if predicate is None or predicate(m):
                    return clone(m)
            return None

        result: JSON = await self.state.signal.wait_until(
            find, timeout, f"a message in channel {cid}"
        )
        return result

    async def wait_until(
        self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "a condition"
    ) -> Any:
        """Wait for any predicate over the emulator's state (re-checked on every change)."""
        return await self.state.signal.wait_until(predicate, timeout, what)
