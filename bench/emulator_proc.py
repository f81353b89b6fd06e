"""The Discord API emulator and the load generator, in a process of their own.

Run as ``python -m bench.emulator_proc``; it speaks JSON lines: one command per line on stdin,
one answer per line on stdout (``{"ok": true, ...}`` or ``{"ok": false, "error": ...}``). Logs go
to stderr. Keeping the emulator here means it never competes with the bot for the bot's core.

Commands (see ``EmulatorProcess`` for the client side):

- ``start {guilds: [{name, channels: [str], members: int}]}`` -> addresses, env and ids
- ``post {channel, bodies: [...]}``: messages authored by the bot, sent through the emulator's
  own REST route (rate limits off meanwhile) -> their ids; used to put task buttons in place
- ``wait_connected {count, timeout}``
- ``load {channel, members, mode, rate, concurrency, duration, reset, commands, channels,
  message}``: members click buttons (``bench.click_load``); latency is from just before
  INTERACTION_CREATE is sent to the bot's callback arriving at the emulator.
  ``commands {channel, caller, name, options, targets, rate}`` runs slash commands at ``rate``
  during the clicks, each with ``member`` set to the next of ``targets``, timed to their
  visible reply; the answer counts replies that carried a file (``bench.command_load``)
- ``command {channel, member, name, options, repeat}``: slash command round trips
- ``wait_posts {channels, timeout, since, per_channel}``: channel posts, 429s and the last
  post's time (this and the three below: ``bench.emulator_reports``)
- ``requests_summary {since, arrivals}``: status counts per route, requests in each second
  since then, and with ``arrivals`` each request's time, path and status
- ``edits {since}``: the message edits (PATCH) since then, per message, and every 429
- ``fields {channels, name}``: the value of the embed field ``name`` on each channel's last
  bot message
- ``attachments_count {channels}``: the files on those channels' messages
- ``soak_day {channels, members, posts, timeout, concurrency}``: one simulated day of the soak
  (``bench.soak_driver``)
- ``advance {seconds}``: Discord's clock moves on; ``open_dms``: every member's DM channel
- ``stop``
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import sys
import time
from collections.abc import Iterator
from typing import Any

import aiohttp

from bench import emulator_reports as reports
from bench.click_load import ClickLoad
from bench.command_load import command_load, command_round_trips
from bench.command_load import percentile as percentile  # rows import it from here
from bench.soak_driver import soak_day
from emulator import Emulator, Scenario
from emulator.scenario import Channel, Member

log = logging.getLogger("bench.emulator_proc")

JSON = dict[str, Any]
TOKEN = "bench-token"


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
    """One emulator and the world the bench asked for: its channels, members and the messages
    the bench posted; ``handle`` answers one command."""

    def __init__(self) -> None:
        self.emu: Emulator | None = None
        self.channels: dict[int, Channel] = {}
        self.members: list[Member] = []
        self.messages: dict[int, list[JSON]] = {}  # channel id -> posted messages
        self._clicks: ClickLoad | None = None

    @property
    def e(self) -> Emulator:
        assert self.emu is not None, "start first"
        return self.emu

    @property
    def clicks(self) -> ClickLoad:
        if self._clicks is None:
            self._clicks = ClickLoad(self.e, self.members, self.messages)
        return self._clicks

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

    async def load(self, duration: float, commands: JSON | None = None, **clicks: Any) -> JSON:
        """A click load phase, with ``commands`` run at their rate beside it if given."""
        side: asyncio.Task[JSON] | None = None
        if commands is not None:
            side = asyncio.create_task(self._command_load(duration=duration, **commands))
        result = await self.clicks.run(duration=duration, **clicks)
        extra = {"commands": await side} if side is not None else {}
        return {**extra, **result}

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
        return await command_round_trips(
            self.e, self.channels[channel], self._member(member), name, options, repeat
        )

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
                return await reports.wait_posts(self.e, **cmd)
        if name == "soak_day":
            return await soak_day(self.e, self.members[: cmd.pop("members")], **cmd)
        if name == "advance":  # Discord's clock moves with the bot's simulated days
            self.e.advance(float(cmd["seconds"]))
            return {}
        if name == "open_dms":  # members the bot reminded before: their DM channels exist
            return {"dms": {str(m.id): self.e.open_dm(m) for m in self.members}}
        if name == "requests_summary":
            return reports.requests_summary(self.e, **cmd)
        if name == "edits":
            return reports.edits(self.e, **cmd)
        if name == "fields":
            return reports.fields(self.e, **cmd)
        if name == "attachments_count":
            return reports.attachments_count(self.e, **cmd)
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
