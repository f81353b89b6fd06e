"""Python's cyclic garbage collector during start-up.

Start-up imports every module and then builds tens of thousands of objects that live on (the
groups read, a job per group): with the default thresholds the collector runs hundreds of
times meanwhile, and each full collection walks every object built so far, about a tenth of a
shard process's start-up CPU at 25,000 groups (bench row 9). Start-up leaves almost no cyclic
garbage, so:

- ``paused``: no collection at all around synchronous work (importing the app);
- ``relaxed`` / ``restore``: from the bot's setup to the end of its first reconciliation,
  which await, the youngest generation is collected every ``STARTUP_YOUNG`` allocations instead
  of every 700. The collector keeps running: if that reconciliation never ends, collections
  are only rarer, never off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

STARTUP_YOUNG = 50_000
"""Allocations between two collections of the youngest generation during start-up."""

Thresholds = tuple[int, int, int]


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside (code that does not await: a coroutine suspended inside
    would leave the collector off); it resumes, if it was on, even after an error. Nested
    pauses resume it when the outermost ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def relaxed() -> Thresholds:
    """Collect the youngest generation every ``STARTUP_YOUNG`` allocations (unless it is
    already rarer); the thresholds before, for ``restore``."""
    before: Thresholds = gc.get_threshold()
    gc.set_threshold(max(before[0], STARTUP_YOUNG), before[1], before[2])
    return before


def restore(thresholds: Thresholds) -> None:
    gc.set_threshold(*thresholds)
