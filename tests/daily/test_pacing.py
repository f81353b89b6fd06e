"""The poster's request pacer: at most ``limit`` slots in any ``per`` seconds, in order, and
per channel at most ``channel_limit`` messages in any ``channel_per`` seconds."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from bot.daily.pacing import (
    POSTER_REQUESTS_PER_S,
    SHARED_REQUESTS_PER_S,
    RequestPacer,
    pacer_for,
)
from bot.shards import ShardSet


def within(times: list[float], limit: int, per: float) -> bool:
    """No more than ``limit`` of ``times`` (sorted) in any ``per`` seconds."""
    return all(times[i + limit] - times[i] >= per - 1e-3 for i in range(len(times) - limit))


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
    assert within(times, 5, 0.2)
    assert times[4] - times[0] < 0.05  # a burst up to the limit is not delayed


async def test_a_send_holds_its_global_slot_until_a_window_after_it_finished() -> None:
    pacer = RequestPacer(limit=2, per=0.3, channel_limit=10, channel_per=0.1)
    loop = asyncio.get_running_loop()
    spans: list[tuple[float, float]] = []

    async def post(channel: int) -> None:
        async with pacer.sending(channel):
            began = loop.time()
            await asyncio.sleep(0.1)  # the request's own travel, however long
            spans.append((began, loop.time()))

    await asyncio.gather(*(post(c) for c in range(4)))  # four channels: only the global limit
    spans.sort()
    # the third may start only 0.3 s after the first finished: arrivals, wherever they fall
    # inside their requests, are never more than two in any 0.3 s
    assert spans[2][0] - spans[0][1] >= 0.3 - 1e-3
    assert spans[3][0] - spans[1][1] >= 0.3 - 1e-3


async def test_a_channel_counts_from_when_its_sends_finished() -> None:
    pacer = RequestPacer(limit=50, per=0.2, channel_limit=2, channel_per=0.3)
    loop = asyncio.get_running_loop()
    spans: dict[int, list[tuple[float, float]]] = {1: [], 2: []}

    async def post(channel: int, takes: float) -> None:
        async with pacer.sending(channel):
            began = loop.time()
            await asyncio.sleep(takes)  # the request's own travel
            spans[channel].append((began, loop.time()))

    start = loop.time()
    await asyncio.gather(*(post(1, 0.05) for _ in range(5)), post(2, 0.0), post(2, 0.0))
    one = spans[1]
    assert all(a[1] <= b[0] for a, b in pairwise(one))  # one at a time
    # the third starts 0.3 s after the first finished (not after it began), and so on
    assert all(one[i + 2][0] - one[i][1] >= 0.3 - 1e-3 for i in range(len(one) - 2))
    assert max(began for began, _ in spans[2]) - start < 0.1  # the other channel went through


async def test_idle_channels_are_forgotten() -> None:
    pacer = RequestPacer(limit=10_000, per=1.0, channel_limit=1, channel_per=0.01)
    for channel in range(1024):
        async with pacer.sending(channel):
            pass
    await asyncio.sleep(0.02)
    async with pacer.sending(5000):
        pass
    assert pacer.channels_tracked == 1


def test_limits_must_allow_something() -> None:
    with pytest.raises(ValueError, match="limit"):
        RequestPacer(limit=0)
    with pytest.raises(ValueError, match="channel_limit"):
        RequestPacer(channel_limit=0)


async def test_a_channel_window_passes_on_the_bots_clock() -> None:
    now = [datetime(2026, 3, 2, 9, 0, tzinfo=UTC)]
    pacer = RequestPacer(channel_limit=1, channel_per=0.3, clock=lambda: now[0])
    loop = asyncio.get_running_loop()
    async with pacer.sending(1):
        pass
    now[0] += timedelta(days=1)  # a day later on the bot's clock: the window has passed
    began = loop.time()
    async with pacer.sending(1):
        pass
    assert loop.time() - began < 0.2
    now[0] -= timedelta(days=2)  # set back: a window still never lasts longer than its length
    began = loop.time()
    async with pacer.sending(1):
        pass
    assert 0.3 - 1e-3 <= loop.time() - began < 1.0


async def test_a_clock_standing_still_leaves_the_channel_to_real_time() -> None:
    frozen = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the sandbox's clock between moves
    pacer = RequestPacer(channel_limit=1, channel_per=0.2, clock=lambda: frozen)
    loop = asyncio.get_running_loop()
    began = loop.time()
    sent: list[float] = []
    for _ in range(3):
        async with pacer.sending(1):
            sent.append(loop.time() - began)
    assert sent[1] >= 0.2 - 1e-3 and sent[2] >= 0.4 - 1e-3
    assert sent[2] < 0.4 + 0.3  # each waited one window, not more


async def test_a_slow_step_inside_a_slot_never_bunches_requests() -> None:
    """What a send does before its request leaves (exactly-once delivery records the attempt)
    happens inside its slot: however uneven those steps, no window sees more requests leave
    than the limit."""
    pacer = RequestPacer(limit=2, per=0.2, channel_limit=10, channel_per=0.1)
    loop = asyncio.get_running_loop()
    left: list[float] = []

    async def post(channel: int, slow: float) -> None:
        async with pacer.sending(channel):
            await asyncio.sleep(slow)  # the attempt's database write
            left.append(loop.time())  # the request leaves

    await asyncio.gather(*(post(c, slow) for c, slow in enumerate([0.15, 0.0, 0.0, 0.05, 0.0])))
    left.sort()
    assert within(left, 2, 0.2)


def test_processes_split_the_budget_by_their_shards() -> None:
    whole = pacer_for(None).global_window
    assert (whole.limit, whole.per) == (POSTER_REQUESTS_PER_S, 1.0)
    assert pacer_for(ShardSet.of(range(4), 4)).global_window.limit == POSTER_REQUESTS_PER_S
    quarter = pacer_for(ShardSet.of({2}, 4)).global_window
    assert quarter.limit == 1 and quarter.per == pytest.approx(4 / SHARED_REQUESTS_PER_S)
    assert SHARED_REQUESTS_PER_S < 50  # four such processes: evenly spaced, 46 per second
    half = pacer_for(ShardSet.of({0, 1}, 4)).global_window
    assert half.per == pytest.approx(2 / SHARED_REQUESTS_PER_S)
    tiny = pacer_for(ShardSet.of({0}, 100)).global_window
    assert tiny.per == pytest.approx(100 / SHARED_REQUESTS_PER_S)  # one every 2.2 s


async def test_a_shard_pacer_spaces_requests_evenly() -> None:
    pacer = pacer_for(ShardSet.of({0}, 4))
    every = 4 / SHARED_REQUESTS_PER_S
    loop = asyncio.get_running_loop()
    granted = []
    for _ in range(6):
        await pacer.wait()
        granted.append(loop.time())
    # never two at once (a late wake-up of one may shorten the next gap, never the sum)
    assert min(b - a for a, b in pairwise(granted)) >= every / 2
    assert granted[-1] - granted[0] >= 5 * every - 0.005
