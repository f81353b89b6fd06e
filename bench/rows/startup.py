"""Row 4: start-up with N running groups, process start to reconciliation done, against the
bare bot's process start to connected."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from bench.harness import BotProcess, EmulatorProcess
from bench.rows.context import RECONCILED, Context, Row, utc_today
from bench.seed import GroupSpec, SeedRows, insert_groups, insert_sent_posts, seed

log = logging.getLogger(__name__)


async def startup_row(ctx: Context) -> Row:
    """Process start -> jobs scheduled and reconciliation done, with N running groups."""
    n = ctx.sizes.startup_groups
    db = ctx.workdir / "startup.db"
    guild_count = 10
    async with EmulatorProcess.running(
        [{"name": f"S{i}", "channels": ["general"]} for i in range(guild_count)]
    ) as emu:
        guild_ids = [g["id"] for g in emu.info["guilds"]]
        today = utc_today()
        names = sorted(ctx.roadmaps)
        specs = []
        released = []
        for i in range(n):
            roadmap = ctx.roadmaps[names[i % len(names)]]
            days = 1 + i % min(10, roadmap.total_days)
            specs.append(
                GroupSpec(
                    guild_ids[i % guild_count],
                    10**15 + i,
                    roadmap.id,
                    today - timedelta(days=days - 1),
                )
            )
            released.append(days)

        def fill(batch: SeedRows) -> None:
            ids = insert_groups(batch, specs, datetime.now(UTC) - timedelta(days=20))
            rows = [
                (s.guild_id, gid, d)
                for s, gid, days in zip(specs, ids, released, strict=True)
                for d in range(1, days + 1)
            ]
            insert_sent_posts(batch, rows, datetime.now(UTC))

        await seed(db, fill)
        env = emu.env(STUDYBOT_DB=str(db), STUDYBOT_LOG_LEVEL="INFO")
        async with BotProcess.running(["-m", "bot.cli", "run"], env) as bot:
            scheduled = await bot.wait_line("scheduled daily posts", 120)
            await emu.call("wait_connected", count=1, timeout=60, sync=False)
            connected = time.perf_counter()
            done = await bot.wait_line(RECONCILED, 300)
            rss = bot.rss_mb()
            started = bot.started
    total = done - started
    bare = ctx.shared.get("bare_connected_s")
    details = {
        "groups": n,
        "scheduled_s": scheduled - started,
        "connected_s": connected - started,
        "reconciled_s": total,
        "rss_mb": rss,
        "bare_connected_s": bare,
    }
    return Row(
        "startup",
        f"4 start-up, {n} active groups",
        f"{total:.2f} s (jobs {scheduled - started:.2f} s, gateway {connected - started:.2f} s); "
        f"RSS {rss:.0f} MB",
        f"bare bot connected {bare:.2f} s" if bare else "target 3 s",
        total / bare if bare else total / 3.0,
        "time / bare bot connect" if bare else "time / 3 s",
        "< 3 s, < 200 MB",
        total < 3.0 and rss < 200,
        details,
    )
