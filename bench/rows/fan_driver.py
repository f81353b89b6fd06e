"""What the in-process fan-out rows share (2 posts, 12 reminders, 13 digests): the real
``StudyBot`` on a SQLite file against the emulator process, its jobs of one kind all fired at
one chosen instant on a shifted clock, and the row comparing the time to the last message with
the floor Discord's global limit sets. The soak (6) runs its bot and fires its days the same
way."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bench.harness import EmulatorProcess
from bench.rows.context import JSON, Context, LineWaiter, Row, ShiftedClock
from emulator.discord_target import DiscordTarget, point_discord_at

if TYPE_CHECKING:
    from bot.app import StudyBot

log = logging.getLogger(__name__)

GLOBAL_PER_S = 50.0
"""Discord's global limit per bot token: the floor of every fan-out is N / 50 s."""


@dataclass(frozen=True)
class FanOut:
    """One fired minute: what the emulator saw from the instant the jobs fired."""

    result: JSON
    fired_at: float
    """Unix time the jobs were due on the wall clock."""

    @property
    def elapsed(self) -> float:
        return float(self.result["last_post"]) - self.fired_at

    @property
    def clean(self) -> bool:
        r = self.result
        return not r["timed_out"] and r["missing"] == 0 and r["doubled"] == 0


@contextlib.asynccontextmanager
async def running_bot(
    ctx: Context,
    emu: EmulatorProcess,
    db: Path,
    *,
    ready: str,
    ready_timeout: float,
    log_level: str = "INFO",
) -> AsyncIterator[tuple[StudyBot, ShiftedClock]]:
    """``StudyBot`` on ``db`` in this process against the emulator process, with the clock the
    caller shifts; entered once it is connected with its commands synced and the ``bot.daily``
    log line ``ready`` was seen. The bot is closed on leaving, so every write it made is
    committed when the caller reads the database afterwards."""
    from bot.app import StudyBot
    from bot.config import Settings
    from bot.store import Store

    info = emu.info
    settings = Settings.model_validate(
        {"DISCORD_TOKEN": info["token"], "STUDYBOT_DB": str(db), "STUDYBOT_LOG_LEVEL": log_level}
    )
    restore_discord = point_discord_at(DiscordTarget(info["api"], info["gateway"]))
    waiter = LineWaiter(ready)
    daily_log = logging.getLogger("bot.daily")
    daily_log.addHandler(waiter)
    daily_log.setLevel(logging.INFO)
    daily_log.propagate = False
    clock = ShiftedClock()
    try:
        async with Store.open(db) as store:
            bot = StudyBot(settings=settings, store=store, roadmaps=ctx.roadmaps, clock=clock)
            async with bot:
                runner = asyncio.create_task(bot.start(info["token"]))
                try:
                    await emu.call("wait_connected", count=1, timeout=60, sync=True)
                    await asyncio.wait_for(waiter.seen.wait(), ready_timeout)
                    yield bot, clock
                finally:
                    await bot.close()
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(runner, 10)
    finally:
        restore_discord()
        daily_log.removeHandler(waiter)
        daily_log.propagate = True


def fire_jobs(bot: StudyBot, kind: str, at: datetime) -> None:
    """Every scheduled job of ``kind`` runs at ``at`` (wall clock)."""
    from bot.daily import JobKey

    for job in bot.scheduler.get_jobs():
        key = JobKey.parse(job.id)
        if key is not None and key.kind == kind:
            job.modify(next_run_time=at)
    bot.scheduler.wakeup()


async def fire_minute(
    ctx: Context,
    emu: EmulatorProcess,
    db: Path,
    *,
    kind: str,
    ready: str,
    channels: list[int],
    due: datetime,
    timeout: float,
    ready_timeout: float = 120,
    before: Callable[[StudyBot], Awaitable[object]] | None = None,
) -> FanOut:
    """Start the bot on ``db`` (``running_bot``), then make every job of ``kind`` run one
    second from now with the bot's clock at ``due``; returns once each of ``channels`` has its
    message (or ``timeout``). The bot is closed before this returns, so every write it made is
    committed when the caller reads the database."""
    started = running_bot(ctx, emu, db, ready=ready, ready_timeout=ready_timeout)
    async with started as (bot, clock):
        if before is not None:
            await before(bot)
        fire = datetime.now(UTC) + timedelta(seconds=1)
        clock.offset = due - fire
        fire_jobs(bot, kind, fire)
        result = await emu.call(
            "wait_posts", channels=channels, timeout=timeout, since=fire.timestamp() - 0.5
        )
    return FanOut(result, fire.timestamp())


def fan_row(
    key: str,
    title: str,
    run: FanOut,
    floor: float,
    *,
    limit: float = 1.15,
    also_ok: bool = True,
    details: JSON | None = None,
) -> Row:
    """The row: time to the last message against ``floor``, met at ``limit`` times the floor
    with nothing doubled or missing, no 429 and ``also_ok``."""
    r = run.result
    ratio = run.elapsed / floor
    return Row(
        key,
        title,
        f"{run.elapsed:.1f} s; {r['all_429']} 429s; missing {r['missing']}, doubled {r['doubled']}",
        f"floor {floor:.1f} s (50 req/s)",
        ratio,
        "time / floor",
        f"<= {limit:g}x, 0 doubled/missing, 0 429s",
        run.clean and ratio <= limit and r["all_429"] == 0 and also_ok,
        {**r, "elapsed_s": run.elapsed, "floor_s": floor, **(details or {})},
    )
