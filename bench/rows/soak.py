"""Row 6: a long soak, simulated weeks of daily posts and clicks against the emulator; the bot's
resident memory must level off.

``StudyBot`` runs in this process, started as the fan-out rows start theirs
(``bench.rows.fan_driver.running_bot``) and its injected clock moved a day at a time; the
emulator and the members run in their own (``bench.soak_driver``). Each simulated day every
group's daily job fires through APScheduler, then every member works through the day's post:
each task, a repeated click answered with an Undo button, that Undo, the task again, and Check
in.
Resident memory (``VmRSS``, after a full collection) is read after the first simulated week
(start), halfway through the rest (middle) and at the end.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bench.harness import EmulatorProcess
from bench.rows.context import RECONCILED, Context, Row, count
from bench.rows.fan_driver import fire_jobs, running_bot
from bench.seed import GroupSpec, SeedRows, insert_groups, insert_members, seed

log = logging.getLogger(__name__)

LEVEL_MB = 2.0
"""Levelled off: the second half grew by less than this, or by less than ``LEVEL_SHARE`` of the
first half's growth (the first week is warm-up: caches and pools fill)."""
LEVEL_SHARE = 0.10


def rss_mb() -> float:
    """This process's resident memory (VmRSS) after a full collection, in MiB."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def levelled_off(start: float, middle: float, end: float) -> bool:
    return end - middle < max(LEVEL_MB, LEVEL_SHARE * (middle - start))


def _view_store(bot: Any) -> int:
    store = bot._connection._view_store
    return len(store._views) + len(store._synced_message_views)


async def soak_row(ctx: Context) -> Row:
    """``soak_groups`` groups of ``soak_members`` members, ``soak_days`` simulated days."""
    s = ctx.sizes
    roadmap = ctx.roadmaps["3month"]
    days = min(s.soak_days, roadmap.total_days)
    warm = max(1, min(7, days // 3))
    marks = {warm: "start", warm + (days - warm) // 2: "middle", days: "end"}
    spec = [{"name": "Soak", "channels": [f"s{i}" for i in range(s.soak_groups)]}]
    spec[0]["members"] = s.soak_members  # type: ignore[assignment]
    db = ctx.workdir / "soak.db"
    async with EmulatorProcess.running(spec) as emu:
        guild = emu.info["guilds"][0]
        first = (datetime.now(UTC) + timedelta(days=1)).replace(hour=9, minute=0, second=0)
        first = first.replace(microsecond=0)
        specs = [
            GroupSpec(guild["id"], ch, roadmap.id, first.date(), time(9))
            for ch in guild["channels"]
        ]
        created = datetime.now(UTC)

        def fill(batch: SeedRows) -> None:
            for gid in insert_groups(batch, specs, created):
                insert_members(batch, guild["id"], gid, guild["members"], created)

        await seed(db, fill)
        samples: dict[str, dict[str, float]] = {}
        totals = {"clicks": 0, "with_buttons": 0, "errors": 0, "bad_days": 0}
        errors: list[str] = []
        started = running_bot(ctx, emu, db, ready=RECONCILED, ready_timeout=60, log_level="WARNING")
        async with started as (bot, clock):
            for day in range(1, days + 1):
                fire = datetime.now(UTC) + timedelta(seconds=0.2)
                clock.offset = first + timedelta(days=day - 1, seconds=1) - fire
                if day > 1:  # a day passed for Discord too: its rate limits reset
                    await emu.call("advance", seconds=timedelta(days=1).total_seconds())
                fire_jobs(bot, "daily", fire)
                used = await emu.call(
                    "soak_day",
                    channels=guild["channels"],
                    members=s.soak_members,
                    posts=day,
                    timeout=60,
                    concurrency=10,
                )
                for k in ("clicks", "with_buttons", "errors"):
                    totals[k] += used[k]
                errors += used["error_samples"][: 3 - len(errors)]
                if not used["posts_min"] == used["posts_max"] == day:
                    totals["bad_days"] += 1
                if day in marks:
                    samples[marks[day]] = {
                        "day": day,
                        "rss_mb": rss_mb(),
                        "view_store": _view_store(bot),
                        "tasks": len(asyncio.all_tasks()),
                    }
            ticks = count(db, "SELECT COUNT(*) FROM ticks")
            sent = count(db, "SELECT COUNT(*) FROM posts WHERE state = 'sent'")
    start, middle, end = (samples[k]["rss_mb"] for k in ("start", "middle", "end"))
    expected_ticks = (
        s.soak_groups * s.soak_members * sum(len(roadmap.day(d).tasks) for d in range(1, days + 1))
    )
    ok = (
        levelled_off(start, middle, end)
        and totals["errors"] == 0
        and totals["bad_days"] == 0
        and ticks == expected_ticks
        and sent == s.soak_groups * days
        and samples["end"]["view_store"] == 0
    )
    details = {
        "samples": samples,
        **totals,
        "error_samples": errors,
        "ticks": ticks,
        "expected_ticks": expected_ticks,
        "posts_sent": sent,
        "expected_posts": s.soak_groups * days,
        "days": days,
        "groups": s.soak_groups,
        "members": s.soak_members,
    }
    growth = max(LEVEL_MB, LEVEL_SHARE * (middle - start))
    return Row(
        "soak",
        f"6 soak, {s.soak_groups} groups x {s.soak_members} members x {days} days",
        f"RSS {start:.1f} -> {middle:.1f} -> {end:.1f} MB (days {warm}, "
        f"{samples['middle']['day']:.0f}, {days}); {totals['clicks']} clicks, "
        f"{totals['with_buttons']} replies with buttons; "
        f"views kept {samples['end']['view_store']:.0f}",
        f"allowed 2nd-half growth {growth:.1f} MB",
        (end - middle) / growth,
        "2nd-half growth / allowed",
        f"end - middle < max({LEVEL_MB:.0f} MB, {LEVEL_SHARE:.0%} of middle - start); 0 lost",
        ok,
        details,
    )
