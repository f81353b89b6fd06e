"""Moving time from the control API: ``POST /_control/clock/advance`` and ``/clock/next``.

On its own the emulator only moves its clock (interaction deadlines, token expiry, nonces,
message timestamps and snowflakes). A host that shares the clock with a bot and its scheduler
(the sandbox) plugs in its own :class:`TimeTravel`, which also runs what falls due on the way,
in order; the control API stays the same.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from emulator.clock import Clock
from emulator.http_util import JSON

if TYPE_CHECKING:
    from emulator.control.feed import Feed

log = logging.getLogger(__name__)

MAX_STEP_S = 400 * 86400.0
"""The longest single move the control API accepts (a little over a year)."""


class TimeTravel(Protocol):
    """How time moves: the clock, and whatever runs on it."""

    async def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``, running what falls due on the way, in order."""
        ...

    async def next_event(self) -> bool:
        """Move time to the next thing scheduled to happen (and run it); False if nothing is."""
        ...

    def describe(self) -> JSON:
        """What the host adds to the clock's state (e.g. ``zones``, ``next``)."""
        ...


class ClockOnly:
    """The emulator alone: nothing is scheduled, only the clock moves."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    async def next_event(self) -> bool:
        return False

    def describe(self) -> JSON:
        return {}


class TimeControl:
    """One move at a time; every move is announced on the feed."""

    def __init__(self, clock: Clock, feed: Feed) -> None:
        self.clock = clock
        self.feed = feed
        self.travel: TimeTravel = ClockOnly(clock)
        self._lock = asyncio.Lock()

    def use(self, travel: TimeTravel) -> None:
        """Let ``travel`` move time (it must move this emulator's clock too)."""
        self.travel = travel

    @property
    def moving(self) -> bool:
        return self._lock.locked()

    def state(self) -> JSON:
        now = self.clock.now()
        return {
            "now": datetime.fromtimestamp(now, UTC).isoformat(),
            "unix": now,
            "moving": self.moving,
            **self.travel.describe(),
        }

    async def advance(self, seconds: float) -> JSON:
        if not 0 < seconds <= MAX_STEP_S:
            raise ValueError(f"seconds must be more than 0 and at most {MAX_STEP_S:.0f}")
        async with self._lock:
            self._announce()
            try:
                await self.travel.advance(seconds)
            finally:
                self._announce(moving=False)
        return self.state()

    async def next_event(self) -> tuple[bool, JSON]:
        async with self._lock:
            self._announce()
            try:
                moved = await self.travel.next_event()
            finally:
                self._announce(moving=False)
        return moved, self.state()

    def _announce(self, *, moving: bool = True) -> None:
        self.feed.publish({"type": "clock", **self.state(), "moving": moving})
