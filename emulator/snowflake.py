"""Discord snowflake ids."""

from __future__ import annotations

import logging

from emulator.clock import Clock

log = logging.getLogger(__name__)

DISCORD_EPOCH_MS = 1420070400000
# 2024-01-01T00:00:00Z: scenario ids are deterministic and older than anything made at run time.
SCENARIO_BASE_MS = 1704067200000


def snowflake_from_ms(ms: int, counter: int = 0) -> int:
    return ((ms - DISCORD_EPOCH_MS) << 22) | (counter & 0x3FFFFF)


def snowflake_time(snowflake: int) -> float:
    """Unix time (seconds) a snowflake was created at."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000.0


class DeterministicIds:
    """Ids for scenario objects: the same scenario always gets the same ids."""

    def __init__(self, base_ms: int = SCENARIO_BASE_MS) -> None:
        self._base_ms = base_ms
        self._n = 0

    def next(self) -> int:
        self._n += 1
        # one millisecond apart so ids sort in creation order and decode to sane times
        return snowflake_from_ms(self._base_ms + self._n, self._n)

    def peek(self) -> int:
        """The id ``next`` returns next (a server's shard follows from it)."""
        return snowflake_from_ms(self._base_ms + self._n + 1, self._n + 1)


class ClockIds:
    """Ids for objects made at run time (messages, interactions), stamped with the clock's now."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0
        self._n = 0

    def next(self) -> int:
        self._n += 1
        candidate = snowflake_from_ms(int(self._clock.now() * 1000), self._n)
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate
