"""The poster's request pacer: at most ``limit`` slots in any ``per`` seconds, in order, and
per channel at most ``channel_limit`` messages in any ``channel_per`` seconds; shard processes
send in their own slots of the wall clock."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import aiohttp
import pytest

from bot.daily.channels import held_on_global_429
from bot.daily.pacing import (
    POSTER_REQUESTS_PER_S,
    SHARED_REQUESTS_PER_S,
    GlobalWindow,
    RequestPacer,
    pacer_for,
)
from bot.daily.slots import SlottedWindow
from bot.shards import ShardSet
from emulator import Emulator, RateLimiter, Scenario


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


def test_a_process_with_every_shard_keeps_the_budget_shard_processes_share_it() -> None:
    whole = pacer_for(None).global_window
    assert isinstance(whole, GlobalWindow)
    assert (whole.limit, whole.per) == (POSTER_REQUESTS_PER_S, 1.0)
    every = pacer_for(ShardSet.of(range(4), 4)).global_window
    assert isinstance(every, GlobalWindow) and every.limit == POSTER_REQUESTS_PER_S
    quarter = pacer_for(ShardSet.of({2}, 4)).global_window
    assert isinstance(quarter, SlottedWindow)
    assert quarter.period == pytest.approx(1 / SHARED_REQUESTS_PER_S) and quarter.mine == [2]
    assert SHARED_REQUESTS_PER_S < 50
    half = pacer_for(ShardSet.of({0, 1}, 4)).global_window
    assert isinstance(half, SlottedWindow) and (half.mine, half.count) == ([0, 1], 4)


def test_a_process_takes_only_the_slots_of_its_shards() -> None:
    window = SlottedWindow(48, {1, 3}, 4)
    assert [window.slot_at_or_after(n) for n in range(9)] == [1, 1, 3, 3, 5, 5, 7, 7, 9]
    with pytest.raises(ValueError, match="shards"):
        SlottedWindow(48, {4}, 4)
    with pytest.raises(ValueError, match="rate"):
        SlottedWindow(0, {0}, 4)


async def test_shard_processes_interleave_their_requests() -> None:
    """Four processes' windows (here in one event loop, on the same wall clock): each sends
    only at its own slots, so together they send one request every slot, never two at once."""
    rate = 40.0
    windows = [SlottedWindow(rate, {k}, 4, lead=0.01) for k in range(4)]
    sent: list[tuple[float, int]] = []

    async def process(k: int) -> None:
        for _ in range(5):
            await windows[k].wait()
            sent.append((time.time(), k))

    await asyncio.gather(*(process(k) for k in range(4)))
    sent.sort()
    for at, k in sent:
        assert round(at * rate) % 4 == k  # its own shard's slot
    slots = [round(at * rate) for at, _ in sent]
    assert len(set(slots)) == len(slots)  # one request per slot
    own = {k: [at for at, j in sent if j == k] for k in range(4)}
    for times in own.values():  # a process's requests are its slots apart
        assert min(b - a for a, b in pairwise(times)) >= 4 / rate - 0.02


async def test_a_request_that_missed_its_slot_takes_the_next_one() -> None:
    """``before`` runs ahead of the slot; when it ends too late for the slot, the request waits
    for the process's next free slot instead of leaving late, close behind its predecessor."""
    rate = 20.0  # slots 0.05 s apart, the process's (shard 0 of 2) 0.1 s apart
    window = SlottedWindow(rate, {0}, 2, lead=0.02)
    started: list[float] = []
    left: list[float] = []

    async def request(slow: float) -> None:
        async def before() -> None:
            started.append(time.time())
            await asyncio.sleep(slow)  # recording the attempt

        async with window.request(before):
            left.append(time.time())

    await asyncio.gather(request(0.0), request(0.15), request(0.0))
    assert window.missed >= 1
    assert all(round(at * rate) % 2 == 0 for at in left)  # each left at one of its slots
    assert min(b - a for a, b in pairwise(sorted(left))) >= 0.1 - 0.02
    assert all(a < b for a, b in zip(sorted(started), sorted(left), strict=True))


async def test_a_held_window_hands_out_no_slot_until_the_hold_ends() -> None:
    slotted = SlottedWindow(40.0, {1}, 2, lead=0.01)
    slotted.hold(0.3)
    began = time.time()
    await slotted.wait()
    assert time.time() - began >= 0.3 - 0.01
    whole = GlobalWindow(10, 1.0)
    whole.hold(0.2)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await whole.wait()
    assert loop.time() - began >= 0.2 - 0.01


async def test_a_global_429_holds_the_pacer_for_its_retry_after(scenario: Scenario) -> None:
    """Wired into discord.py's ``http_trace`` (``StudyBot``): Discord's global 429 holds the
    pacer; a route's own 429 does not."""
    pacer = RequestPacer()
    window = pacer.global_window
    assert isinstance(window, GlobalWindow)
    limits = RateLimiter(global_limit=2, global_per=30.0)
    limits.set("GET /users/@me", limit=1, per=30.0)
    async with Emulator(scenario, rate_limits=limits) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        trace = held_on_global_429(pacer)
        async with aiohttp.ClientSession(headers=headers, trace_configs=[trace]) as http:
            statuses = []
            for _ in range(2):
                async with http.get(emu.rest_base + "/users/@me") as resp:
                    statuses.append(resp.status)
            assert statuses == [200, 429]  # the route's bucket: not held
            assert window.held_until == 0.0
            async with http.get(emu.rest_base + "/gateway") as resp:
                assert resp.status == 429 and resp.headers["X-RateLimit-Global"] == "true"
                retry_after = float(resp.headers["Retry-After"])
    held = window.held_until - time.monotonic()
    assert 0 < held <= retry_after
