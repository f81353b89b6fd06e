"""Fault-injection fixtures: the REAL bot (``python -m bot.cli run``) as a subprocess against the
Discord API emulator running in the test process, on a SQLite file seeded before start.

The subprocess uses the real clock, so groups are seeded in a fixed-offset zone that puts local
time near midday (``midday_zone``): "today", "yesterday" and "post time already passed" then hold
for the whole test whatever the real time of day.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.store import NewGroup, Store
from emulator import Emulator, Scenario
from emulator.scenario import Channel
from tests.bot_posts import bot_posts, labels

REPO = Path(__file__).resolve().parents[2]
SEND = "POST /channels/{channel_id}/messages"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"
START_TIMEOUT = 20.0


# -- time -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalDay:
    """A fixed-offset zone where it is about midday now, and the times seeded in it."""

    zone: str
    """``UTC±HH:00`` as the bot stores it."""
    today: date
    post_time: time
    """An hour (or more) before local now: today's post is due, and late."""
    now: datetime

    def at(self, day: date, t: time) -> datetime:
        hours = int(self.zone[3:6])
        return datetime.combine(day, t, UTC) - timedelta(hours=hours)


def midday_zone(now: datetime | None = None) -> LocalDay:
    now = now or datetime.now(UTC)
    offset = 12 - now.hour  # -11 .. +12: local time is 12:xx
    local = now + timedelta(hours=offset)
    sign = "+" if offset >= 0 else "-"
    return LocalDay(
        zone=f"UTC{sign}{abs(offset):02d}:00",
        today=local.date(),
        post_time=time(local.hour - 1, 0),
        now=now,
    )


# -- the database ----------------------------------------------------------------------------


async def seed_group(
    db: Path | str,
    guild_id: int,
    channel_id: int,
    *,
    day: LocalDay,
    created_by: int,
    start: date | None = None,
    created_at: datetime | None = None,
    catch_up: bool = False,
    members: Iterable[int] = (),
    roadmap: str = "14day",
    digest: bool = False,
) -> int:
    """An active group whose post time has passed today (local); returns its id. Its weekly
    digest is off unless ``digest``: a group seeded a week back would otherwise get one on the
    days it is due, and these tests count what the bot sends (the digest's own test turns it
    on)."""
    start = start or day.today
    created_at = created_at or day.at(start, time(day.post_time.hour - 1, 0))
    async with Store.open(db) as store:
        group = await store.create_group(
            NewGroup(
                guild_id=guild_id,
                channel_id=channel_id,
                roadmap_id=roadmap,
                start_date=start,
                post_time=day.post_time,
                timezone=day.zone,
                created_by=created_by,
                catch_up=catch_up,
            ),
            created_at,
        )
        for user_id in members:
            await store.add_member(guild_id, group.id, user_id, created_at)
        if not digest:
            await store.set_group_setting(guild_id, group.id, "digest", "0")
    return group.id


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Committed rows, over a separate read-only connection (the bot may be dead or gone)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def posts(db: Path, group_id: int | None = None) -> list[tuple[Any, ...]]:
    """(group_id, day, state, message_id, late) rows, by group and day."""
    sql = "SELECT group_id, day, state, message_id, late FROM posts"
    if group_id is not None:
        return rows(db, sql + " WHERE group_id = ? ORDER BY day", (group_id,))
    return rows(db, sql + " ORDER BY group_id, day")


async def wait_db(
    db: Path, predicate: Callable[[Path], bool], timeout: float = 10.0, what: str = "db state"
) -> None:
    """Wait (bounded) for a condition over the committed database, re-read every 20 ms."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate(db):
        if loop.time() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


# -- messages --------------------------------------------------------------------------------


def day_posts(emu: Emulator, channel: Channel | int) -> list[dict[str, Any]]:
    """The bot's daily posts and summary in a channel (found by their buttons), oldest first."""
    return bot_posts(emu.messages(channel))


def post_labels(emu: Emulator, channel: Channel | int) -> list[str]:
    """``g<group> d<day>`` / ``g<group> summary`` for each of them (``tests.bot_posts``)."""
    return labels(emu.messages(channel))


def first_tick_id(post: dict[str, Any]) -> str:
    buttons = [c for row in post["components"] for c in row["components"]]
    return str(next(b["custom_id"] for b in buttons if ":tick:" in b["custom_id"]))


def sends_to(emu: Emulator, channel: Channel | int) -> list[int]:
    """Statuses of every message-send request to ``channel``, in order."""
    cid = channel if isinstance(channel, int) else channel.id
    path = f"/api/v10/channels/{cid}/messages"
    return [r.status or 0 for r in emu.requests if r.route == SEND and r.path == path]


# -- the bot process -------------------------------------------------------------------------


class BotProcess:
    """One run of ``python -m bot.cli run``; its stdout/stderr go to files in tmp_path."""

    def __init__(self, proc: asyncio.subprocess.Process, n: int, out: Path, err: Path) -> None:
        self.proc, self.n, self.out, self.err = proc, n, out, err

    @property
    def log(self) -> str:
        return self.err.read_text(errors="replace") if self.err.exists() else ""

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)

    def sigterm(self) -> None:
        os.kill(self.proc.pid, signal.SIGTERM)

    async def wait(self, timeout: float = 10.0) -> int:
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM and a clean exit 0 (in-flight posts and writes are finished first)."""
        self.sigterm()
        code = await self.wait(timeout)
        assert code == 0, f"bot exited {code}\n{self.log[-3000:]}"

    async def killed(self) -> None:
        self.kill9()
        code = await self.wait()
        assert code == -signal.SIGKILL

    async def wait_log(self, text: str, timeout: float = 10.0, *, count: int = 1) -> None:
        """Wait (bounded) until the bot logged ``text`` ``count`` times."""
        await self._wait_logged(lambda log: log.count(text) >= count, repr(text), timeout)

    async def wait_match(self, pattern: str, timeout: float = 10.0) -> None:
        """``wait_log`` for a regular expression."""
        await self._wait_logged(
            lambda log: re.search(pattern, log) is not None, f"/{pattern}/", timeout
        )

    async def _wait_logged(self, found: Callable[[str], bool], what: str, timeout: float) -> None:
        """Re-read the bot's log file every 20 ms (another process writes it) until ``found``;
        a bot that exited or the deadline passing raises with the log's tail."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not found(self.log):
            if self.proc.returncode is not None or loop.time() > deadline:
                raise TimeoutError(f"bot run {self.n} did not log {what}\n{self.log[-3000:]}")
            await asyncio.sleep(0.02)


class Bots:
    """Starts the real bot against ``emu`` on ``db``; every start is a new process."""

    def __init__(self, emu: Emulator, db: Path | str, tmp_path: Path) -> None:
        self.emu, self.db, self.tmp_path = emu, db, tmp_path
        self.runs: list[BotProcess] = []
        self.sessions = 0

    async def start(self, *args: str, connected: bool = True, shards: int = 1) -> BotProcess:
        """``args`` go to ``studybot run`` (e.g. ``--shards 0,1 --shard-count 2``); with
        ``connected``, wait until its ``shards`` gateway sessions are up."""
        n = len(self.runs) + 1
        self.sessions += shards
        env = self.emu.subprocess_env()
        env.update(
            STUDYBOT_DB=str(self.db),
            STUDYBOT_LOG_LEVEL="DEBUG",
            STUDYBOT_ROADMAPS=str(REPO / "roadmaps"),
        )
        env.pop("STUDYBOT_DEV_GUILD", None)
        out, err = self.tmp_path / f"bot-{n}.stdout", self.tmp_path / f"bot-{n}.stderr"
        with out.open("wb") as fo, err.open("wb") as fe:
            proc = await asyncio.create_subprocess_exec(
                *(sys.executable, "-m", "bot.cli", "run", *args),
                env=env,
                cwd=REPO,
                stdout=fo,
                stderr=fe,
            )
        bot = BotProcess(proc, n, out, err)
        self.runs.append(bot)
        if connected:
            await self.emu.wait_connected(timeout=START_TIMEOUT, count=self.sessions)
        return bot

    async def cleanup(self) -> None:
        for bot in self.runs:
            if bot.proc.returncode is None:
                bot.kill9()
                await bot.proc.wait()

    def dump(self) -> str:
        parts = []
        for bot in self.runs:
            parts.append(f"===== bot run {bot.n} (exit {bot.proc.returncode}) stderr =====")
            parts.extend(ln for ln in bot.log.splitlines() if " aiosqlite: " not in ln)
            stdout = bot.out.read_text(errors="replace") if bot.out.exists() else ""
            if stdout:
                parts.append(f"----- bot run {bot.n} stdout -----\n{stdout}")
        return "\n".join(parts)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "studybot.db"


@pytest.fixture
def today() -> LocalDay:
    return midday_zone()


@pytest_asyncio.fixture
async def bots(emulator: Emulator, db: Path, tmp_path: Path) -> AsyncIterator[Bots]:
    runner = Bots(emulator, db, tmp_path)
    try:
        yield runner
    finally:
        await runner.cleanup()
        emulator.faults.clear()
        print(runner.dump())  # shown by pytest when the test failed


def hall(sc: Scenario, channels: int = 1, members: int = 2) -> Scenario:
    """Guild "Study Hall" with #ch0..#chN-1, alice (manage_guild) and members m1..mN."""
    g = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    for i in range(channels):
        g.text_channel(f"ch{i}")
    g.member("alice", manage_guild=True)
    for i in range(1, members + 1):
        g.member(f"m{i}")
    return sc


@pytest.fixture
def scenario() -> Scenario:
    return hall(Scenario(), channels=4, members=2)
