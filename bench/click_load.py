"""Members clicking task buttons on the posts the bench put in place, inside the emulator
process (``bench.emulator_proc``'s ``load`` command): open loop at a rate, or closed loop with
a number of clicks in flight.

A click's latency is from just before INTERACTION_CREATE is sent to the bot's interaction
callback arriving at the emulator. The clicks stand where the last load left them, so load
phases one after another keep clicking buttons not clicked yet, unless a load resets them.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from itertools import count
from typing import Any

from bench.command_load import percentile
from emulator import Emulator
from emulator.scenario import Member

JSON = dict[str, Any]
TICK_PREFIX = "studybot:tick:"
Click = tuple[Member, JSON, str]
"""Who clicks, the message clicked, the button's custom id."""


class ClickLoad:
    """The click load of one emulator: ``members`` (all the members it made) click on
    ``posted`` (channel id -> the messages put there, which grows as more are posted)."""

    def __init__(self, emu: Emulator, members: list[Member], posted: dict[int, list[JSON]]):
        self.emu = emu
        self.members = members
        self.posted = posted
        self._clicks: Iterator[Click] | None = None
        self.replies: Counter[str] = Counter()

    def _click_sources(
        self, channels: list[int], members: int, message: int | None = None
    ) -> Iterator[Click]:
        """Every channel's clicks (``_click_source``) in turn: one click on each post at a time;
        only on each channel's ``message``-th post if given."""
        sources = [self._click_source(c, members, message) for c in channels]
        while sources:
            for source in list(sources):
                try:
                    yield next(source)
                except StopIteration:
                    sources.remove(source)

    def _click_source(self, channel: int, members: int, only: int | None = None) -> Iterator[Click]:
        """Every (member, message, button) once: day by day, task by task, member by member."""
        who = self.members[:members]
        posted = self.posted[channel]
        for message in posted if only is None else posted[only : only + 1]:
            for row in message.get("components") or []:
                for comp in row.get("components") or []:
                    if not comp["custom_id"].startswith(TICK_PREFIX):
                        continue  # the Check-in button
                    for member in who:
                        yield member, message, comp["custom_id"]

    async def _one_click(self, latencies: list[float], errors: list[str]) -> bool:
        assert self._clicks is not None
        try:
            member, message, custom_id = next(self._clicks)
        except StopIteration:
            return False
        t0 = time.perf_counter()
        try:
            handle = await self.emu.click(member, message, custom_id, wait=False)
            await handle.wait_ack(10.0)
        except Exception as exc:  # every failure is counted, none stops the load
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return True
        latencies.append(time.perf_counter() - t0)
        data = handle.responses[0].get("data") or {} if handle.responses else {}
        embeds = data.get("embeds") or [{}]
        text = data.get("content") or embeds[0].get("description") or embeds[0].get("title")
        self.replies[str(text)[:40]] += 1
        return True

    async def run(
        self,
        channel: int,
        members: int,
        mode: str,
        duration: float,
        rate: float = 0.0,
        concurrency: int = 1,
        reset: bool = False,
        channels: list[int] | None = None,
        message: int | None = None,
    ) -> JSON:
        """One load phase of ``duration`` seconds: ``mode`` "open" sends clicks at ``rate`` per
        second, any other keeps ``concurrency`` clicks in flight. The first ``members`` members
        click on ``channel``'s posts, or on ``channels``' in turn (only their ``message``-th
        post if given)."""
        if reset or self._clicks is None:
            if channels:
                self._clicks = self._click_sources(channels, members, message)
            else:
                self._clicks = self._click_source(channel, members)
        latencies: list[float] = []
        errors: list[str] = []
        self.replies.clear()
        sent = 0
        t0 = time.perf_counter()
        end = t0 + duration
        if mode == "open":
            tasks: set[asyncio.Task[bool]] = set()
            for n in count():
                due = t0 + n / rate
                if due >= end:
                    break
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                task = asyncio.create_task(self._one_click(latencies, errors))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                sent += 1
            if tasks:
                await asyncio.wait(set(tasks), timeout=15)
        else:

            async def worker() -> int:
                done = 0
                while time.perf_counter() < end:
                    if not await self._one_click(latencies, errors):
                        break
                    done += 1
                return done

            sent = sum(await asyncio.gather(*(worker() for _ in range(concurrency))))
        elapsed = time.perf_counter() - t0
        return {
            "sent": sent,
            "acked": len(latencies),
            "errors": len(errors),
            "error_samples": errors[:3],
            "elapsed": elapsed,
            "rate": len(latencies) / elapsed if elapsed else 0.0,
            "p50_ms": 1000 * percentile(latencies, 0.50),
            "p99_ms": 1000 * percentile(latencies, 0.99),
            "replies": dict(self.replies.most_common(3)),
        }
