"""Row 2: the daily fan-out, N groups due at the same minute, against the floor Discord's
global rate limit sets."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bench.harness import EmulatorProcess
from bench.rows.context import (
    RECONCILED,
    Context,
    Row,
    count,
    group_channels,
    group_guilds,
    minute_tomorrow,
)
from bench.rows.fan_driver import GLOBAL_PER_S, fan_row, fire_minute
from bench.seed import GroupSpec, insert_groups, seed

log = logging.getLogger(__name__)


async def fanout_row(ctx: Context) -> Row:
    """N groups due at the same instant: scheduled minute -> last post, against N / 50 s."""
    n = ctx.sizes.fanout_groups
    db = ctx.workdir / "fanout.db"
    floor = n / GLOBAL_PER_S
    async with EmulatorProcess.running(group_guilds(n, "G")) as emu:
        due = minute_tomorrow()
        specs = [
            GroupSpec(g, ch, "14day", due.date(), due.time().replace(tzinfo=None))
            for g, ch in group_channels(emu.info)
        ]
        channels = [s.channel_id for s in specs]
        await seed(db, lambda batch: insert_groups(batch, specs, datetime.now(UTC)))
        run = await fire_minute(
            ctx, emu, db, kind="daily", ready=RECONCILED, channels=channels, due=due,
            timeout=floor * 4 + 60,
        )  # fmt: skip
    ledger = count(db, "SELECT COUNT(*) FROM posts WHERE state = 'sent'")
    title = f"2 daily fan-out, {n} groups at one minute"
    return fan_row("fanout", title, run, floor, details={"ledger_sent": ledger})
