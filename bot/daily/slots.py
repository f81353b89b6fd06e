"""Discord's global limit shared by shard processes without talking to each other: instants on
the wall clock, each process sending only at its own.

The limit (50 requests per second) is per bot token, so every process of the bot draws on it.
Each paced on its own (a quarter of the budget, evenly spaced), four processes still send
independently: their requests fall where they fall within each second, so they must keep a
margin for the seconds in which they bunch up, and a process whose event loop is busy sends
late, then catches up with its next ones close behind. Here the second is cut into ``rate``
slots in all, slot ``n`` starting ``n / rate`` seconds after the Unix epoch and belonging to
shard ``n % count``; a process takes the next free slot of its shards and sends at its instant.
The processes' requests interleave within every second (one every ``1 / rate`` s in all), and
any second holds ``rate`` slots' requests, plus the few that left a little late from the
slots just before it.

A request that cannot leave by its instant (a busy event loop, a slow step before it) does not
go late: it takes the next free slot, so no process ever sends two requests closer together
than its slots are. What a request must do just before it leaves (exactly-once delivery records
its attempt) runs ``lead`` seconds ahead of the instant, so it delays nobody.

The processes' clocks must agree to well within a slot (NTP does: a few milliseconds); a
process serving no shard of a slot never uses it, so a process that is idle leaves its slots
unused rather than lending them.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager

Before = Callable[[], Awaitable[None]]
"""A step that must end before the request leaves (recording a send attempt)."""

LEAD_S = 0.05
"""How long before its instant a request's ``before`` step starts."""
LATE_S = 0.02
"""How late a request may still leave for its slot (under one slot at 48 a second, so a
second holds at most one request more than its slots); later, it takes the next free slot."""


class SlottedWindow:
    """The slots of shards ``shards`` (of ``count``) among ``rate`` slots a second in all."""

    def __init__(
        self,
        rate: float,
        shards: Iterable[int],
        count: int,
        *,
        lead: float = LEAD_S,
        late: float = LATE_S,
        wall: Callable[[], float] = time.time,
    ) -> None:
        mine = sorted(set(shards))
        if rate <= 0 or count < 1 or not mine or not 0 <= mine[0] <= mine[-1] < count:
            raise ValueError("rate must be > 0 and the shards some of 0..count-1")
        self.period = 1.0 / rate
        """Seconds between two slots (of any process)."""
        self.count = count
        self.mine = mine
        self.lead = lead
        self.late = late
        self.wall = wall
        self._next = 0  # the first slot not taken yet
        self.held_until = 0.0
        """No slot is taken before this instant (wall clock): ``hold``."""
        self._turn = asyncio.Lock()
        self.missed = 0
        """Requests that could not leave by their slot's instant and took a later one."""

    def slot_at_or_after(self, n: int) -> int:
        """This process's first slot numbered ``n`` or more."""
        cycle, phase = divmod(n, self.count)
        for shard in self.mine:
            if shard >= phase:
                return cycle * self.count + shard
        return (cycle + 1) * self.count + self.mine[0]

    async def _take(self) -> float:
        """Take the next free slot, first come, first served; returns its instant (wall
        clock), ``lead`` seconds before it. The next request takes its slot only then, so a
        busy process never holds many slots at once."""
        async with self._turn:
            now = self.wall()
            first = math.ceil(max(now, self.held_until) / self.period)
            n = self.slot_at_or_after(max(self._next, first))
            self._next = n + 1
            at = n * self.period
            if at - self.lead > now:
                await asyncio.sleep(at - self.lead - now)
            return at

    async def _until(self, at: float) -> bool:
        """Sleep until ``at``; False if it is already past by more than ``late``."""
        delay = at - self.wall()
        if delay > 0:
            await asyncio.sleep(delay)
            delay = at - self.wall()
        return delay >= -self.late

    def hold(self, seconds: float) -> None:
        """Take no slot for ``seconds`` (Discord answered a global 429: ``pacing.hold``)."""
        self.held_until = max(self.held_until, self.wall() + seconds)

    async def wait(self) -> None:
        """Return at the instant of this process's next free slot."""
        async with self.request():
            pass

    @asynccontextmanager
    async def request(self, before: Before | None = None) -> AsyncIterator[None]:
        """Around one request: ``before`` runs just ahead of the slot, the body at its
        instant (a slot missed meanwhile: the next free one)."""
        at = await self._take()
        if before is not None:
            await before()
        while not await self._until(at):
            self.missed += 1
            at = await self._take()
        yield
