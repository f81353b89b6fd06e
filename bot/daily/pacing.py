"""Keep the bot's own REST calls under Discord's global limit (50 requests/s per bot).

discord.py only reacts to a global 429 (it waits and retries, at most five times), so many
daily posts falling due at the same minute would draw 429s and posts given up. Every REST call
the poster makes first takes a slot here: at most ``limit`` in any ``per`` seconds, handed out
first come, first served. Interaction responses are exempt from the global limit and do not
pass through here.

The window is measured on the event loop's monotonic clock, the one ``asyncio.sleep`` waits
on: it spaces requests in real time, it says nothing about the day (that is the injected
clock's job).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.shards import ShardSet

POSTER_REQUESTS_PER_S = 47
"""Below Discord's 50/s: leaves room for the bot's other requests (fetches, commands sync)."""


class RequestPacer:
    """A sliding window over the instants slots were granted: at most ``limit`` per ``per`` s."""

    def __init__(self, limit: int = POSTER_REQUESTS_PER_S, per: float = 1.0) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("limit must be >= 1 and per > 0")
        self.limit = limit
        self.per = per
        self._granted: deque[float] = deque(maxlen=limit)
        self._turn = asyncio.Lock()  # FIFO: waiters are served in arrival order

    async def wait(self) -> None:
        """Return when one more request may be sent now."""
        async with self.slot():
            pass

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait for a slot; the request leaves as the block exits, which is when the slot is
        counted. What the block does before (exactly-once delivery records the attempt) holds
        the turn, so a slow step never bunches requests past the limit."""
        async with self._turn:
            loop = asyncio.get_running_loop()
            if len(self._granted) == self.limit:
                delay = self._granted[0] + self.per - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            yield
            self._granted.append(loop.time())


SHARED_REQUESTS_PER_S = 46
"""What the posters of all shard processes together may send per second: 4 below Discord's 50,
for what else they send and for the jitter between processes (a lone process keeps 3 below,
``POSTER_REQUESTS_PER_S``)."""


def pacer_for(shards: ShardSet | None) -> RequestPacer:
    """The pacer of a process serving ``shards``. Discord's global limit is per bot token, so
    the processes share it, each in proportion to its shards (1 of 4 shards: 11.5 requests per
    second), evenly spaced rather than in bursts: a burst that reaches Discord late lands in
    the next second together with that second's burst, and one 429 makes discord.py hold every
    request of the process and then send them at once. A process serving every shard keeps the
    whole budget. Two processes serving the same shards (a rolling deploy) each take that
    share for the minutes they overlap."""
    if shards is None or shards.everything:
        return RequestPacer()
    share = SHARED_REQUESTS_PER_S * len(shards.ids) / shards.count
    return RequestPacer(1, 1.0 / share)
