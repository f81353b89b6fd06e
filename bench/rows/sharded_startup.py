"""Row 9: start-up of 4 shard processes (``studybot run --shards k --shard-count 4``) over one
PostgreSQL database with N running groups: each process start to its whole start-up
reconciliation done (posts, then digests), against the 5 s target; run at several sizes to show
how the cost grows.

The groups have the bot's defaults, the weekly digest on, and every post and digest due so far
is already sent: a restart of a bot that was running, with nothing to catch up."""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime, timedelta

from bench.harness import BotProcess, EmulatorProcess
from bench.pg import bench_database, skipped
from bench.rows.context import JSON, Context, Row, utc_today
from bench.rows.digest import DIGESTS_RECONCILED
from bench.rows.shards import PROCESSES, shard_env, shard_guilds
from bench.seed import GroupSpec, SeedRows, insert_groups, insert_sent_posts, seed
from bot.services.digest_plan import digest_nonce, latest_due_week
from bot.services.settings import settings_from
from bot.store.features.digests import Digest

log = logging.getLogger(__name__)
SERVERS_PER_SHARD = 10
TITLE = "9 start-up over 4 shard processes (PostgreSQL)"


async def _one_size(ctx: Context, n: int) -> JSON:
    async with (
        bench_database("studybot_bench_start") as url,
        EmulatorProcess.running(shard_guilds(SERVERS_PER_SHARD * PROCESSES)) as emu,
    ):
        assert url is not None
        guild_ids = [g["id"] for g in emu.info["guilds"]]
        names = sorted(ctx.roadmaps)
        today = utc_today()
        specs, released = [], []
        for i in range(n):
            roadmap = ctx.roadmaps[names[i % len(names)]]
            days = 1 + i % min(10, roadmap.total_days)
            specs.append(
                GroupSpec(
                    guild_ids[i % len(guild_ids)],
                    10**15 + i,
                    roadmap.id,
                    today - timedelta(days=days - 1),
                    digest=True,
                )
            )
            released.append(days)

        def fill(batch: SeedRows) -> None:
            now = datetime.now(UTC)
            ids = insert_groups(batch, specs, now - timedelta(days=20))
            rows = [
                (s.guild_id, gid, d)
                for s, gid, days in zip(specs, ids, released, strict=True)
                for d in range(1, days + 1)
            ]
            insert_sent_posts(batch, rows, now)
            defaults = settings_from({})
            for group in batch.groups:
                week = latest_due_week(group, defaults, now)
                batch.digests.append(
                    Digest(
                        group.guild_id,
                        group.id,
                        week,
                        "sent",
                        digest_nonce(group.id, week),
                        10**17 + group.id,
                        False,
                        now,
                        now,
                        None,
                    )
                )

        await seed(url, fill)
        results: list[JSON] = []
        async with contextlib.AsyncExitStack() as stack:
            bots = []
            for k in range(PROCESSES):
                env = shard_env(emu, url, k, STUDYBOT_LOG_LEVEL="INFO")
                bots.append(
                    await stack.enter_async_context(
                        BotProcess.running(["-m", "bot.cli", "run"], env)
                    )
                )
            for bot in bots:
                done = await bot.wait_line(DIGESTS_RECONCILED, 300)
                line = next(t for _, t in bot.lines if DIGESTS_RECONCILED in t)
                results.append(
                    {
                        "seconds": done - bot.started,
                        "cpu_s": bot.cpu_s()[0],
                        "rss_mb": bot.rss_mb(),
                        "log": line[-80:],
                    }
                )
    return {
        "groups": n,
        "slowest_s": max(float(r["seconds"]) for r in results),
        "max_rss_mb": max(float(r["rss_mb"]) for r in results),
        "max_cpu_s": max(float(r["cpu_s"]) for r in results),
        "processes": results,
    }


async def sharded_startup_row(ctx: Context) -> Row:
    async with bench_database("studybot_bench_probe") as probe:
        if probe is None:
            return skipped("shard_startup", TITLE)  # type: ignore[return-value]
    runs = [await _one_size(ctx, n) for n in ctx.sizes.shard_startup_groups]
    big = runs[-1]
    growth = "; ".join(
        f"{r['groups']}: {r['slowest_s']:.2f} s (CPU {r['max_cpu_s']:.2f} s) "
        f"{r['max_rss_mb']:.0f} MB"
        for r in runs
    )
    return Row(
        "shard_startup",
        f"{TITLE}, {big['groups']} groups",
        f"slowest {big['slowest_s']:.2f} s, max RSS {big['max_rss_mb']:.0f} MB ({growth})",
        "target 5 s, 300 MB",
        big["slowest_s"] / 5.0,
        "slowest / 5 s",
        "< 5 s, < 300 MB per process",
        big["slowest_s"] < 5.0 and big["max_rss_mb"] < 300,
        {"runs": runs},
    )
