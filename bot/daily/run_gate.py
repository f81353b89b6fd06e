"""Who may run a group's posting now: one run per group at a time, a bounded number in all,
and no second run queued behind one that has not started yet.

At a busy minute thousands of jobs fire at once (10,000 groups due at 09:00, and each group's
daily job and its one-shot ``next`` job fire at the same instant). Started all together, every
run would take its first database turn before any took its second, so the first post would
leave only after every group had been planned (15 s for 2,500 groups a process), and each
group would be run twice. Through ``RunGate.turn``, runs start in the order they were asked
for, at most ``at_once`` at a time, each as soon as a slot frees: the first post leaves after
one group's planning, and the pacer always has the next ones ready. A run asked for while the
group's previous request is still waiting to start joins it instead: that run reads the
database only when it starts, so it posts whatever the second request would have, and the
joining caller returns once it is over (a change's reply still comes before its posts). Every
request waits one turn of the event loop before it may start, so the jobs the scheduler
fires together (a group's daily and ``next`` jobs) always find each other.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

RUNS_AT_ONCE = 64
"""Runs of different groups at the same time in one process: enough that the pacer never
waits for a planned post (and that start-up's catch-up keeps 64 channels' windows busy),
few enough that the first post of a busy minute leaves within a second."""


class RunGate:
    def __init__(self, at_once: int) -> None:
        if at_once < 1:
            raise ValueError("at_once must be >= 1")
        self._slots = asyncio.Semaphore(at_once)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, asyncio.Future[None]] = {}
        """Per group: the run asked for that has not started yet, done when that run ends."""

    @asynccontextmanager
    async def turn(self, group_id: int, *, join: bool = True) -> AsyncIterator[bool]:
        """Around one run of ``group_id``: yields True once it is this run's turn (the group's
        lock and a slot held), or False after the waiting run this one joined has ended (do
        nothing then). ``join=False``: never join nor be joined (work other than a run)."""
        waiting = self._waiting.get(group_id) if join else None
        if waiting is not None:
            await asyncio.shield(waiting)
            yield False
            return
        ended: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if join:
            self._waiting[group_id] = ended
        lock = self._locks.setdefault(group_id, asyncio.Lock())
        try:
            if join:
                await asyncio.sleep(0)  # the jobs fired in the same pass of the scheduler join
            async with lock, self._slots:
                self._started(group_id, ended)
                yield True
        finally:
            self._started(group_id, ended)
            ended.set_result(None)

    def _started(self, group_id: int, ended: asyncio.Future[None]) -> None:
        if self._waiting.get(group_id) is ended:
            del self._waiting[group_id]
