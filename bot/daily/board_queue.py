"""A thin stand-in for helper E1's edit queue (``bot/daily/edits.py`` on branch ``ilive``,
API in ``/work/lead/edits-api.md``), so the pinned board works and is tested before that queue
is on main.

Same names and contract as the real queue's API: ``EditKey``, ``EditResult``, ``register``,
``mark``, ``reset``; an edit runs at ``max(first mark + EDIT_SETTLE, last edit + EDIT_EVERY)``
(a burst is one edit; at most one edit per key per minute), coalesced, and a mark during an
edit makes one more. Unlike the real queue it keeps pending edits in memory only; the board
does not need them kept: every start marks every group's board (``BoardKeeper.start``).

**At merge** (the lead): delete this file, import ``EditKey``/``EditResult`` from
``bot.daily.edits`` in ``bot/daily/board.py`` and ``cogs/board.py``, and in ``bot/app.py``
register ``self.boards.handle`` as kind ``"board"`` on ``self.daily.edits`` instead of making
a ``BoardEditQueue``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.clock import Clock
from bot.daily.pacing import Timeline
from bot.daily.tasks import spawn

log = logging.getLogger(__name__)

EDIT_EVERY = timedelta(seconds=60)
EDIT_SETTLE = timedelta(seconds=5)
RETRY_AFTER = timedelta(seconds=60)
NAP_MAX_S = 1.0
"""The worker looks at the clock at least this often (a test or the sandbox moves it)."""


@dataclass(frozen=True, slots=True, order=True)
class EditKey:
    kind: str
    guild_id: int
    group_id: int
    item: int = 0


Outcome = Literal["edited", "unchanged", "stop", "retry"]


@dataclass(frozen=True, slots=True)
class EditResult:
    outcome: Outcome
    shown: str | None = None

    @classmethod
    def edited(cls, shown: str) -> EditResult:
        return cls("edited", shown)

    @classmethod
    def unchanged(cls) -> EditResult:
        return cls("unchanged")

    @classmethod
    def stop(cls) -> EditResult:
        return cls("stop")

    @classmethod
    def retry(cls) -> EditResult:
        return cls("retry")


Handler = Callable[[EditKey, str | None], Awaitable[EditResult]]


@dataclass(slots=True)
class _Entry:
    dirty_at: datetime | None = None
    edited_at: datetime | None = None
    shown: str | None = None
    stopped: bool = False
    running: bool = False
    again: bool = False

    def due(self) -> datetime | None:
        if self.dirty_at is None or self.stopped or self.running:
            return None
        due = self.dirty_at + EDIT_SETTLE
        return due if self.edited_at is None else max(due, self.edited_at + EDIT_EVERY)


def _following(clock: Clock) -> Callable[[], datetime]:
    """The clock, moved on by real time while it stands still (``pacing.Timeline``)."""
    line = Timeline(clock)
    start, at = clock(), line()
    return lambda: start + timedelta(seconds=line() - at)


def _worker_done(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the board edit queue stopped", exc_info=task.exception())


class BoardEditQueue:
    """Debounced edits, one handler per kind, in memory (see the module docstring)."""

    def __init__(self, clock: Clock) -> None:
        self.now = _following(clock)
        self._handlers: dict[str, Handler] = {}
        self._entries: dict[EditKey, _Entry] = {}
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        """Handler runs and ``after_reply`` work in flight: ``aclose`` ends them."""
        self._closing = False
        self.runs = 0
        """Handler runs finished (tests wait on it: ``wait_runs``)."""
        self._ran = asyncio.Condition()

    def register(self, kind: str, handler: Handler) -> None:
        self._handlers[kind] = handler

    async def mark(self, key: EditKey) -> None:
        if key.kind not in self._handlers:
            return
        entry = self._entries.setdefault(key, _Entry())
        if entry.running:
            entry.again = True
        elif entry.dirty_at is None:
            entry.dirty_at = self.now()
            self._wake.set()

    async def reset(self, key: EditKey) -> None:
        entry = self._entries.get(key)
        if entry is not None:
            entry.shown, entry.stopped = None, False

    def stopped(self, key: EditKey) -> bool:
        """Whether the key's handler said ``stop`` (it is not run again until ``reset``)."""
        entry = self._entries.get(key)
        return entry is not None and entry.stopped

    async def wait_runs(self, count: int, timeout: float = 10.0) -> None:
        """Wait until ``count`` handler runs have finished (their results recorded)."""
        async with asyncio.timeout(timeout), self._ran:
            await self._ran.wait_for(lambda: self.runs >= count)

    def start(self) -> None:
        if self._worker is None:
            # not ``spawn``: shutdown's ``drain`` waits for spawned work, and this never ends
            self._worker = asyncio.get_running_loop().create_task(self._work(), name="edits")
            self._worker.add_done_callback(_worker_done)

    def after_reply(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Run ``work`` (a mark after a member's reply, the marks after a start) without
        holding its caller; ``aclose`` ends it if it is still running when the bot closes."""
        if self._closing:
            work.close()  # the bot is closing: the mark would be lost with the queue anyway
            return
        self._track(work, name)

    def _track(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = spawn(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def aclose(self, grace_s: float = 2.0) -> None:
        """Stop the worker; give edits and marks in flight ``grace_s`` to finish, then cancel
        them, and wait until they have ended (none is left pending when the loop closes)."""
        self._closing = True
        self._wake.set()
        pending = set(self._tasks)
        if self._worker is not None:
            pending.add(self._worker)
            self._worker = None
        if pending:
            _, late = await asyncio.wait(pending, timeout=grace_s)
            for task in late:
                task.cancel()
            if late:  # bounded: a task that swallowed its cancellation is left, and logged
                _, stuck = await asyncio.wait(late, timeout=grace_s)
                for task in stuck:
                    log.warning("%s did not end at close", task.get_name())

    async def _work(self) -> None:
        while not self._closing:
            now = self.now()
            dues = [(e.due(), k) for k, e in self._entries.items()]
            for due, key in dues:
                if due is not None and due <= now:
                    self._entries[key].running = True
                    self._track(self._run(key), f"board edit {key.group_id}")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), NAP_MAX_S)

    async def _run(self, key: EditKey) -> None:
        entry = self._entries[key]
        try:
            result = await self._handlers[key.kind](key, entry.shown)
        except Exception:
            log.exception("edit %s failed", key)
            result = EditResult.retry()
        now = self.now()
        entry.running = False
        if result.outcome == "retry":
            entry.dirty_at = now - EDIT_SETTLE + RETRY_AFTER
        else:
            entry.dirty_at = None
            if result.outcome == "edited":
                entry.edited_at, entry.shown = now, result.shown
            elif result.outcome == "stop":
                entry.stopped = True
        if entry.again:
            entry.again = False
            entry.dirty_at = entry.dirty_at or now
        self._wake.set()
        async with self._ran:
            self.runs += 1
            self._ran.notify_all()
