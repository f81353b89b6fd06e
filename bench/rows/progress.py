"""Rows 3a and 3b: /progress, the leaderboard service alone on a seeded database and the
whole interaction through the emulator (measured during the studybot run of ``ticks``)."""

from __future__ import annotations

import gc
import logging
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.emulator_proc import percentile
from bench.rows.context import JSON, Context, Row

log = logging.getLogger(__name__)


async def progress_service(
    ctx: Context, db: Path, guild_id: int, channel_id: int, user_id: int
) -> JSON:
    """``bot.services.progress.leaderboard`` alone, on the seeded database."""
    from bot.services.context import Actor
    from bot.services.progress import leaderboard
    from bot.store import Store

    actor = Actor(guild_id=guild_id, channel_id=channel_id, user_id=user_id)
    times = []
    # The bot keeps its start-up heap out of the collector's sight (``run_bot``); the bench's
    # own long-lived objects are frozen the same way, so a full collection of *them* is not
    # counted as the service's time.
    gc.collect()
    gc.freeze()
    async with Store.open(db) as store:
        now = datetime.now(UTC)
        board = await leaderboard(store, ctx.roadmaps, actor, "all", now)
        for _ in range(ctx.sizes.service_calls):
            t0 = time.perf_counter()
            board = await leaderboard(store, ctx.roadmaps, actor, "all", now)
            times.append(time.perf_counter() - t0)
    gc.unfreeze()
    return {
        "calls": len(times),
        "rows": len(board.rows),
        "p50_ms": 1000 * percentile(times, 0.5),
        "p99_ms": 1000 * percentile(times, 0.99),
        "mean_ms": 1000 * statistics.fmean(times),
    }


def progress_rows(
    ctx: Context, service: JSON, interaction: JSON, bare_click_p50: float
) -> list[Row]:
    """3a against its 10 ms target, 3b against the bare bot's unloaded click round trip."""
    s = ctx.sizes
    single = bare_click_p50
    return [
        Row(
            "progress_service",
            f"3a /progress service ({s.progress_members} members, 84 days)",
            f"p50 {service['p50_ms']:.2f} ms p99 {service['p99_ms']:.2f} ms",
            "target 10 ms",
            service["p99_ms"] / 10.0,
            "p99 / 10 ms",
            "p99 < 10 ms",
            service["p99_ms"] < 10.0,
            service,
        ),
        Row(
            "progress_interaction",
            "3b /progress whole interaction",
            f"p50 {interaction['p50_ms']:.1f} ms p99 {interaction['p99_ms']:.1f} ms",
            f"bare click p50 {single:.1f} ms",
            interaction["p50_ms"] / single if single else None,
            "p50 / bare click p50",
            "(no target)",
            None,
            {k: v for k, v in interaction.items() if k != "last_reply"},
        ),
    ]
