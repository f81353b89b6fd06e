"""Rows 1a-1d: task-button ticks through the emulator, studybot against the bare discord.py
bot under the same load and raw aiosqlite inserts, and ticks lost. The same studybot run
measures /progress (rows 3a, 3b: ``bench.rows.progress``). The world set up here (a tick group
and a /progress group with 84 days of history) also serves ``bench.rows.cards``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiosqlite

from bench.harness import BotProcess, EmulatorProcess
from bench.rows.context import JSON, RECONCILED, Context, Row, count, utc_today
from bench.rows.progress import progress_rows, progress_service
from bench.seed import (
    GroupSpec,
    SeedRows,
    day_post_bodies,
    insert_groups,
    insert_history,
    insert_members,
    insert_sent_posts,
    make_group,
    seed,
)
from bot.roadmaps import Roadmap

log = logging.getLogger(__name__)


async def seed_study(
    ctx: Context, db: Path, world: JSON, roadmap: Roadmap
) -> tuple[int, int, date]:
    """Group T (ticks, no history) and group P (/progress: members with 84 days of history)."""
    guild = world["guilds"][0]
    tick_ch, progress_ch = guild["channels"]
    users = guild["members"]
    start = utc_today() - timedelta(days=roadmap.total_days - 1)  # last day released today
    created = datetime.combine(start, datetime.min.time(), UTC)
    ids: list[int] = []

    def fill(batch: SeedRows) -> None:
        specs = [
            GroupSpec(guild["id"], tick_ch, roadmap.id, start),
            GroupSpec(guild["id"], progress_ch, roadmap.id, start),
        ]
        ids.extend(insert_groups(batch, specs, created))
        insert_members(batch, guild["id"], ids[0], users[: ctx.sizes.tick_members], created)
        insert_members(batch, guild["id"], ids[1], users[: ctx.sizes.progress_members], created)
        days = range(1, roadmap.total_days + 1)
        insert_sent_posts(batch, [(guild["id"], g, d) for g in ids for d in days], created)
        insert_history(
            batch,
            guild["id"],
            ids[1],
            users[: ctx.sizes.progress_members],
            roadmap,
            start,
            roadmap.total_days,
        )

    await seed(db, fill)
    return ids[0], ids[1], start


async def _drive_ticks(ctx: Context, emu: EmulatorProcess, channel: int) -> JSON:
    s = ctx.sizes
    common = {"channel": channel, "members": s.tick_members}
    warm = await emu.call(
        "load", **common, mode="closed", duration=s.warmup_s, concurrency=s.concurrency, reset=True
    )
    offered = await emu.call("load", **common, mode="open", rate=s.open_rate, duration=s.phase_s)
    sat = await emu.call(
        "load", **common, mode="closed", concurrency=s.concurrency, duration=s.phase_s
    )
    acked = warm["acked"] + offered["acked"] + sat["acked"]
    errors = warm["errors"] + offered["errors"] + sat["errors"]
    return {"offered": offered, "saturation": sat, "acked": acked, "errors": errors}


async def post_buttons(emu: EmulatorProcess, channel: int, bodies: list[JSON]) -> None:
    await emu.call("post", channel=channel, bodies=bodies)


@contextlib.asynccontextmanager
async def studybot_world(ctx: Context) -> AsyncIterator[tuple[EmulatorProcess, JSON]]:
    s = ctx.sizes
    members = max(s.tick_members, s.progress_members)
    spec = [{"name": "Bench Hall", "channels": ["ticks", "progress"], "members": members}]
    async with EmulatorProcess.running(spec) as emu:
        yield emu, emu.info


async def study_rows(ctx: Context) -> list[Row]:
    """Row 1 (ticks: studybot vs the bare bot vs raw aiosqlite) and row 3 (/progress)."""
    s = ctx.sizes
    roadmap = ctx.roadmaps["3month"]
    raw = await raw_insert_rate(ctx.workdir / "raw.db", s.raw_inserts, s.concurrency)

    # studybot, unmodified, in a subprocess
    db = ctx.workdir / "study.db"
    async with studybot_world(ctx) as (emu, world):
        tick_group, _progress_group, start = await seed_study(ctx, db, world, roadmap)
        guild = world["guilds"][0]
        tick_ch, progress_ch = guild["channels"]
        service = await progress_service(ctx, db, guild["id"], progress_ch, guild["members"][0])
        group = make_group(tick_group, guild["id"], tick_ch, roadmap.id, start)
        await post_buttons(emu, tick_ch, day_post_bodies(group, roadmap, datetime.now(UTC)))
        env = emu.env(STUDYBOT_DB=str(db), STUDYBOT_LOG_LEVEL="INFO")
        async with BotProcess.running(["-m", "bot.cli", "run"], env) as bot:
            await emu.call("wait_connected", count=1, timeout=60, sync=True)
            await bot.wait_line(RECONCILED, 60)
            study = await _drive_ticks(ctx, emu, tick_ch)
            await asyncio.sleep(0.2)
            rows = count(db, "SELECT COUNT(*) FROM ticks WHERE group_id = ?", (tick_group,))
            interaction = await emu.call(
                "command",
                channel=progress_ch,
                member=guild["members"][0],
                name="progress",
                options={},
                repeat=s.interactions,
            )

    # the bare discord.py bot, same emulator set-up and load
    bare_db = ctx.workdir / "bare.db"
    async with studybot_world(ctx) as (emu, world):
        guild = world["guilds"][0]
        tick_ch = guild["channels"][0]
        group = make_group(tick_group, guild["id"], tick_ch, roadmap.id, start)
        await post_buttons(emu, tick_ch, day_post_bodies(group, roadmap, datetime.now(UTC)))
        async with BotProcess.running(["-m", "bench.bare_bot", str(bare_db)], emu.env()) as bare:
            await emu.call("wait_connected", count=1, timeout=60, sync=False)
            bare_connected = time.perf_counter() - bare.started
            bare_run = await _drive_ticks(ctx, emu, tick_ch)
            await asyncio.sleep(0.2)
            bare_rows = count(bare_db, "SELECT COUNT(*) FROM ticks")
            bare_single = await emu.call(
                "load",
                channel=tick_ch,
                members=s.tick_members,
                mode="closed",
                concurrency=1,
                duration=s.warmup_s,
            )
    ctx.shared["bare_connected_s"] = bare_connected

    so, ss = study["offered"], study["saturation"]
    bo, bs = bare_run["offered"], bare_run["saturation"]
    lost = study["acked"] - rows
    bare_lost = bare_run["acked"] - bare_rows
    ratio_bare = ss["rate"] / bs["rate"] if bs["rate"] else None
    ratio_raw = ss["rate"] / raw["rate"] if raw["rate"] else None
    details = {
        "studybot": study,
        "bare": bare_run,
        "raw_aiosqlite": raw,
        "rows_after": rows,
        "lost": lost,
        "bare_rows_after": bare_rows,
        "bare_lost": bare_lost,
        "members": s.tick_members,
    }
    out = [
        Row(
            "ticks_offered",
            f"1a ticks @ {s.open_rate:.0f}/s offered",
            f"{so['rate']:.0f}/s p50 {so['p50_ms']:.1f} ms p99 {so['p99_ms']:.1f} ms",
            f"bare bot p99 {bo['p99_ms']:.1f} ms",
            so["p99_ms"] / bo["p99_ms"] if bo["p99_ms"] else None,
            "p99 / bare p99",
            "p99 < 50 ms",
            so["p99_ms"] < 50 and so["errors"] == 0,
            {"studybot": so, "bare": bo},
        ),
        Row(
            "ticks_saturation",
            f"1b ticks saturated ({s.concurrency} in flight)",
            f"{ss['rate']:.0f}/s p50 {ss['p50_ms']:.1f} ms p99 {ss['p99_ms']:.1f} ms",
            f"bare bot {bs['rate']:.0f}/s",
            ratio_bare,
            "rate / bare rate",
            ">= 0.7",
            ratio_bare is not None and ratio_bare >= 0.7,
            {"studybot": ss, "bare": bs},
        ),
        Row(
            "ticks_vs_raw",
            "1c ticks vs raw aiosqlite INSERT+commit",
            f"{ss['rate']:.0f}/s",
            f"raw {raw['rate']:.0f}/s ({s.concurrency}-way)",
            ratio_raw,
            "rate / raw rate",
            "(cost of the whole stack)",
            None,
            {"raw": raw},
        ),
        Row(
            "ticks_lost",
            "1d ticks lost (rows counted after)",
            f"{lost} of {study['acked']} (bare {bare_lost} of {bare_run['acked']})",
            "0",
            None,
            "",
            "0 lost",
            lost == 0 and bare_lost == 0 and study["errors"] == 0,
            details,
        ),
    ]
    ctx.shared["bare_single_p50_ms"] = bare_single["p50_ms"]
    out.extend(progress_rows(ctx, service, interaction, bare_single["p50_ms"]))
    return out


async def raw_insert_rate(db: Path, n: int, concurrency: int) -> JSON:
    """The same INSERT + commit done directly with aiosqlite, ``concurrency`` at a time."""
    conn = await aiosqlite.connect(db)
    try:
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute(
            "CREATE TABLE ticks (id INTEGER PRIMARY KEY, user_id INTEGER, custom_id TEXT)"
        )
        await conn.commit()
        counter = iter(range(n))

        async def worker() -> None:
            for i in counter:
                await conn.execute(
                    "INSERT INTO ticks (user_id, custom_id) VALUES (?, ?)", (i, f"t{i}")
                )
                await conn.commit()

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
        async with conn.execute("SELECT COUNT(*) FROM ticks") as cur:
            row = await cur.fetchone()
        return {"n": n, "elapsed": elapsed, "rate": n / elapsed, "rows": row[0] if row else 0}
    finally:
        await conn.close()
