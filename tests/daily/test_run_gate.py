"""The run gate: one run per group at a time, a bounded number in all, in the order asked, and
a request for a group whose last request still waits joins that one."""

from __future__ import annotations

import asyncio

import pytest

from bot.daily.run_gate import RunGate


class Runs:
    """Runs through a gate that record what happened and wait until ``release`` is set."""

    def __init__(self, gate: RunGate) -> None:
        self.gate = gate
        self.started: list[int] = []
        self.joined: list[int] = []
        self.running = 0
        self.most = 0
        self.release = asyncio.Event()
        self._change = asyncio.Condition()

    async def run(self, group_id: int, *, join: bool = True) -> None:
        async with self.gate.turn(group_id, join=join) as ours:
            if not ours:
                self.joined.append(group_id)
                return
            self.started.append(group_id)
            async with self._change:
                self._change.notify_all()
            self.running += 1
            self.most = max(self.most, self.running)
            await self.release.wait()
            self.running -= 1

    async def until_started(self, count: int) -> None:
        async with asyncio.timeout(2), self._change:
            await self._change.wait_for(lambda: len(self.started) >= count)


async def settle() -> None:
    """Let every task that can move on do so (no I/O here: a few turns of the loop)."""
    for _ in range(20):
        await asyncio.sleep(0)


async def test_runs_start_in_order_at_most_so_many_at_once() -> None:
    runs = Runs(RunGate(3))
    tasks = [asyncio.create_task(runs.run(g)) for g in range(10)]
    await runs.until_started(3)
    await settle()
    assert runs.started == [0, 1, 2]  # the others wait for a slot
    runs.release.set()
    await asyncio.gather(*tasks)
    assert runs.started == list(range(10)) and runs.most == 3 and runs.joined == []


async def test_the_jobs_fired_together_for_a_group_run_it_once() -> None:
    """A group's daily job and its ``next`` job fire in the same pass of the scheduler."""
    runs = Runs(RunGate(8))
    runs.release.set()
    await asyncio.gather(*(runs.run(g) for g in (1, 2, 1, 2, 1)))
    assert runs.started == [1, 2] and sorted(runs.joined) == [1, 1, 2]


async def test_a_request_joins_the_waiting_run_and_returns_when_it_ended() -> None:
    runs = Runs(RunGate(1))
    first = asyncio.create_task(runs.run(1))
    await runs.until_started(1)
    waiting = asyncio.create_task(runs.run(2))  # no slot free: it waits
    await settle()
    joining = asyncio.create_task(runs.run(2))
    await settle()
    assert not joining.done()  # it returns only once the run it joined is over
    runs.release.set()
    await asyncio.gather(first, waiting, joining)
    assert runs.started == [1, 2] and runs.joined == [2]


async def test_a_request_after_the_run_started_runs_again_after_it() -> None:
    """The running run may have read the group before the change that asked again."""
    runs = Runs(RunGate(4))
    first = asyncio.create_task(runs.run(1))
    await runs.until_started(1)
    again = asyncio.create_task(runs.run(1))
    await settle()
    assert runs.started == [1] and runs.running == 1  # one at a time for a group
    runs.release.set()
    await asyncio.gather(first, again)
    assert runs.started == [1, 1] and runs.joined == []


async def test_work_that_is_not_a_run_neither_joins_nor_is_joined() -> None:
    runs = Runs(RunGate(4))
    runs.release.set()
    await asyncio.gather(runs.run(1, join=False), runs.run(1), runs.run(1, join=False))
    assert runs.started == [1, 1, 1] and runs.joined == []


async def test_a_run_that_failed_still_frees_its_group_and_slot() -> None:
    gate = RunGate(1)
    with pytest.raises(RuntimeError):
        async with gate.turn(1):
            raise RuntimeError("the run failed")
    async with asyncio.timeout(1), gate.turn(1) as ours:
        assert ours


def test_the_gate_must_let_something_through() -> None:
    with pytest.raises(ValueError, match="at_once"):
        RunGate(0)
