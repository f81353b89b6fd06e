"""The edit queue on the injected clock: coalesced, at most one edit per message per minute,
durable across restarts (a pending edit is performed once, never lost, never repeated), gone
messages dropped, transient failures retried."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.daily.edits import EDIT_EVERY, EDIT_SETTLE, EditKey, EditQueue, EditResult
from bot.daily.tasks import drain, spawn
from bot.store import Store
from tests.conftest import NOW
from tests.e2e.conftest import FakeClock
from tests.store.samples import GUILD_A, new_group


class Handler:
    """Records every call; answers what ``answers`` says (``edited`` by default) and says the
    state it read (``state``, as a real handler reads the database when it runs)."""

    def __init__(self) -> None:
        self.calls: list[tuple[EditKey, str | None]] = []
        self.state = "v0"
        self.answer = "edit"

    async def __call__(self, key: EditKey, shown: str | None) -> EditResult:
        self.calls.append((key, shown))
        if self.answer == "raise":
            raise RuntimeError("Discord is down")
        if self.answer == "stop":
            return EditResult.stop()
        if shown == self.state:
            return EditResult.unchanged()
        return EditResult.edited(self.state)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store.open(tmp_path / "edits.db") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def key(store: Store) -> EditKey:
    group = await store.create_group(new_group(), NOW)
    return EditKey("day", GUILD_A, group.id, 1)


def queue_of(store: Store, clock: FakeClock, handler: Handler) -> EditQueue:
    queue = EditQueue(store, clock, now=clock)
    queue.register("day", handler)
    return queue


async def test_a_burst_of_marks_is_one_edit_after_it_settled(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    handler = Handler()
    queue = queue_of(store, clock, handler)
    writes = 0
    mark_edit = store.mark_edit

    async def counted(*args: object) -> object:
        nonlocal writes
        writes += 1
        return await mark_edit(*args)  # type: ignore[arg-type]

    store.mark_edit = counted  # type: ignore[method-assign]
    for _ in range(30):
        await queue.mark(key)
        handler.state = f"v{_}"
    assert writes == 1  # durable once; the other 29 marks cost nothing
    assert await queue.run_due() == 0  # not yet: the burst may go on
    clock.advance(seconds=EDIT_SETTLE.total_seconds())
    assert await queue.run_due() == 1
    assert handler.calls == [(key, None)] and queue.edits == 1
    assert queue.pending() == 0
    assert await store.pending_edits_all_guilds() == []


async def test_at_most_one_edit_a_minute_showing_the_latest(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    handler = Handler()
    queue = queue_of(store, clock, handler)
    await queue.mark(key)
    clock.advance(seconds=5)
    assert await queue.run_due() == 1  # edited at t=5 showing v0
    for second in range(10, 60, 10):
        clock.set(NOW + timedelta(seconds=second))
        handler.state = f"v{second}"
        await queue.mark(key)
        assert await queue.run_due() == 0  # within the minute: waits
    clock.set(NOW + timedelta(seconds=5) + EDIT_EVERY)
    assert await queue.run_due() == 1
    assert [shown for _, shown in handler.calls] == [None, "v0"]
    assert queue.edits == 2  # the second shows the latest state, v50
    [row] = [await store.mark_edit(key.guild_id, key.group_id, "day", 1, clock())]
    assert row is not None and row.shown == "v50"


async def test_nothing_changed_is_no_edit(store: Store, clock: FakeClock, key: EditKey) -> None:
    handler = Handler()
    queue = queue_of(store, clock, handler)
    await queue.mark(key)
    clock.advance(seconds=5)
    await queue.run_due()
    await queue.mark(key)  # e.g. a tick and its undo: the same numbers
    clock.advance(minutes=2)
    assert await queue.run_due() == 1
    assert queue.edits == 1 and queue.pending() == 0


async def test_a_mark_during_the_edit_is_one_more_edit(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    handler = Handler()
    queue = queue_of(store, clock, handler)
    inner = handler.__call__

    async def marking(k: EditKey, shown: str | None) -> EditResult:
        handler.state = "v1"
        await queue.mark(k)  # a tick lands while the edit is on its way
        return await inner(k, shown)

    queue.register("mid", marking)
    mid = EditKey("mid", key.guild_id, key.group_id, 2)
    await queue.mark(mid)
    clock.advance(seconds=5)
    assert await queue.run_due() == 1
    assert queue.pending() == 1
    assert len(await store.pending_edits_all_guilds()) == 1  # durable too
    clock.advance(seconds=30)
    assert await queue.run_due() == 0
    clock.advance(seconds=30)
    assert await queue.run_due() == 1


async def test_a_restart_performs_a_pending_edit_once(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "restart.db"
    async with Store.open(path) as store:
        group = await store.create_group(new_group(), NOW)
        key = EditKey("day", GUILD_A, group.id, 1)
        before = Handler()
        queue = queue_of(store, clock, before)
        await queue.mark(key)
        # the process dies before the edit is due
    assert before.calls == []
    clock.advance(seconds=30)
    async with Store.open(path) as store:
        after = Handler()
        queue = queue_of(store, clock, after)
        assert await queue.start() == 1
        assert await queue.run_due() == 1
        await queue.stop()
    assert after.calls == [(key, None)]
    async with Store.open(path) as store:  # and again: nothing left to repeat
        third = Handler()
        queue = queue_of(store, clock, third)
        assert await queue.start() == 0
        clock.advance(minutes=5)
        assert await queue.run_due() == 0
        await queue.stop()
    assert third.calls == []


async def test_a_restart_keeps_the_minute(store: Store, clock: FakeClock, key: EditKey) -> None:
    handler = Handler()
    queue = queue_of(store, clock, handler)
    await queue.mark(key)
    clock.advance(seconds=5)
    await queue.run_due()  # edited at t=5
    handler.state = "v1"
    await queue.mark(key)
    restarted = queue_of(store, clock, handler)
    assert await restarted.start() == 1
    clock.advance(seconds=30)
    assert await restarted.run_due() == 0  # the minute since the last edit is not over
    clock.advance(seconds=30)
    assert await restarted.run_due() == 1
    await restarted.stop()


async def test_a_gone_message_is_never_edited_again(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    handler = Handler()
    handler.answer = "stop"
    queue = queue_of(store, clock, handler)
    await queue.mark(key)
    clock.advance(seconds=5)
    await queue.run_due()
    assert len(handler.calls) == 1 and queue.stopped(key) and queue.runs == 1
    for _ in range(3):
        await queue.mark(key)
        clock.advance(minutes=2)
        assert await queue.run_due() == 0
    fresh = queue_of(store, clock, handler)  # a restart remembers it too
    await fresh.mark(key)
    clock.advance(minutes=2)
    assert await fresh.run_due() == 0
    assert len(handler.calls) == 1
    await fresh.reset(key)  # a new message took its place
    await fresh.mark(key)
    clock.advance(seconds=5)
    assert await fresh.run_due() == 1


async def test_a_failed_edit_is_retried_later(store: Store, clock: FakeClock, key: EditKey) -> None:
    handler = Handler()
    handler.answer = "raise"
    queue = queue_of(store, clock, handler)
    await queue.mark(key)
    clock.advance(seconds=5)
    assert await queue.run_due() == 1
    assert queue.pending() == 1 and len(await store.pending_edits_all_guilds()) == 1
    clock.advance(seconds=30)
    assert await queue.run_due() == 0
    handler.answer = "edit"
    clock.advance(seconds=31)
    assert await queue.run_due() == 1
    assert queue.edits == 1 and queue.pending() == 0


async def test_kinds_are_registered_once_and_unknown_ones_ignored(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    queue = queue_of(store, clock, Handler())
    with pytest.raises(ValueError):
        queue.register("day", Handler())
    await queue.mark(EditKey("board", key.guild_id, key.group_id))
    assert queue.pending() == 0 and await store.pending_edits_all_guilds() == []


async def test_the_worker_edits_when_the_clock_moves(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    handler = Handler()
    called = asyncio.Event()

    async def signalling(k: EditKey, shown: str | None) -> EditResult:
        called.set()
        return await handler(k, shown)

    queue = EditQueue(store, clock, now=clock)
    queue.register("day", signalling)
    await queue.start()
    await queue.mark(key)
    clock.advance(seconds=6)
    queue.wake()
    await asyncio.wait_for(called.wait(), 5)
    await queue.wait_runs(1)
    await queue.stop()
    assert queue.edits == 1 and queue.runs == 1 and not queue.stopped(key)


class Held:
    """A handler whose edit is on its way until ``release``: the edit in flight."""

    def __init__(self) -> None:
        self.inner = Handler()
        self.called = asyncio.Event()
        self.released = asyncio.Event()

    async def __call__(self, key: EditKey, shown: str | None) -> EditResult:
        self.called.set()
        await self.released.wait()
        return await self.inner(key, shown)

    def release(self) -> None:
        self.released.set()


async def in_flight(store: Store, clock: FakeClock, key: EditKey, held: Held) -> EditQueue:
    """A started queue whose worker is running ``key``'s edit (held)."""
    queue = EditQueue(store, clock, now=clock)
    queue.register("day", held)
    await queue.start()
    await queue.mark(key)
    clock.advance(seconds=6)
    queue.wake()
    await asyncio.wait_for(held.called.wait(), 5)
    return queue


async def test_the_worker_is_a_service_drain_does_not_wait_for(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    queue = EditQueue(store, clock, now=clock)
    queue.register("day", Handler())
    await queue.start()
    spawned = asyncio.Event()
    spawn(spawned.wait(), name="work that ends")
    spawned.set()
    # drain waits for the work that ends, not for the worker (which never ends)
    await asyncio.wait_for(drain(60), 10)
    await queue.stop()


async def test_stop_lets_the_edit_in_flight_finish_and_be_recorded(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    held = Held()
    queue = await in_flight(store, clock, key, held)
    worker = queue._worker
    assert worker is not None
    worker.add_done_callback(lambda _: held.release())  # in flight until the worker has ended
    await asyncio.wait_for(queue.stop(), 10)
    assert queue.edits == 1 and queue.runs == 1
    assert await store.pending_edits_all_guilds() == []


async def test_close_drops_the_edit_in_flight_which_stays_pending(
    store: Store, clock: FakeClock, key: EditKey
) -> None:
    held = Held()
    queue = await in_flight(store, clock, key, held)
    queue.close()
    await queue.settle()
    assert held.inner.calls == [] and queue.edits == 0
    [row] = await store.pending_edits_all_guilds()
    assert (row.kind, row.item, row.dirty_at) == ("day", 1, NOW)
