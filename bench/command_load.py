"""Slash commands driven inside the emulator process: round trips one after another (the
``command`` command), and commands at a steady rate (open loop) beside a click load, which is
what row 7b asks for cards with while it times ticks."""

from __future__ import annotations

import asyncio
import time
from itertools import count
from typing import Any

from emulator import Emulator
from emulator.scenario import Channel, Member

JSON = dict[str, Any]


def percentile(values: list[float], q: float) -> float:
    """The ``q``-quantile (0..1) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return ordered[index]


async def command_round_trips(
    emu: Emulator, channel: Channel, member: Member, name: str, options: JSON, repeat: int
) -> JSON:
    """``name`` run ``repeat`` times by ``member``, each after the last one's visible reply;
    latency to that reply, and the last reply."""
    latencies = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        reply = await emu.command(member, channel, name, timeout=10.0, **options)
        latencies.append(time.perf_counter() - t0)
    return {
        "p50_ms": 1000 * percentile(latencies, 0.5),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "n": len(latencies),
        "last_reply": {"content": reply.content, "embeds": reply.embeds},
    }


async def command_load(
    emu: Emulator,
    channel: Channel,
    caller: Member,
    name: str,
    options: JSON,
    targets: list[Member],
    rate: float,
    duration: float,
) -> JSON:
    """``name`` run by ``caller`` at ``rate`` per second for ``duration`` seconds, ``member``
    cycling through ``targets``; latency to the visible reply, and how many replies carried a
    file."""
    latencies: list[float] = []
    errors: list[str] = []
    files = 0

    async def one(target: Member) -> None:
        nonlocal files
        t0 = time.perf_counter()
        try:
            reply = await emu.command(caller, channel, name, timeout=30.0, member=target, **options)
        except Exception as exc:  # every failure is counted, none stops the load
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        latencies.append(time.perf_counter() - t0)
        files += bool(reply.attachments)

    tasks: set[asyncio.Task[None]] = set()
    sent = 0
    t0 = time.perf_counter()
    for n in count():
        due = t0 + n / rate
        if due >= t0 + duration:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(one(targets[n % len(targets)]))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        sent += 1
    if tasks:
        await asyncio.wait(set(tasks), timeout=60)
    return {
        "sent": sent,
        "answered": len(latencies),
        "with_file": files,
        "errors": len(errors),
        "error_samples": errors[:3],
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p99_ms": 1000 * percentile(latencies, 0.99),
    }
