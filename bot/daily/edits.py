"""The edit queue: the bot's own messages kept up to date by editing them, debounced, durable.

Some messages show live numbers (a day post's completion; the pinned leaderboard). Every tick
would change them, but a message is edited at most once per ``EDIT_EVERY`` (a minute), however
many ticks arrive, and the edit shows the latest numbers (the handler reads them when it runs).

The API (``/work/lead/edits-api.md``)::

    queue.register("day", handler)            # once, before start(); a kind's handler
    await queue.mark(EditKey("day", guild_id, group_id, item))   # after a change, any number

A handler is ``async (key, shown) -> EditResult``: it renders the message as it should be now,
compares a fingerprint of it with ``shown`` (what the message shows, as the last edit left it)
and edits only if they differ; ``EditResult.edited(fingerprint)``, ``.unchanged()``,
``.stop()`` (the message is gone or too old: never edit it again) or ``.retry()`` (a
transient failure: again in a minute).

Contract:

- ``mark`` is cheap: a message already waiting for its edit costs nothing (in memory); the
  first mark after an edit writes one row (``Store.mark_edit``), so a pending edit is in the
  database before the mark returns, and a restarted bot (``start``) performs it: not lost.
- An edit runs at ``max(first mark + EDIT_SETTLE, last edit + EDIT_EVERY)``: a burst of ticks
  is one edit, and no message is edited twice within ``EDIT_EVERY``. A mark while its edit is
  running makes one more edit after it.
- After an edit the row records it (``edited_at``, ``shown``, no longer dirty): a restart does
  not repeat it. If the bot dies between Discord's answer and that write, the next start
  renders the message again; the fingerprint is not yet recorded, so that one edit is sent
  again, with the same content.
- Time is the injected clock, moved on by real time while the clock stands still (the
  sandbox's): ``pacing.Timeline``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.clock import Clock
from bot.daily.pacing import Timeline
from bot.daily.tasks import spawn_service, stop_service
from bot.shards import ShardSet
from bot.store import Store
from bot.store.features.live import EditRow

log = logging.getLogger(__name__)

EDIT_EVERY = timedelta(seconds=60)
"""At most one edit per message in this time."""
EDIT_SETTLE = timedelta(seconds=5)
"""An edit waits this long after the first mark, so a burst of ticks is one edit."""
RETRY_AFTER = timedelta(seconds=60)
"""A handler that failed transiently runs again after this."""
EDITS_AT_ONCE = 32
"""Edits in flight at once (the pacer spaces them under Discord's limits)."""
NAP_MAX_S = 1.0
"""The worker looks at the clock at least this often (a test or the sandbox moves it)."""


@dataclass(frozen=True, slots=True, order=True)
class EditKey:
    """Which message: its kind (a registered handler), server, group and item (a day post's
    item is its day; a kind with one message per group uses 0)."""

    kind: str
    guild_id: int
    group_id: int
    item: int = 0


Outcome = Literal["edited", "unchanged", "stop", "retry"]


@dataclass(frozen=True, slots=True)
class EditResult:
    outcome: Outcome
    shown: str | None = None
    """The fingerprint of what the message shows after an edit."""

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
    dirty_at: datetime | None
    edited_at: datetime | None
    shown: str | None
    stopped: bool = False
    loading: bool = False
    """Its first mark is being written (its row not read yet): not due."""
    running: bool = False
    again: bool = False
    """Marked while its edit ran: edit once more."""

    def due(self) -> datetime | None:
        if self.dirty_at is None or self.stopped or self.running or self.loading:
            return None
        due = self.dirty_at + EDIT_SETTLE
        if self.edited_at is not None:
            due = max(due, self.edited_at + EDIT_EVERY)
        return due


def _entry(row: EditRow) -> _Entry:
    return _Entry(row.dirty_at, row.edited_at, row.shown, row.stopped)


class EditQueue:
    """Debounced, durable edits of live messages, one handler per kind."""

    def __init__(
        self, store: Store, clock: Clock, *, now: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.now = now or _following(clock)
        """The queue's "now": the clock, or in unit tests a fake one alone."""
        self._handlers: dict[str, Handler] = {}
        self._entries: dict[EditKey, _Entry] = {}
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(EDITS_AT_ONCE)
        self._worker: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()
        self.edits = 0
        """Edits made (handlers that answered ``edited``) since start: for tests and bench."""
        self.runs = 0
        """Handler runs finished, whatever they answered (tests wait on it: ``wait_runs``)."""
        self.runs_of: Counter[str] = Counter()
        """The same, by kind."""
        self._ran = asyncio.Condition()

    # -- the API ---------------------------------------------------------------------------

    def register(self, kind: str, handler: Handler) -> None:
        """The handler of ``kind``'s messages (once per kind)."""
        if kind in self._handlers:
            raise ValueError(f"edit kind {kind!r} is registered already")
        self._handlers[kind] = handler

    async def mark(self, key: EditKey) -> None:
        """``key``'s message needs an edit; returns once that is in the database (at most one
        write per message per ``EDIT_EVERY``; none while it already waits). A kind this
        process has no handler for is ignored."""
        if key.kind not in self._handlers:
            log.debug("no handler for edit kind %r: %s not marked", key.kind, key)
            return
        entry = self._entries.get(key)
        if entry is not None:
            if entry.running:
                entry.again = True
            return  # waiting for its edit, being edited, being marked, or stopped
        now = self.now()
        entry = self._entries[key] = _Entry(now, None, None, loading=True)
        try:
            row = await self.store.mark_edit(key.guild_id, key.group_id, key.kind, key.item, now)
        except BaseException:
            del self._entries[key]
            raise
        if row is None:
            del self._entries[key]
            return
        entry.dirty_at, entry.edited_at, entry.shown = row.dirty_at, row.edited_at, row.shown
        entry.stopped, entry.loading = row.stopped, False
        self._wake.set()

    async def reset(self, key: EditKey) -> None:
        """Forget what ``key``'s message showed and that it was stopped: a new message took its
        place (a recreated pinned board). The next ``mark`` edits it again."""
        self._entries.pop(key, None)
        await self.store.finish_edit(
            key.guild_id,
            key.group_id,
            key.kind,
            key.item,
            dirty_at=None,
            edited_at=None,
            shown=None,
            stopped=False,
        )

    # -- running ---------------------------------------------------------------------------

    async def start(self, shards: ShardSet | None = None) -> int:
        """Load the edits pending in the database (a restart performs them) and start the
        worker; returns how many were pending."""
        rows = await self.store.pending_edits_all_guilds(shards or ShardSet.all())
        for row in rows:
            key = EditKey(row.kind, row.guild_id, row.group_id, row.item)
            if key.kind in self._handlers and key not in self._entries:
                self._entries[key] = _entry(row)
        if self._worker is None:
            self._worker = spawn_service(self._work(), name="edit queue")
        if rows:
            log.info("%d live edits were pending", len(rows))
        return len(rows)

    async def stop(self) -> None:
        """Stop the worker (and wait until it has); edits in flight finish, bounded by
        ``settle`` (pending ones stay in the database)."""
        if self._worker is not None:
            worker, self._worker = self._worker, None
            await stop_service(worker)
        await self.settle()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait (bounded) for the edits in flight to finish and be recorded."""
        if self._running:
            await asyncio.wait(set(self._running), timeout=timeout)

    async def wait_runs(self, count: int, timeout: float = 10.0, kind: str | None = None) -> None:
        """Wait until ``count`` handler runs (of ``kind``, if given) have finished and been
        recorded (tests)."""
        async with asyncio.timeout(timeout), self._ran:
            await self._ran.wait_for(
                lambda: (self.runs if kind is None else self.runs_of[kind]) >= count
            )

    def stopped(self, key: EditKey) -> bool:
        """Whether this process saw ``key``'s handler (or its row) say ``stop``: it is not edited
        again until ``reset``."""
        entry = self._entries.get(key)
        return entry is not None and entry.stopped

    def close(self) -> None:
        """Stop now (the bot is closing): the worker and the edits in flight are cancelled;
        pending edits stay in the database."""
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None
        for task in self._running:
            task.cancel()

    def wake(self) -> None:
        """Look at the clock now (a test moved it)."""
        self._wake.set()

    def pending(self) -> int:
        return sum(1 for e in self._entries.values() if e.dirty_at is not None and not e.stopped)

    def next_due(self) -> datetime | None:
        dues = [d for e in self._entries.values() if (d := e.due()) is not None]
        return min(dues) if dues else None

    async def run_due(self) -> int:
        """Perform every edit due now (concurrently, ``EDITS_AT_ONCE`` at a time) and wait for
        them; returns how many handlers ran."""
        now = self.now()
        due = [k for k, e in self._entries.items() if (d := e.due()) is not None and d <= now]
        for key in due:
            self._entries[key].running = True
        tasks = [asyncio.ensure_future(self._perform(key)) for key in due]
        for task in tasks:
            self._running.add(task)
            task.add_done_callback(self._edit_done)
        if tasks:
            # not gather: stopping the worker must not cancel the edits in flight
            await asyncio.wait(tasks)
        return len(tasks)

    def _edit_done(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("a live edit's outcome could not be recorded", exc_info=exc)

    async def _work(self) -> None:
        while True:
            try:
                await self.run_due()
            except Exception:
                log.exception("live edits failed; trying again")
            nxt = self.next_due()
            nap = NAP_MAX_S
            if nxt is not None:
                nap = min(nap, max(0.0, (nxt - self.now()).total_seconds()))
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), nap)

    async def _perform(self, key: EditKey) -> None:
        entry = self._entries[key]
        entry.again = False
        async with self._slots:
            try:
                result = await self._handlers[key.kind](key, entry.shown)
            except Exception:
                log.exception("live edit of %s failed; retrying later", key)
                result = EditResult.retry()
        try:
            await self._finish(key, entry, result)
            entry.running = False
            if entry.again and entry.dirty_at is None and not entry.stopped:
                # marked while the outcome was being written: one more edit, recorded
                entry.dirty_at = self.now()
                await self.store.mark_edit(
                    key.guild_id, key.group_id, key.kind, key.item, entry.dirty_at
                )
        finally:
            entry.running = False
            if entry.dirty_at is None and not entry.stopped:
                self._entries.pop(key, None)  # up to date: the next mark reads its row again
            elif entry.dirty_at is not None:
                self._wake.set()
            async with self._ran:
                self.runs += 1
                self.runs_of[key.kind] += 1
                self._ran.notify_all()

    async def _finish(self, key: EditKey, entry: _Entry, result: EditResult) -> None:
        now = self.now()
        if result.outcome == "retry":
            assert entry.dirty_at is not None
            entry.dirty_at = max(entry.dirty_at, now + RETRY_AFTER - EDIT_SETTLE)
            return  # the row stays dirty: a restart tries it too
        if result.outcome == "stop":
            entry.stopped, entry.dirty_at = True, None
            log.info("%s is no longer edited live", key)
        else:
            if result.outcome == "edited":
                entry.edited_at, entry.shown = now, result.shown
                self.edits += 1
            entry.dirty_at = now if entry.again else None
        await self.store.finish_edit(
            key.guild_id,
            key.group_id,
            key.kind,
            key.item,
            dirty_at=entry.dirty_at,
            edited_at=entry.edited_at,
            shown=entry.shown,
            stopped=entry.stopped,
        )


def _following(clock: Clock) -> Callable[[], datetime]:
    """The clock, moved on by real time while it stands still (``pacing.Timeline``)."""
    line = Timeline(clock)
    start, at = clock(), line()

    def now() -> datetime:
        return start + timedelta(seconds=line() - at)

    return now
