"""An injectable clock: the emulator's notion of "now" (wall time plus an offset)."""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


class Clock:
    """Wall-clock time shifted by an adjustable offset.

    Interaction deadlines (10062 after 3 s, 50027 after 15 min) and the nonce window are measured
    on this clock, so tests move it forward with :meth:`advance` instead of waiting; the rate
    limits run on it and on real time, whichever moved further (a client that already read a
    bucket's Reset-After still sleeps it out in real time).
    """

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        log.debug("clock advanced by %.3f s", seconds)
        self.offset += seconds
