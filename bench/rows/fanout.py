"""Row 2: the daily fan-out, N groups due at the same minute, against the floor Discord's
global rate limit sets."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bench.harness import EmulatorProcess
from bench.rows.context import RECONCILED, Context, Row, count
from bench.rows.fan_driver import GLOBAL_PER_S, fan_row, fire_minute
from bench.seed import GroupSpec, insert_groups, seed

log = logging.getLogger(__name__)


async def fanout_row(ctx: Context) -> Row:
    """N groups due at the same instant: scheduled minute -> last post, against N / 50 s."""
    n = ctx.sizes.fanout_groups
    per_guild = 100
    guilds = [
        {"name": f"G{i}", "channels": [f"c{j}" for j in range(min(per_guild, n - i * per_guild))]}
        for i in range(-(-n // per_guild))
    ]
    db = ctx.workdir / "fanout.db"
    floor = n / GLOBAL_PER_S
    async with EmulatorProcess.running(guilds) as emu:
        # the minute the groups are due: a day ahead, so nothing is due when the bot starts
        due = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
        specs = [
            GroupSpec(g["id"], ch, "14day", due.date(), due.time().replace(tzinfo=None))
            for g in emu.info["guilds"]
            for ch in g["channels"]
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
