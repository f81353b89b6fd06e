"""Row 12: the reminder fan-out. N members across G groups whose reminders fall due in the
same minute, each a DM, against the floor Discord's global rate limit sets (N / 50 s): the
time from the due minute to the last DM, with 0 doubled, 0 missing and 0 429s. The members
were reminded before (their DM channels exist, as the bot keeps them: opening DMs has one
small bucket for the whole bot)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time

from bench.harness import EmulatorProcess
from bench.rows.context import Context, Row, count, group_channels, group_guilds, minute_tomorrow
from bench.rows.fan_driver import GLOBAL_PER_S, fan_row, fire_minute
from bench.seed import (
    GroupSpec,
    SeedRows,
    insert_groups,
    insert_members,
    insert_sent_posts,
    seed,
)

log = logging.getLogger(__name__)

RECONCILED = "reminders reconciled"


async def reminders_row(ctx: Context) -> Row:
    """N members due at one minute: due minute -> last DM, against N / 50 s."""
    from bot.store import Store
    from bot.store.features.reminders import ReminderPref

    n, groups = ctx.sizes.reminder_members, ctx.sizes.reminder_groups
    per_group = n // groups
    db = ctx.workdir / "reminders.db"
    floor = n / GLOBAL_PER_S
    async with EmulatorProcess.running(group_guilds(groups, "G", per_group)) as emu:
        info = emu.info
        dms = {int(k): int(v) for k, v in (await emu.call("open_dms"))["dms"].items()}
        due = minute_tomorrow()  # the groups start that day too: nothing is due before
        specs = [
            GroupSpec(g, ch, "14day", due.date(), time(0, 0)) for g, ch in group_channels(info)
        ]
        members: list[tuple[int, int, list[int]]] = []
        for g in info["guilds"]:
            users = g["members"]
            for k, _ in enumerate(g["channels"]):
                members.append(
                    (g["id"], len(members) + 1, users[k * per_group : (k + 1) * per_group])
                )

        def fill(rows: SeedRows) -> None:
            now = datetime.now(UTC)
            insert_groups(rows, specs, now)
            for guild_id, gid, users in members:
                insert_members(rows, guild_id, gid, users, now)
            insert_sent_posts(rows, [(g, gid, 1) for g, gid, _ in members], now)

        await seed(db, fill)
        async with Store.open(db) as store:
            now = datetime.now(UTC)
            for guild_id, gid, users in members:
                await store.set_group_setting(guild_id, gid, "reminders", "1")
                await store.set_group_setting(guild_id, gid, "reminder_time", due.strftime("%H:%M"))
                for user in users:
                    pref = ReminderPref(guild_id, gid, user, dm_channel_id=dms[user])
                    await store.save_reminder_pref(pref, now)
        dm_channels = [dms[u] for _, _, users in members for u in users]
        run = await fire_minute(
            ctx, emu, db, kind="remind", ready=RECONCILED, channels=dm_channels, due=due,
            timeout=floor * 4 + 60,
        )  # fmt: skip
    ledger = count(db, "SELECT COUNT(*) FROM reminders WHERE state = 'sent'")
    title = f"12 reminder fan-out, {n} DMs in {groups} groups at one minute"
    return fan_row("reminders", title, run, floor, details={"ledger_sent": ledger})
