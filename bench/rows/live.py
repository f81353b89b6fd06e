"""Row 14: live completion under load. 50 ticks per second spread over 20 day posts (one group
each, in its own channel) for a while: how many edits per minute the bot makes and the tick
p99 meanwhile, against the floor Discord's rate limits for message edits set (5 edits per 5 s
per channel: what editing at every tick would run into). Debounced, a post is edited at most
once a minute, the last edit shows the final counts, and no request meets a 429."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from bench.harness import BotProcess, EmulatorProcess
from bench.rows.context import JSON, RECONCILED, Context, Row, utc_today
from bench.seed import GroupSpec, day_post_bodies, insert_groups, insert_members, make_group, seed
from bot.daily.edits import EDIT_EVERY
from bot.roadmaps import Roadmap, task_number
from bot.services.live import LIVE_FOR
from bot.store import Store

log = logging.getLogger(__name__)

POSTS = 20
RATE = 50.0  # ticks per second, over all posts
EDIT_WINDOW_S, EDITS_PER_WINDOW = 5.0, 5  # Discord: 5 edits per 5 s per channel
FIELD = "Group progress"


def expected_lines(
    db: Path, groups: dict[int, int], roadmap: Roadmap, members: int, day: int
) -> JSON:
    """Per channel, the per-task lines the day's post must show once the last edit landed."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT group_id, task_id, COUNT(*) FROM ticks WHERE day = ? "
            "GROUP BY group_id, task_id",
            (day,),
        ).fetchall()
    finally:
        conn.close()
    counts = {(g, t): n for g, t, n in rows}
    tasks = [t.id for t in roadmap.day(day).tasks]
    return {
        str(channel): [
            f"{task_number(k)} ✅ {counts.get((group, task), 0)}/{members}"
            for k, task in enumerate(tasks, 1)
        ]
        for channel, group in groups.items()
    }


async def _posted(ctx: Context, emu: EmulatorProcess, db: Path, world: JSON) -> dict[int, int]:
    """Groups started yesterday with their members, and in each channel the posts of day 1
    (sent eight days ago as far as the ledger knows: past its live week) and day 2 (sent now),
    with the emulator's message ids, as the bot would have sent them. Channel -> group."""
    guild = world["guilds"][0]
    channels, users = guild["channels"], guild["members"]
    start = utc_today() - timedelta(days=1)
    created = datetime.combine(start, datetime.min.time(), UTC)
    specs = [GroupSpec(guild["id"], ch, "14day", start) for ch in channels]
    ids: list[int] = []

    def fill(batch: object) -> None:
        ids.extend(insert_groups(batch, specs, created))  # type: ignore[arg-type]
        for gid in ids:
            insert_members(batch, guild["id"], gid, users, created)  # type: ignore[arg-type]

    await seed(db, fill)
    roadmap = ctx.roadmaps["14day"]
    async with Store.open(db) as store:
        for gid, channel in zip(ids, channels, strict=True):
            group = make_group(gid, guild["id"], channel, roadmap.id, start)
            bodies = day_post_bodies(group, roadmap, datetime.now(UTC))[:2]
            message_ids = (await emu.call("post", channel=channel, bodies=bodies))["ids"]
            now = datetime.now(UTC)
            for day, message_id in enumerate(message_ids, 1):
                sent = now - LIVE_FOR - timedelta(days=1) if day == 1 else now
                await store.claim_post(
                    guild["id"], gid, day, f"bench-{gid}-{day}", sent, late=False
                )
                await store.confirm_post(guild["id"], gid, day, int(message_id), sent)
    return dict(zip(channels, ids, strict=True))


async def live_row(ctx: Context) -> Row:
    s = ctx.sizes
    duration = s.live_load_s
    baseline_s = min(duration, 60.0)
    roadmap = ctx.roadmaps["14day"]
    tasks = min(len(roadmap.day(1).tasks), len(roadmap.day(2).tasks))
    members = max(20, int(RATE * duration / POSTS / tasks) + 10)  # enough clicks for the load
    spec = [{"name": "Live Hall", "channels": [f"l{i}" for i in range(POSTS)], "members": members}]
    db = ctx.workdir / "live.db"
    floor_per_min = POSTS * EDITS_PER_WINDOW * 60 / EDIT_WINDOW_S
    async with EmulatorProcess.running(spec) as emu:
        world = emu.info
        groups = await _posted(ctx, emu, db, world)
        channels = list(groups)
        env = emu.env(STUDYBOT_DB=str(db), STUDYBOT_LOG_LEVEL="INFO")
        async with BotProcess.running(["-m", "bot.cli", "run"], env) as bot:
            await emu.call("wait_connected", count=1, timeout=60, sync=True)
            await bot.wait_line(RECONCILED, 60)
            common = {"channel": channels[0], "channels": channels, "members": members}
            common.update(mode="open", rate=RATE, reset=True)
            # the same load on the week-old posts first: ticks counted, posts not edited
            baseline = await emu.call("load", **common, message=0, duration=baseline_s)
            since = time.time()
            load = await emu.call("load", **common, message=1, duration=duration)
            ended = time.time()
            await asyncio.sleep(0.5)
            want = expected_lines(db, groups, roadmap, members, 2)
            deadline = time.monotonic() + EDIT_EVERY.total_seconds() + 30
            shown: JSON = {}
            while time.monotonic() < deadline:
                shown = (await emu.call("fields", channels=channels, name=FIELD))["fields"]
                if all(all(line in shown[c] for line in want[c]) for c in want):
                    break
                await asyncio.sleep(1.0)
            right = sum(1 for c in want if all(line in shown.get(c, "") for line in want[c]))
            edits = await emu.call("edits", since=since)
            old_edits = (await emu.call("edits", since=0.0))["per_message"]
    per_message: dict[str, list[float]] = edits["per_message"]
    total = sum(len(v) for v in per_message.values())
    in_load = sum(1 for v in per_message.values() for t in v if t <= ended)
    per_min = in_load / (duration / 60)
    gaps = [b - a for v in per_message.values() for a, b in pairwise(sorted(v))]
    min_gap = min(gaps, default=float("inf"))
    ratio = per_min / floor_per_min
    debounced = min_gap >= EDIT_EVERY.total_seconds() - 1.0
    week_old_edited = sum(len(v) for v in old_edits.values()) - total
    p99_allowed = max(50.0, 1.2 * baseline["p99_ms"])
    ok = (
        debounced
        and edits["all_429"] == 0
        and load["errors"] == 0
        and baseline["errors"] == 0
        and load["p99_ms"] <= p99_allowed
        and right == POSTS
        and week_old_edited == 0
    )
    return Row(
        "live",
        f"14 live completion, {RATE:.0f} ticks/s on {POSTS} posts for {duration:.0f} s",
        f"{per_min:.0f} edits/min ({total} in all); tick p99 {load['p99_ms']:.1f} ms "
        f"(week-old posts: {baseline['p99_ms']:.1f} ms); {edits['all_429']} 429s; "
        f"{right}/{POSTS} posts show the final counts",
        f"edit floor {floor_per_min:.0f}/min (5 per 5 s x {POSTS} channels)",
        ratio,
        "edits per min / floor",
        "<= 1 edit per post per min, p99 < 50 ms or <= 1.2x week-old, 0 429s, final counts",
        ok,
        {
            "load": load,
            "baseline": baseline,
            "edits_per_message": {k: len(v) for k, v in per_message.items()},
            "week_old_edited": week_old_edited,
            "min_gap_s": None if min_gap == float("inf") else min_gap,
            "members_per_group": members,
            "shown": shown,
            "expected": want,
            "samples_429": edits["samples_429"],
        },
    )
