"""The bench's rows: each measures a figure and, in the same run, the ceiling it is compared
with."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sqlite3
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bench.emulator_proc import percentile
from bench.harness import BotProcess, EmulatorProcess
from bench.seed import (
    GroupSpec,
    SeedRows,
    day_post_bodies,
    insert_groups,
    insert_history,
    insert_members,
    insert_sent_posts,
    make_group,
    plan_for,
    seed,
)
from bot.config import SHIPPED_ROADMAPS
from bot.roadmaps import Roadmap, load_roadmaps

log = logging.getLogger(__name__)

RECONCILED = "start-up reconciliation done"
JSON = dict[str, Any]


@dataclass(frozen=True)
class Sizes:
    tick_members: int
    progress_members: int
    open_rate: float
    phase_s: float
    warmup_s: float
    concurrency: int
    fanout_groups: int
    startup_groups: int
    service_calls: int
    interactions: int
    render_rounds: int
    raw_inserts: int

    @classmethod
    def full(cls) -> Sizes:
        return cls(200, 1000, 500.0, 5.0, 1.0, 50, 2000, 10000, 200, 40, 3, 20000)

    @classmethod
    def quick(cls) -> Sizes:
        return cls(20, 50, 100.0, 1.0, 0.3, 10, 100, 300, 20, 5, 1, 2000)


@dataclass
class Row:
    """One line of the table: a figure, the ceiling it is compared with, and their ratio."""

    key: str
    title: str
    figure: str
    ceiling: str
    ratio: float | None
    ratio_means: str
    target: str
    met: bool | None
    details: JSON = field(default_factory=dict)


@dataclass
class Context:
    sizes: Sizes
    workdir: Path
    roadmaps: dict[str, Roadmap]
    shared: JSON = field(default_factory=dict)  # figures one row hands to another


def _today() -> date:
    return datetime.now(UTC).date()


# -- row 1 and 3: ticks through the emulator, and /progress ----------------------------------


async def _seed_study(
    ctx: Context, db: Path, world: JSON, roadmap: Roadmap
) -> tuple[int, int, date]:
    """Group T (ticks, no history) and group P (/progress: members with 84 days of history)."""
    guild = world["guilds"][0]
    tick_ch, progress_ch = guild["channels"]
    users = guild["members"]
    start = _today() - timedelta(days=roadmap.total_days - 1)  # last day released today
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


def _count(db: Path, sql: str, params: tuple[Any, ...] = ()) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()


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


async def _post_buttons(emu: EmulatorProcess, channel: int, bodies: list[JSON]) -> None:
    await emu.call("post", channel=channel, bodies=bodies)


@contextlib.asynccontextmanager
async def _studybot_world(ctx: Context) -> AsyncIterator[tuple[EmulatorProcess, JSON]]:
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
    async with _studybot_world(ctx) as (emu, world):
        tick_group, _progress_group, start = await _seed_study(ctx, db, world, roadmap)
        guild = world["guilds"][0]
        tick_ch, progress_ch = guild["channels"]
        service = await progress_service(ctx, db, guild["id"], progress_ch, guild["members"][0])
        group = make_group(tick_group, guild["id"], tick_ch, roadmap.id, start)
        await _post_buttons(emu, tick_ch, day_post_bodies(group, roadmap, datetime.now(UTC)))
        env = emu.env(STUDYBOT_DB=str(db), STUDYBOT_LOG_LEVEL="INFO")
        async with BotProcess.running(["-m", "bot.cli", "run"], env) as bot:
            await emu.call("wait_connected", count=1, timeout=60, sync=True)
            await bot.wait_line(RECONCILED, 60)
            study = await _drive_ticks(ctx, emu, tick_ch)
            await asyncio.sleep(0.2)
            rows = _count(db, "SELECT COUNT(*) FROM ticks WHERE group_id = ?", (tick_group,))
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
    async with _studybot_world(ctx) as (emu, world):
        guild = world["guilds"][0]
        tick_ch = guild["channels"][0]
        group = make_group(tick_group, guild["id"], tick_ch, roadmap.id, start)
        await _post_buttons(emu, tick_ch, day_post_bodies(group, roadmap, datetime.now(UTC)))
        async with BotProcess.running(["-m", "bench.bare_bot", str(bare_db)], emu.env()) as bare:
            await emu.call("wait_connected", count=1, timeout=60, sync=False)
            bare_connected = time.perf_counter() - bare.started
            bare_run = await _drive_ticks(ctx, emu, tick_ch)
            await asyncio.sleep(0.2)
            bare_rows = _count(bare_db, "SELECT COUNT(*) FROM ticks")
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
    single = bare_single["p50_ms"]
    out.extend(
        [
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
    )
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
    # own long-lived objects are frozen the same way, so a full collection of *them* (~40 ms)
    # is not counted as the service's time.
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


# -- row 2: daily fan-out -------------------------------------------------------------------


class ShiftedClock:
    """The bot's clock: real time plus an offset that the bench sets when it fires the jobs."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class _LineWaiter(logging.Handler):
    def __init__(self, needle: str) -> None:
        super().__init__(logging.INFO)
        self.needle = needle
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.seen.set()


async def fanout_row(ctx: Context) -> Row:
    """N groups due at the same instant: scheduled minute -> last post, against N / 50 s."""
    import discord.gateway
    import discord.http
    import yarl

    from bot.app import StudyBot
    from bot.config import Settings
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
        old = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = info["api"] + "/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(info["gateway"])
        waiter = _LineWaiter(RECONCILED)
        poster_log = logging.getLogger("bot.poster")
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
                            if job.id.count(":") == 1:
                                job.modify(next_run_time=fire)
                        bot.scheduler.wakeup()
                        result = await emu.call(
                            "wait_posts",
                            channels=channels,
                            timeout=floor * 4 + 60,
                            since=fire.timestamp() - 0.5,
                        )
                        await asyncio.sleep(0.3)
                        ledger = _count(db, "SELECT COUNT(*) FROM posts WHERE state = 'sent'")
                    finally:
                        await bot.close()
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(runner, 10)
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old
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


# -- row 4: start-up ------------------------------------------------------------------------


async def startup_row(ctx: Context) -> Row:
    """Process start -> jobs scheduled and reconciliation done, with N running groups."""
    n = ctx.sizes.startup_groups
    db = ctx.workdir / "startup.db"
    guild_count = 10
    async with EmulatorProcess.running(
        [{"name": f"S{i}", "channels": ["general"]} for i in range(guild_count)]
    ) as emu:
        guild_ids = [g["id"] for g in emu.info["guilds"]]
        today = _today()
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


# -- row 5: day computation and rendering ---------------------------------------------------


def _rate(fn: Callable[[], int], min_s: float = 0.3) -> tuple[float, int]:
    """Calls per second of ``fn`` (which returns how many items it did), over >= min_s."""
    done = 0
    t0 = time.perf_counter()
    while True:
        done += fn()
        elapsed = time.perf_counter() - t0
        if elapsed >= min_s:
            return done / elapsed, done


def render_rows(ctx: Context) -> list[Row]:
    import discord

    from bot.render.messages import day_post
    from bot.services.schedule import Pause, Schedule, day_at
    from emulator.errors import DiscordHTTPError
    from emulator.validation import check_message

    now = datetime.now(UTC)
    schedules = []
    for roadmap in ctx.roadmaps.values():
        for pace, weekdays, tz in ((1, False, "UTC"), (2, True, "America/New_York")):
            start = date(2026, 1, 5)
            pause = Pause(datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 2, 8, tzinfo=UTC))
            schedules.append(
                Schedule(
                    start=start,
                    post_time=datetime.min.time().replace(hour=9),
                    timezone=tz,
                    total_days=roadmap.total_days,
                    pace=pace,
                    weekdays_only=weekdays,
                    pauses=(pause,),
                )
            )
    instants = [datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(hours=7 * k) for k in range(400)]

    def days() -> int:
        for s in schedules:
            for t in instants:
                day_at(s, t)
        return len(schedules) * len(instants)

    zones = [ZoneInfo("UTC"), ZoneInfo("America/New_York")]

    def conversions() -> int:
        for _ in schedules:
            for t in instants:
                t.astimezone(zones[0]).date()
                t.astimezone(zones[1]).date()
        return len(schedules) * len(instants)

    day_rate, day_n = _rate(days)
    conv_rate, _ = _rate(conversions)

    plans = []
    for roadmap in ctx.roadmaps.values():
        group = make_group(1234567890123, 1, 2, roadmap.id, date(2026, 1, 5))
        for d in range(1, roadmap.total_days + 1):
            plans.append(plan_for(group, roadmap, d, now))

    violations: list[str] = []
    checked = 0
    for plan in plans:
        for lang in ("en", "zh"):
            msg = day_post(plan, lang)
            body = {
                "content": msg.content,
                "embeds": [e.to_dict() for e in msg.embeds],
                "components": msg.view.to_components() if msg.view else [],
            }
            checked += 1
            try:
                check_message(body)
            except DiscordHTTPError as exc:
                violations.append(f"{plan.roadmap.id} day {plan.day} {lang}: {exc}")

    def renders() -> int:
        for _ in range(ctx.sizes.render_rounds):
            for plan in plans:
                day_post(plan, "en")
        return ctx.sizes.render_rounds * len(plans)

    # the ceiling: discord.py building the same embed and buttons from ready-made strings
    ready = []
    for plan in plans:
        msg = day_post(plan, "en")
        e = msg.embeds[0]
        labels = [
            (c.label, c.custom_id)
            for c in (msg.view.children if msg.view else [])
            if isinstance(c, discord.ui.Button)
        ]
        ready.append((e.title, e.description, e.footer.text, labels))

    def bare_renders() -> int:
        for _ in range(ctx.sizes.render_rounds):
            for title, description, footer, labels in ready:
                e = discord.Embed(title=title, description=description, colour=0x5865F2)
                e.set_footer(text=footer)
                view = discord.ui.View(timeout=None)
                for k, (label, cid) in enumerate(labels):
                    view.add_item(discord.ui.Button(label=label, custom_id=cid, row=k // 5))
        return ctx.sizes.render_rounds * len(ready)

    render_rate, render_n = _rate(renders)
    bare_rate, _ = _rate(bare_renders)
    return [
        Row(
            "day_at",
            "5a day computation (schedule.day_at)",
            f"{day_rate:,.0f}/s",
            f"zone conversions {conv_rate:,.0f}/s",
            day_rate / conv_rate,
            "rate / conversion rate",
            "(no target)",
            None,
            {"calls": day_n, "schedules": len(schedules), "rate": day_rate, "ceiling": conv_rate},
        ),
        Row(
            "render",
            f"5b day posts rendered ({len(plans)} days, 4 roadmaps)",
            f"{render_rate:,.0f}/s; {checked} checked, {len(violations)} over limits",
            f"bare discord.py {bare_rate:,.0f}/s",
            render_rate / bare_rate,
            "rate / bare rate",
            "0 over Discord's limits",
            not violations,
            {
                "renders": render_n,
                "rate": render_rate,
                "ceiling": bare_rate,
                "checked": checked,
                "violations": violations[:10],
            },
        ),
    ]


@contextlib.contextmanager
def workdir() -> Any:
    with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
        yield Path(tmp)


def new_context(quick: bool, folder: Path) -> Context:
    sizes = Sizes.quick() if quick else Sizes.full()
    return Context(sizes, folder, load_roadmaps(SHIPPED_ROADMAPS))
