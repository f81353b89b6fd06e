"""Keep the poster's REST calls under Discord's limits: the global one (50 requests per second
per bot) and each channel's message limit (5 per 5 seconds, as observed).

discord.py reacts to the headers: it waits out a route's bucket once a response says none is
left, and only retries after a global 429 (at most five times). Both cost the poster: many posts
due at the same minute draw global 429s, and the post that empties a channel's bucket (the fifth
of a catch-up) returns only once the bucket refilled, its message already in the channel but
not yet recorded. So every REST call the poster makes first takes a global slot here, and every
message it sends also one of its channel's, a little under Discord's numbers: the bot's own
pacing, not Discord's 429s or discord.py's stalls, is what spaces its posts. Interaction
responses are exempt from the global limit and do not pass through here.

The global window of a process that has the whole budget is measured on the event loop's
monotonic clock, the one ``asyncio.sleep`` waits on: it spaces bursts in real time. Shard
processes, which share the budget, each send in their own slots of the wall clock instead
(``bot/daily/slots.py``, ``pacer_for``). A channel's window is measured on real time and the
bot's clock, whichever moved further (``Timeline``): posts a day apart are a day apart also
when tests move the clock, and a clock that stands still (the sandbox's) leaves them to real
time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from bot.clock import Clock
from bot.daily.slots import Before, SlottedWindow
from bot.shards import ShardSet

POSTER_REQUESTS_PER_S = 47
"""Below Discord's 50/s: leaves room for the bot's other requests (fetches, commands sync)."""
CHANNEL_MESSAGES, CHANNEL_PER_S = 4, 5.0
"""Below the 5 messages per 5 s Discord allows a channel: counted from when each send finished,
a bucket never runs dry, so discord.py never holds a sent post back to wait for the refill."""
CHANNEL_EDITS, CHANNEL_EDITS_PER_S = 4, 5.0
"""Edits of messages have their own bucket per channel on Discord (5 per 5 s, as observed);
the live edits (``bot/daily/edits.py``) stay a little under it, as posts do."""


class GlobalWindow:
    """At most ``limit`` requests in any ``per`` seconds, first come, first served: a request
    holds its slot until ``per`` seconds after it finished (or, for ``wait``, after it was
    let through), so however long requests travel, no ``per`` seconds see more than ``limit``
    of them arrive."""

    def __init__(self, limit: int, per: float) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("limit must be >= 1 and per > 0")
        self.limit = limit
        self.per = per
        self._slots = asyncio.Semaphore(limit)
        self.held_until = 0.0
        """Nothing is let through before this instant (``time.monotonic``): ``hold``."""

    def _release_later(self) -> None:
        asyncio.get_running_loop().call_later(self.per, self._slots.release)

    def hold(self, seconds: float) -> None:
        """Let nothing through for ``seconds`` (Discord answered a global 429: ``pacing``)."""
        self.held_until = max(self.held_until, time.monotonic() + seconds)

    async def _acquire(self) -> None:
        await self._slots.acquire()
        held = self.held_until - time.monotonic()
        if held > 0:
            await asyncio.sleep(held)

    async def wait(self) -> None:
        """Return when one more request may be sent now."""
        await self._acquire()
        self._release_later()

    @asynccontextmanager
    async def request(self, before: Before | None = None) -> AsyncIterator[None]:
        """Around one request (``before`` first): its slot is held until ``per`` seconds after
        it finished."""
        await self._acquire()
        try:
            if before is not None:
                await before()
            yield
        finally:
            self._release_later()


class Window(Protocol):
    """Discord's global limit as one process sees it: ``GlobalWindow`` (the process has the
    whole budget) or ``SlottedWindow`` (shard processes share it, ``bot/daily/slots.py``)."""

    async def wait(self) -> None: ...

    def request(self, before: Before | None = None) -> AbstractAsyncContextManager[None]: ...

    def hold(self, seconds: float) -> None: ...


class Timeline:
    """Seconds that pass with real time, and jump when ``clock`` jumps ahead of it: each step
    is the larger of the two clocks' steps (never backwards)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock
        self._real = time.monotonic()
        self._sim = clock().timestamp() if clock is not None else 0.0
        self._ahead = 0.0

    def __call__(self) -> float:
        real = time.monotonic()
        if self.clock is not None:
            sim = self.clock().timestamp()
            self._ahead += max(0.0, (sim - self._sim) - (real - self._real))
            self._sim = sim
        self._real = real
        return real + self._ahead


class ChannelWindow:
    """One channel's sends, one at a time: at most ``limit`` in any ``per`` seconds counted
    from when each finished, so Discord (which counts from when each arrived) sees them at
    least that far apart whatever the travel time. ``now`` (seconds) is a ``Timeline``."""

    def __init__(self, limit: int, per: float, now: Callable[[], float]) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("channel_limit must be >= 1 and channel_per > 0")
        self.limit = limit
        self.per = per
        self.now = now
        self._finished: deque[float] = deque(maxlen=limit)
        self._turn = asyncio.Lock()

    @asynccontextmanager
    async def sending(self) -> AsyncIterator[None]:
        async with self._turn:
            if len(self._finished) == self.limit:
                delay = self._finished[0] + self.per - self.now()
                if delay > 0:
                    await asyncio.sleep(delay)
            try:
                yield
            finally:
                self._finished.append(self.now())

    def idle(self, now: float) -> bool:
        """Nobody sending or waiting, and nothing finished within the last ``per`` seconds."""
        recent = bool(self._finished) and self._finished[-1] + self.per > now
        return not self._turn.locked() and not recent


class RequestPacer:
    """The global window, and one window per channel the poster sends messages to."""

    def __init__(
        self,
        limit: int = POSTER_REQUESTS_PER_S,
        per: float = 1.0,
        *,
        channel_limit: int = CHANNEL_MESSAGES,
        channel_per: float = CHANNEL_PER_S,
        clock: Clock | None = None,
        global_window: Window | None = None,
    ) -> None:
        self.now: Callable[[], float] = Timeline(clock)
        ChannelWindow(channel_limit, channel_per, self.now)  # the same checks, before any
        self.global_window: Window = global_window or GlobalWindow(limit, per)
        """``limit`` requests in any ``per`` seconds, unless a window is given."""
        self.channel_limit = channel_limit
        self.channel_per = channel_per
        self._channels: dict[int, ChannelWindow] = {}
        self._edits: dict[int, ChannelWindow] = {}

    async def wait(self) -> None:
        """Return when one more request may be sent now (Discord's global limit)."""
        await self.global_window.wait()

    def hold(self, seconds: float) -> None:
        """Discord answered a request with a global 429: discord.py now holds every request of
        the process until it sent that one again, then sends them all at once. Handing out
        no slot for ``seconds`` (the wait Discord asked for) keeps requests from piling up
        behind the retry, so a 429 does not bring the next one."""
        self.global_window.hold(seconds)

    @asynccontextmanager
    async def sending(self, channel_id: int, before: Before | None = None) -> AsyncIterator[None]:
        """Around one message sent to ``channel_id``: it waits for its channel's window, then
        (like every request) for the global one; ``before`` (recording the attempt) runs once
        the global window is about to let the message go."""
        async with self._channel(channel_id).sending(), self.global_window.request(before):
            yield

    @asynccontextmanager
    async def editing(self, channel_id: int) -> AsyncIterator[None]:
        """Around one edit of a message in ``channel_id``: its channel's edit window (Discord's
        edit bucket is not the send bucket), then the global one."""
        window = self._channel(channel_id, self._edits, CHANNEL_EDITS, CHANNEL_EDITS_PER_S)
        async with window.sending(), self.global_window.request():
            yield

    def _channel(
        self,
        channel_id: int,
        windows: dict[int, ChannelWindow] | None = None,
        limit: int | None = None,
        per: float | None = None,
    ) -> ChannelWindow:
        windows = self._channels if windows is None else windows
        window = windows.get(channel_id)
        if window is None:
            if len(windows) >= 1024:
                self._forget_idle(windows)
            window = windows[channel_id] = ChannelWindow(
                limit or self.channel_limit, per or self.channel_per, self.now
            )
        return window

    def _forget_idle(self, windows: dict[int, ChannelWindow]) -> None:
        """Drop the windows of channels with nothing in their last window (memory stays bounded
        by the channels posted to within ``channel_per`` seconds)."""
        now = self.now()
        for channel_id in [c for c, w in windows.items() if w.idle(now)]:
            del windows[channel_id]

    @property
    def channels_tracked(self) -> int:
        return len(self._channels)


SHARED_REQUESTS_PER_S = 48
"""What the shard processes together send per second: 2 below Discord's 50, for requests that
leave a little late (``slots.LATE_S``) and any the pacer does not see."""


def pacer_for(shards: ShardSet | None, clock: Clock | None = None) -> RequestPacer:
    """The pacer of a process serving ``shards``. A process serving every shard keeps the whole
    budget (``POSTER_REQUESTS_PER_S`` in any second). Discord's global limit is per bot token,
    so shard processes share it: each sends only in the slots of its shards among
    ``SHARED_REQUESTS_PER_S`` a second (``bot/daily/slots.py``), so the processes' requests
    interleave instead of colliding (1 of 4 shards: every 4th slot, 12 a second). Two
    processes serving the same shards (a rolling deploy) share their slots' instants for the
    minutes they overlap."""
    if shards is None or shards.everything:
        return RequestPacer(clock=clock)
    window = SlottedWindow(SHARED_REQUESTS_PER_S, shards.ids, shards.count)
    return RequestPacer(clock=clock, global_window=window)
