"""Rows 8a and 8b: the store on PostgreSQL against SQLite in the same run, on the same rows:
task ticks (the button's read and guarded write, ``concurrency`` at a time) and the /progress
leaderboard service of a group with ``progress_members`` members and 84 days of history."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.emulator_proc import percentile
from bench.pg import bench_database, skipped
from bench.rows.context import JSON, Context, Row, utc_today
from bench.seed import GroupSpec, SeedRows, insert_groups, insert_history, insert_members
from bot.roadmaps import Roadmap
from bot.store import Store

GUILD, TICK_CHANNEL, PROGRESS_CHANNEL = 10**17, 2 * 10**17, 3 * 10**17
POOL = 10


def _rows(ctx: Context, roadmap: Roadmap) -> tuple[SeedRows, list[int]]:
    start = utc_today() - timedelta(days=roadmap.total_days - 1)
    created = datetime.combine(start, datetime.min.time(), UTC)
    users = [10**16 + i for i in range(max(ctx.sizes.progress_members, ctx.sizes.tick_members))]
    batch = SeedRows()
    specs = [
        GroupSpec(GUILD, TICK_CHANNEL, roadmap.id, start),
        GroupSpec(GUILD, PROGRESS_CHANNEL, roadmap.id, start),
    ]
    ids = insert_groups(batch, specs, created)
    insert_members(batch, GUILD, ids[0], users[: ctx.sizes.tick_members], created)
    insert_members(batch, GUILD, ids[1], users[: ctx.sizes.progress_members], created)
    insert_history(batch, GUILD, ids[1], users[: ctx.sizes.progress_members], roadmap, start, 84)
    return batch, users


async def _ticks(store: Store, roadmap: Roadmap, users: Sequence[int], ctx: Context) -> JSON:
    """Ticks as clicks make them (``tick_target`` then ``add_tick_counted``): offered at
    ``open_rate`` per second for ``phase_s`` (latency), then ``concurrency`` at a time
    (throughput)."""
    work = iter([(u, d, t.id) for d in range(1, 85) for t in roadmap.day(d).tasks for u in users])
    now = datetime.now(UTC)

    async def one(latencies: list[float]) -> bool:
        """One tick; False once every (member, day, task) was ticked."""
        picked = next(work, None)
        if picked is None:
            return False
        user, day, task = picked
        t0 = time.perf_counter()
        target = await store.tick_target(GUILD, 1, user, day, task)
        assert target is not None and target.member_active
        done = await store.add_tick_counted(GUILD, 1, TICK_CHANNEL, user, day, task, now)
        assert done is not None
        latencies.append(time.perf_counter() - t0)
        return True

    offered: list[float] = []
    count = int(ctx.sizes.open_rate * ctx.sizes.phase_s)
    start = time.perf_counter()
    pending = []
    for k in range(count):
        delay = start + k / ctx.sizes.open_rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        pending.append(asyncio.create_task(one(offered)))
    await asyncio.gather(*pending)

    saturated: list[float] = []

    async def worker(until: float) -> None:
        while time.perf_counter() < until and await one(saturated):
            pass

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(t0 + ctx.sizes.phase_s) for _ in range(ctx.sizes.concurrency)))
    elapsed = time.perf_counter() - t0
    return {
        "offered_per_s": ctx.sizes.open_rate,
        "ticks": len(offered),
        "p50_ms": 1000 * percentile(offered, 0.5),
        "p99_ms": 1000 * percentile(offered, 0.99),
        "saturation_per_s": len(saturated) / elapsed,
    }


async def _progress(store: Store, ctx: Context, user: int) -> JSON:
    from bot.services.context import Actor
    from bot.services.progress import leaderboard

    actor = Actor(guild_id=GUILD, channel_id=PROGRESS_CHANNEL, user_id=user)
    now = datetime.now(UTC)
    await leaderboard(store, ctx.roadmaps, actor, "all", now)
    times = []
    gc.collect()
    gc.freeze()
    for _ in range(ctx.sizes.service_calls):
        t0 = time.perf_counter()
        await leaderboard(store, ctx.roadmaps, actor, "all", now)
        times.append(time.perf_counter() - t0)
    gc.unfreeze()
    return {"p50_ms": 1000 * percentile(times, 0.5), "p99_ms": 1000 * percentile(times, 0.99)}


async def _measure(target: str | Path, ctx: Context, roadmap: Roadmap) -> JSON:
    batch, users = _rows(ctx, roadmap)
    async with Store.open(target, pool_size=POOL) as store:
        await store.import_rows(batch.batch(), datetime.now(UTC))
        ticks = await _ticks(store, roadmap, users[: ctx.sizes.tick_members], ctx)
        progress = await _progress(store, ctx, users[0])
    return {"ticks": ticks, "progress": progress}


async def backend_rows(ctx: Context) -> list[Row]:
    roadmap = ctx.roadmaps["3month"]
    titles = ("8a ticks, PostgreSQL vs SQLite", "8b /progress service, PostgreSQL vs SQLite")
    async with bench_database("studybot_bench") as url:
        if url is None:
            return [skipped("pg_ticks", titles[0]), skipped("pg_progress", titles[1])]  # type: ignore[list-item]
        sqlite = await _measure(ctx.workdir / "backends.db", ctx, roadmap)
        pg = await _measure(url, ctx, roadmap)
    lt, st = pg["ticks"], sqlite["ticks"]
    lp, sp = pg["progress"], sqlite["progress"]
    return [
        Row(
            "pg_ticks",
            f"{titles[0]} ({lt['offered_per_s']:.0f}/s offered)",
            f"p50 {lt['p50_ms']:.2f} ms p99 {lt['p99_ms']:.2f} ms; saturation "
            f"{lt['saturation_per_s']:.0f}/s",
            f"SQLite p99 {st['p99_ms']:.2f} ms; saturation {st['saturation_per_s']:.0f}/s",
            lt["p99_ms"] / st["p99_ms"],
            "p99 / SQLite p99",
            "p99 < 50 ms",
            lt["p99_ms"] < 50.0,
            {"postgresql": lt, "sqlite": st},
        ),
        Row(
            "pg_progress",
            f"{titles[1]} ({ctx.sizes.progress_members} members, 84 days)",
            f"p50 {lp['p50_ms']:.2f} ms p99 {lp['p99_ms']:.2f} ms",
            f"SQLite p99 {sp['p99_ms']:.2f} ms",
            lp["p99_ms"] / sp["p99_ms"],
            "p99 / SQLite p99",
            "p99 < 10 ms",
            lp["p99_ms"] < 10.0,
            {"postgresql": lp, "sqlite": sp},
        ),
    ]
