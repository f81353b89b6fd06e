"""The Discord API emulator and the load generator, in a process of their own.

Run as ``python -m bench.emulator_proc``; it speaks JSON lines: one command per line on stdin,
one answer per line on stdout (``{"ok": true, ...}`` or ``{"ok": false, "error": ...}``). Logs go
to stderr. Keeping the emulator here means it never competes with the bot for the bot's core.

Commands (see ``EmulatorProcess`` for the client side):

- ``start {guilds: [{name, channels: [str], members: int}]}`` -> addresses, env and ids
- ``post {channel, bodies: [...]}``: messages authored by the bot, sent through the emulator's
  own REST route (rate limits off meanwhile) -> their ids; used to put task buttons in place
- ``wait_connected {count, timeout}``
- ``load {channel, custom_ids, members, mode, rate, concurrency, duration, reset, commands}``:
  members click buttons; latency is from just before INTERACTION_CREATE is sent to the bot's
  callback arriving at the emulator. ``commands {channel, caller, name, options, targets, rate}``
  runs slash commands at ``rate`` during the clicks, each with ``member`` set to the next of
  ``targets``, timed to their visible reply; the answer counts replies that carried a file
- ``command {channel, member, name, options, repeat}``: slash command round trips
- ``wait_posts {channels, timeout, since}``: channel posts, 429s and the last post's time
- ``soak_day {channels, members, posts, timeout, concurrency}``: one simulated day of the soak
  (``bench.soak_driver``)
- ``requests_summary {since, arrivals}``: status counts per route, requests in each second
  since then, and with ``arrivals`` each request's time, path and status
- ``edits {since}``: the message edits (PATCH) since then, per message, and every 429
- ``fields {channels, name}``: the value of the embed field ``name`` on each channel's last
  bot message
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator
from itertools import count
from typing import Any

import aiohttp

from bench.command_load import command_load
from bench.command_load import percentile as percentile  # rows import it from here
from bench.soak_driver import soak_day
from emulator import Emulator, Scenario
from emulator.scenario import Channel, Member

log = logging.getLogger("bench.emulator_proc")

JSON = dict[str, Any]
TOKEN = "bench-token"
MESSAGE_ROUTE = "POST /channels/{channel_id}/messages"
EDIT_ROUTE = "PATCH /channels/{channel_id}/messages/{message_id}"
TICK_PREFIX = "studybot:tick:"


@contextlib.contextmanager
def _no_collection_while_timing() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a timed load phase; collect after it.

    The emulator keeps every interaction and reply, so its heap grows quickly under load and a
    full collection pauses this process for longer and longer. Clicks in flight during such a
    pause would be timed that much slower whichever bot answered them; posts sent during one
    reach the rate limiter together when it ends (a pause of 90-150 ms every few seconds at
    row 10's 48 requests a second), so a bot pacing them evenly would meet 429s that only
    this process's pauses made.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


class Runner:
    def __init__(self) -> None:
        self.emu: Emulator | None = None
        self.channels: dict[int, Channel] = {}
        self.members: list[Member] = []
        self.messages: dict[int, list[JSON]] = {}  # channel id -> posted messages
        self._clicks: Iterator[tuple[Member, JSON, str]] | None = None
        self.replies: Counter[str] = Counter()

    @property
    def e(self) -> Emulator:
        assert self.emu is not None, "start first"
        return self.emu

    async def start(self, guilds: list[JSON]) -> JSON:
        sc = Scenario(bot_name="studybot")
        out = []
        for spec in guilds:
            if "shard" in spec:  # ids are consecutive: skip some until the guild is on it
                shard, count = spec["shard"]
                while ((sc.ids.peek() >> 22) % count) != shard:
                    sc.ids.next()
            g = sc.guild(spec["name"])
            chans = [g.text_channel(name) for name in spec.get("channels", [])]
            mems = [g.member(f"m{i}") for i in range(int(spec.get("members", 0)))]
            for ch in chans:
                self.channels[ch.id] = ch
            self.members.extend(mems)
            out.append(
                {"id": g.id, "channels": [c.id for c in chans], "members": [m.id for m in mems]}
            )
        self.emu = Emulator(sc, token=TOKEN, openapi=None)  # OpenAPI validation off
        await self.emu.start()
        return {
            "api": self.emu.api_base,
            "gateway": self.emu.gateway_url,
            "env": self.emu.subprocess_env({}),
            "token": TOKEN,
            "guilds": out,
        }

    async def post(self, channel: int, bodies: list[JSON]) -> JSON:
        """Messages from the bot, through the emulator's own REST route."""
        emu = self.e
        emu.rate_limits.enabled = False
        ids = []
        headers = {"Authorization": f"Bot {emu.token}"}
        try:
            async with aiohttp.ClientSession(headers=headers) as http:
                for body in bodies:
                    url = f"{emu.rest_base}/channels/{channel}/messages"
                    async with http.post(url, json=body) as resp:
                        message = await resp.json()
                        if resp.status != 200:
                            raise RuntimeError(f"seeding a message failed: {message}")
                    self.messages.setdefault(channel, []).append(message)
                    ids.append(message["id"])
        finally:
            emu.rate_limits.enabled = True
        return {"ids": ids}

    async def wait_connected(self, count: int, timeout: float, sync: bool = False) -> JSON:
        await self.e.wait_connected(timeout, count=count)
        if sync:
            await self.e.wait_commands_synced(timeout)
        return {"time": time.time()}

    def _click_sources(
        self, channels: list[int], members: int, message: int | None = None
    ) -> Iterator[tuple[Member, JSON, str]]:
        """Every channel's clicks (``_click_source``) in turn: one click on each post at a time;
        only on each channel's ``message``-th post if given."""
        sources = [self._click_source(c, members, message) for c in channels]
        while sources:
            for source in list(sources):
                try:
                    yield next(source)
                except StopIteration:
                    sources.remove(source)

    def edits(self, since: float) -> JSON:
        per_message: dict[str, list[float]] = {}
        for r in self.e.requests:
            if r.route == EDIT_ROUTE and r.status == 200 and r.time >= since:
                per_message.setdefault(r.path.rsplit("/", 1)[-1], []).append(r.time)
        limited = [f"{r.route} {r.path}" for r in self.e.requests if r.status == 429]
        return {"per_message": per_message, "all_429": len(limited), "samples_429": limited[:3]}

    def fields(self, channels: list[int], name: str) -> JSON:
        out: dict[str, str] = {}
        for cid in channels:
            mine = [m for m in self.e.messages(cid) if m["author"]["id"] == str(self.e.bot_user_id)]
            embed = (mine[-1].get("embeds") or [{}])[0] if mine else {}
            found = [f["value"] for f in embed.get("fields") or [] if f["name"] == name]
            out[str(cid)] = found[0] if found else ""
        return {"fields": out}

    def _click_source(
        self, channel: int, members: int, only: int | None = None
    ) -> Iterator[tuple[Member, JSON, str]]:
        """Every (member, message, button) once: day by day, task by task, member by member."""
        who = self.members[:members]
        posted = self.messages[channel]
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
            handle = await self.e.click(member, message, custom_id, wait=False)
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

    async def load(
        self,
        channel: int,
        members: int,
        mode: str,
        duration: float,
        rate: float = 0.0,
        concurrency: int = 1,
        reset: bool = False,
        commands: JSON | None = None,
        channels: list[int] | None = None,
        message: int | None = None,
    ) -> JSON:
        if reset or self._clicks is None:
            if channels:
                self._clicks = self._click_sources(channels, members, message)
            else:
                self._clicks = self._click_source(channel, members)
        side: asyncio.Task[JSON] | None = None
        if commands is not None:
            side = asyncio.create_task(self._command_load(duration=duration, **commands))
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
        extra = {"commands": await side} if side is not None else {}
        return {
            **extra,
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

    async def _command_load(
        self,
        channel: int,
        caller: int,
        name: str,
        options: JSON,
        targets: list[int],
        rate: float,
        duration: float,
    ) -> JSON:
        return await command_load(
            self.e,
            self.channels[channel],
            self._member(caller),
            name,
            options,
            [self._member(t) for t in targets],
            rate,
            duration,
        )

    def _member(self, member_id: int) -> Member:
        return next(m for m in self.members if m.id == member_id)

    async def command(
        self, channel: int, member: int, name: str, options: JSON, repeat: int
    ) -> JSON:
        emu = self.e
        who = next(m for m in self.members if m.id == member)
        latencies = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            reply = await emu.command(who, self.channels[channel], name, timeout=10.0, **options)
            latencies.append(time.perf_counter() - t0)
        return {
            "p50_ms": 1000 * percentile(latencies, 0.5),
            "p99_ms": 1000 * percentile(latencies, 0.99),
            "n": len(latencies),
            "last_reply": {"content": reply.content, "embeds": reply.embeds},
        }

    @staticmethod
    def _channel_of(record: Any) -> int:
        return int(record.path.rsplit("/", 2)[-2])

    async def wait_posts(
        self, channels: list[int], timeout: float, since: float, per_channel: int = 1
    ) -> JSON:
        """Wait until every channel got ``per_channel`` posts (200); then count posts, channels
        with fewer (missing) or more (doubled), and 429s."""
        wanted = set(channels)
        emu = self.e
        delivered: dict[int, int] = {}
        cursor = 0
        pending: list[Any] = []
        timed_out = False
        deadline = time.monotonic() + timeout
        while True:
            fresh, cursor = emu.requests[cursor:], len(emu.requests)
            still = []
            for r in pending + fresh:
                if r.route != MESSAGE_ROUTE or r.time < since:
                    continue
                if r.status == 0:
                    still.append(r)
                elif r.status == 200:
                    cid = self._channel_of(r)
                    delivered[cid] = delivered.get(cid, 0) + 1
            pending = still
            if all(delivered.get(cid, 0) >= per_channel for cid in wanted):
                break
            if time.monotonic() > deadline:
                timed_out = True
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.5)  # let a doubled post, if any, arrive too
        records = [
            r
            for r in emu.requests
            if r.route == MESSAGE_ROUTE and r.time >= since and self._channel_of(r) in wanted
        ]
        last = max((r.time for r in records if r.status == 200), default=0.0)
        first = min((r.time for r in records if r.status == 200), default=0.0)
        in_channels = {cid: len(emu.messages(cid)) for cid in wanted}
        return {
            "timed_out": timed_out,
            "first_post": first,
            "last_post": last,
            "ok_requests": sum(1 for r in records if r.status == 200),
            "messages": sum(in_channels.values()),
            "missing": sum(1 for n in in_channels.values() if n < per_channel),
            "doubled": sum(1 for n in in_channels.values() if n > per_channel),
            "status_429": sum(1 for r in records if r.status == 429),
            "global_429": sum(
                1 for r in records if r.status == 429 and (r.response or {}).get("global")
            ),
            "other_errors": sum(1 for r in records if r.status not in (200, 429)),
            "all_429": sum(1 for r in emu.requests if r.status == 429 and r.time >= since),
        }

    def requests_summary(self, since: float = 0.0, arrivals: bool = False) -> JSON:
        """Status counts per route of the requests from ``since`` (unix time), and how many
        arrived in each whole second after it (``per_second``, every route; only with ``since``);
        with ``arrivals`` also each request's (time, path, status), for pacing studies."""
        out: dict[str, int] = {}
        seconds: Counter[int] = Counter()
        times: list[tuple[float, str, int]] = []
        for r in self.e.requests:
            if r.time < since:
                continue
            key = f"{r.route} {r.status}"
            out[key] = out.get(key, 0) + 1
            seconds[int(r.time - since)] += 1
            if arrivals:
                times.append((r.time, r.path, r.status))
        last = max(seconds, default=-1) if since else -1
        summary: JSON = {"routes": out, "per_second": [seconds[s] for s in range(last + 1)]}
        return summary | ({"arrivals": times} if arrivals else {})

    async def handle(self, cmd: JSON) -> JSON:
        name = cmd.pop("cmd")
        if name == "start":
            return await self.start(**cmd)
        if name == "post":
            return await self.post(**cmd)
        if name == "wait_connected":
            return await self.wait_connected(**cmd)
        if name == "load":
            with _no_collection_while_timing():
                return await self.load(**cmd)
        if name == "command":
            return await self.command(**cmd)
        if name == "wait_posts":
            with _no_collection_while_timing():
                return await self.wait_posts(**cmd)
        if name == "soak_day":
            return await soak_day(self.e, self.members[: cmd.pop("members")], **cmd)
        if name == "advance":  # Discord's clock moves with the bot's simulated days
            self.e.advance(float(cmd["seconds"]))
            return {}
        if name == "open_dms":  # members the bot reminded before: their DM channels exist
            return {"dms": {str(m.id): self.e.open_dm(m) for m in self.members}}
        if name == "requests_summary":
            return self.requests_summary(**cmd)
        if name == "edits":
            return self.edits(**cmd)
        if name == "fields":
            return self.fields(**cmd)
        if name == "attachments_count":  # files on the messages of these channels
            files = (
                m.get("attachments") or [] for c in cmd["channels"] for m in self.e.messages(c)
            )
            return {"count": sum(len(f) for f in files)}
        if name == "stop":
            if self.emu is not None:
                await self.emu.stop()
            return {}
        raise ValueError(f"unknown command {name!r}")


async def serve() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    runner = Runner()
    out = sys.stdout
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = json.loads(line)
        stop = cmd.get("cmd") == "stop"
        try:
            answer = {"ok": True, **await runner.handle(cmd)}
        except Exception as exc:
            log.exception("command failed")
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()
        if stop:
            break


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(serve())


if __name__ == "__main__":
    main()
