"""Row 2: the daily fan-out, N groups due at the same minute, against the floor Discord's
global rate limit sets."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from bench.harness import EmulatorProcess
from bench.rows.context import RECONCILED, Context, LineWaiter, Row, ShiftedClock, count
from bench.seed import GroupSpec, insert_groups, seed
from emulator.discord_target import DiscordTarget, point_discord_at

log = logging.getLogger(__name__)


async def fanout_row(ctx: Context) -> Row:
    """N groups due at the same instant: scheduled minute -> last post, against N / 50 s."""
    from bot.app import StudyBot
    from bot.config import Settings
    from bot.daily import JobKey
    from bot.store import Store

    n = ctx.sizes.fanout_groups
    per_guild = 100
    guilds = [
        {"name": f"G{i}", "channels": [f"c{j}" for j in range(min(per_guild, n - i * per_guild))]}
        for i in range(-(-n // per_guild))
    ]
    db = ctx.workdir / "fanout.db"
    floor = n / 50.0  # Discord's global limit: 50 requests per second
    async with EmulatorProcess.running(guilds) as emu:
        info = emu.info
        # the minute the groups are due: a day ahead, so nothing is due when the bot starts
        due = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
        specs = [
            GroupSpec(g["id"], ch, "14day", due.date(), due.time().replace(tzinfo=None))
            for g in info["guilds"]
            for ch in g["channels"]
        ]
        channels = [s.channel_id for s in specs]
        await seed(db, lambda batch: insert_groups(batch, specs, datetime.now(UTC)))
        settings = Settings.model_validate(
            {"DISCORD_TOKEN": info["token"], "STUDYBOT_DB": str(db), "STUDYBOT_LOG_LEVEL": "INFO"}
        )
        restore_discord = point_discord_at(DiscordTarget(info["api"], info["gateway"]))
        waiter = LineWaiter(RECONCILED)
        poster_log = logging.getLogger("bot.daily")
        poster_log.addHandler(waiter)
        poster_log.setLevel(logging.INFO)
        poster_log.propagate = False
        clock = ShiftedClock()
        try:
            async with Store.open(db) as store:
                bot = StudyBot(settings=settings, store=store, roadmaps=ctx.roadmaps, clock=clock)
                async with bot:
                    runner = asyncio.create_task(bot.start(info["token"]))
                    try:
                        await emu.call("wait_connected", count=1, timeout=60, sync=True)
                        await asyncio.wait_for(waiter.seen.wait(), 120)
                        fire = datetime.now(UTC) + timedelta(seconds=1)
                        clock.offset = due - fire
                        for job in bot.scheduler.get_jobs():
                            key = JobKey.parse(job.id)
                            if key is not None and key.kind == "daily":
                                job.modify(next_run_time=fire)
                        bot.scheduler.wakeup()
                        result = await emu.call(
                            "wait_posts",
                            channels=channels,
                            timeout=floor * 4 + 60,
                            since=fire.timestamp() - 0.5,
                        )
                        await asyncio.sleep(0.3)
                        ledger = count(db, "SELECT COUNT(*) FROM posts WHERE state = 'sent'")
                    finally:
                        await bot.close()
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(runner, 10)
        finally:
            restore_discord()
            poster_log.removeHandler(waiter)
            poster_log.propagate = True
    elapsed = result["last_post"] - fire.timestamp()
    ratio = elapsed / floor
    ok = not result["timed_out"] and result["missing"] == 0 and result["doubled"] == 0
    return Row(
        "fanout",
        f"2 daily fan-out, {n} groups at one minute",
        f"{elapsed:.1f} s; {result['all_429']} 429s; missing {result['missing']}, "
        f"doubled {result['doubled']}",
        f"floor {floor:.1f} s (50 req/s)",
        ratio,
        "time / floor",
        "<= 1.15x, 0 doubled/missing, 0 429s",
        ok and ratio <= 1.15 and result["all_429"] == 0,
        {**result, "elapsed_s": elapsed, "floor_s": floor, "ledger_sent": ledger},
    )
