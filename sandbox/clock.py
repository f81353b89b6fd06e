"""The sandbox's one simulated "now", shared by the emulator and the bot.

Simulated time stands still until the page moves it ("next post", "+1 day", "+1 week"), so
nothing happens behind a reader's back and every run of the same steps gives the same result.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from emulator.clock import Clock

log = logging.getLogger(__name__)


class SimClock(Clock):
    """``now()`` (unix seconds) is the emulator's clock; calling it (an aware UTC datetime) is
    the bot's (``bot.clock.Clock``). It only moves forward."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs an aware start time")
        self._now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def now(self) -> float:
        return self._now.timestamp()

    def advance(self, seconds: float) -> None:
        self.set(self._now + timedelta(seconds=seconds))

    def set(self, when: datetime) -> None:
        """Move to ``when`` (never backwards: the bot's ledger and snowflakes assume so)."""
        when = when.astimezone(UTC)
        if when < self._now:
            raise ValueError(f"the clock does not go back ({when} < {self._now})")
        self._now = when
