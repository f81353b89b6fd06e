"""The poster's request pacer: at most ``limit`` slots in any ``per`` seconds, in order."""

from __future__ import annotations

import asyncio

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


def test_processes_split_the_budget_by_their_shards() -> None:
    from bot.daily.pacing import POSTER_REQUESTS_PER_S, SHARED_REQUESTS_PER_S, pacer_for
    from bot.shards import ShardSet

    whole = pacer_for(None)
    assert (whole.limit, whole.per) == (POSTER_REQUESTS_PER_S, 1.0)
    assert pacer_for(ShardSet.of(range(4), 4)).limit == POSTER_REQUESTS_PER_S
    quarter = pacer_for(ShardSet.of({2}, 4))
    assert (quarter.limit, quarter.per) == (12, 1.0)
    assert 4 * quarter.limit <= SHARED_REQUESTS_PER_S < 50  # four processes, in any second
    half = pacer_for(ShardSet.of({0, 1}, 4))
    assert (half.limit, half.per) == (24, 1.0)
    thirds = pacer_for(ShardSet.of({1}, 7))
    assert 7 * thirds.limit <= SHARED_REQUESTS_PER_S
    tiny = pacer_for(ShardSet.of({0}, 100))
    assert tiny.limit == 1 and tiny.per == 3.0  # 100 processes: at most 34 per second
