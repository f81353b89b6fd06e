"""The poster's request pacer: at most ``limit`` slots in any ``per`` seconds, in order."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.daily.pacing import RequestPacer


async def test_no_more_than_limit_slots_in_any_window() -> None:
    pacer = RequestPacer(limit=5, per=0.2)
    loop = asyncio.get_running_loop()
    granted: list[tuple[int, float]] = []

    async def take(n: int) -> None:
        await pacer.wait()
        granted.append((n, loop.time()))

    await asyncio.gather(*(take(n) for n in range(12)))
    assert [n for n, _ in granted] == list(range(12))  # first come, first served
    times = [t for _, t in granted]
    for i in range(len(times) - 5):
        assert times[i + 5] - times[i] >= 0.2 - 1e-3
    assert times[4] - times[0] < 0.05  # a burst up to the limit is not delayed


async def test_a_slot_is_counted_when_its_request_leaves() -> None:
    """What a slot's holder does before its request leaves (a database write) delays the next
    slot too: requests never bunch past the limit behind a slow step."""
    pacer = RequestPacer(limit=2, per=0.2)
    loop = asyncio.get_running_loop()
    left: list[float] = []

    async def take(slow: float) -> None:
        async with pacer.slot():
            await asyncio.sleep(slow)
        left.append(loop.time())

    await asyncio.gather(take(0.15), take(0.0), take(0.0))
    assert left[1] - left[0] < 0.05  # the second waited for the first one's slow step
    assert left[2] - left[0] >= 0.2 - 1e-3  # the third: a window after the first one left


def test_processes_split_the_budget_by_their_shards() -> None:
    from bot.daily.pacing import POSTER_REQUESTS_PER_S, SHARED_REQUESTS_PER_S, pacer_for
    from bot.shards import ShardSet

    whole = pacer_for(None)
    assert (whole.limit, whole.per) == (POSTER_REQUESTS_PER_S, 1.0)
    assert pacer_for(ShardSet.of(range(4), 4)).limit == POSTER_REQUESTS_PER_S
    quarter = pacer_for(ShardSet.of({2}, 4))
    assert quarter.limit == 1 and quarter.per == pytest.approx(4 / SHARED_REQUESTS_PER_S)
    assert SHARED_REQUESTS_PER_S < 50  # four such processes: evenly spaced, 46 per second
    half = pacer_for(ShardSet.of({0, 1}, 4))
    assert half.per == pytest.approx(2 / SHARED_REQUESTS_PER_S)
    tiny = pacer_for(ShardSet.of({0}, 100))
    assert tiny.per == pytest.approx(100 / SHARED_REQUESTS_PER_S)  # one every 2.2 s


async def test_a_shard_pacer_spaces_requests_evenly() -> None:
    from bot.daily.pacing import SHARED_REQUESTS_PER_S, pacer_for
    from bot.shards import ShardSet

    pacer = pacer_for(ShardSet.of({0}, 4))
    loop = asyncio.get_running_loop()
    granted = []
    for _ in range(6):
        await pacer.wait()
        granted.append(loop.time())
    gaps = [b - a for a, b in itertools.pairwise(granted)]
    assert min(gaps) >= 4 / SHARED_REQUESTS_PER_S * 0.99  # never two at once
