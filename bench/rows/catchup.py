"""Row 11: back after a week offline, N groups with catch-up on post eight days each into their
own channels, under Discord's real limits, against the floor those limits set."""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime, timedelta

from bench.harness import BotProcess, EmulatorProcess
from bench.rows.context import (
    RECONCILED,
    Context,
    Row,
    count,
    group_channels,
    group_guilds,
    utc_today,
)
from bench.seed import GroupSpec, insert_groups, seed
from bot.services.posting import CATCH_UP_DAYS

log = logging.getLogger(__name__)

DAYS = CATCH_UP_DAYS + 1  # the week caught up, and today
CHANNEL_WINDOW_S = 5.0  # Discord: 5 messages per 5 s per channel
GLOBAL_PER_S = 50  # Discord: 50 requests per second per bot


def floor_s(groups: int) -> float:
    """The least time Discord's limits allow from the first post to the last: a channel's
    sixth message waits for its window; all the posts at 50 per second in 1 s windows."""
    return max(CHANNEL_WINDOW_S, math.ceil(groups * DAYS / GLOBAL_PER_S) - 1.0)


async def catchup_row(ctx: Context) -> Row:
    """Start-up after a week offline: first post -> last post of N x 8 catch-up posts."""
    n = ctx.sizes.catchup_groups
    db = ctx.workdir / "catchup.db"
    floor = floor_s(n)
    async with EmulatorProcess.running(group_guilds(n, "C")) as emu:
        week_ago = utc_today() - timedelta(days=DAYS - 1)
        specs = [
            GroupSpec(g, ch, "3month", week_ago, catch_up=True)
            for g, ch in group_channels(emu.info)
        ]
        channels = [s.channel_id for s in specs]
        created = datetime.combine(week_ago, datetime.min.time(), UTC) - timedelta(hours=1)
        await seed(db, lambda batch: insert_groups(batch, specs, created))
        since = time.time()
        env = emu.env(STUDYBOT_DB=str(db), STUDYBOT_LOG_LEVEL="INFO")
        async with BotProcess.running(["-m", "bot.cli", "run"], env) as bot:
            result = await emu.call(
                "wait_posts",
                channels=channels,
                timeout=floor * 4 + 60,
                since=since,
                per_channel=DAYS,
            )
            await bot.wait_line(RECONCILED, 60)
    ledger = count(db, "SELECT COUNT(*) FROM posts WHERE state = 'sent'")
    elapsed = result["last_post"] - result["first_post"]
    ratio = elapsed / floor
    ok = not result["timed_out"] and result["missing"] == 0 and result["doubled"] == 0
    return Row(
        "catchup",
        f"11 catch-up after a week offline, {n} groups x {DAYS} days",
        f"{elapsed:.1f} s; {result['all_429']} 429s; missing {result['missing']}, "
        f"doubled {result['doubled']}",
        f"floor {floor:.1f} s (5 per 5 s per channel, 50 req/s)",
        ratio,
        "time / floor",
        "<= 1.3x, 0 doubled/missing, 0 429s",
        ok and ratio <= 1.3 and result["all_429"] == 0,
        {**result, "elapsed_s": elapsed, "floor_s": floor, "ledger_sent": ledger},
    )
