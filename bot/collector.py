"""Pausing Python's cyclic garbage collector around start-up's batches.

Start-up imports every module and then builds tens of thousands of objects that live on (the
groups read, a job per group): the collector's generations fill again and again, and each
collection walks every young object, about a tenth of a shard process's start-up CPU at 25,000
groups (bench row 9). These batches leave no cycles to collect, so the collector is paused
inside them and runs as usual after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside; the collector resumes (if it was on) at the end, even on
    an error. Nested pauses resume it when the outermost ends; overlapping ones (two tasks)
    when the one that began first ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
