"""Row 12: the reminder fan-out. N members across G groups whose reminders fall due in the
same minute, each a DM, against the floor Discord's global rate limit sets (N / 50 s): the
time from the due minute to the last DM, with 0 doubled, 0 missing and 0 429s. The members
were reminded before (their DM channels exist, as the bot keeps them: opening DMs has one
small bucket for the whole bot)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, time, timedelta

from bench.harness import EmulatorProcess
from bench.rows.context import Context, LineWaiter, Row, ShiftedClock, count
from bench.seed import (
    GroupSpec,
    SeedRows,
    insert_groups,
    insert_members,
    insert_sent_posts,
    seed,
)
from emulator.discord_target import DiscordTarget, point_discord_at

log = logging.getLogger(__name__)

RECONCILED = "reminders reconciled"
CHANNELS_PER_GUILD = 100


async def reminders_row(ctx: Context) -> Row:
    """N members due at one minute: due minute -> last DM, against N / 50 s."""
    from bot.app import StudyBot
    from bot.config import Settings
    from bot.daily import JobKey
    from bot.store import Store
    from bot.store.features.reminders import ReminderPref

    n, groups = ctx.sizes.reminder_members, ctx.sizes.reminder_groups
    per_group = n // groups
    guild_count = -(-groups // CHANNELS_PER_GUILD)
    guilds = [
        {
            "name": f"G{i}",
            "channels": [f"c{j}" for j in range(min(CHANNELS_PER_GUILD, groups - i * 100))],
            "members": per_group * min(CHANNELS_PER_GUILD, groups - i * 100),
        }
        for i in range(guild_count)
    ]
    db = ctx.workdir / "reminders.db"
    floor = n / 50.0
    async with EmulatorProcess.running(guilds) as emu:
        info = emu.info
        dms = {int(k): int(v) for k, v in (await emu.call("open_dms"))["dms"].items()}
        # due a day ahead at a whole minute; the groups start that day (nothing is due before)
        due = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
        specs = [
            GroupSpec(g["id"], ch, "14day", due.date(), time(0, 0))
            for g in info["guilds"]
            for ch in g["channels"]
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
        settings = Settings.model_validate(
            {"DISCORD_TOKEN": info["token"], "STUDYBOT_DB": str(db), "STUDYBOT_LOG_LEVEL": "INFO"}
        )
        restore_discord = point_discord_at(DiscordTarget(info["api"], info["gateway"]))
        waiter = LineWaiter(RECONCILED)
        daily_log = logging.getLogger("bot.daily")
        daily_log.addHandler(waiter)
        daily_log.setLevel(logging.INFO)
        daily_log.propagate = False
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
                            key = JobKey.parse(job.id)
                            if key is not None and key.kind == "remind":
                                job.modify(next_run_time=fire)
                        bot.scheduler.wakeup()
                        result = await emu.call(
                            "wait_posts",
                            channels=dm_channels,
                            timeout=floor * 4 + 60,
                            since=fire.timestamp() - 0.5,
                        )
                        await asyncio.sleep(0.3)
                        ledger = count(db, "SELECT COUNT(*) FROM reminders WHERE state = 'sent'")
                    finally:
                        await bot.close()
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(runner, 10)
        finally:
            restore_discord()
            daily_log.removeHandler(waiter)
            daily_log.propagate = True
    elapsed = result["last_post"] - fire.timestamp()
    ratio = elapsed / floor
    ok = not result["timed_out"] and result["missing"] == 0 and result["doubled"] == 0
    return Row(
        "reminders",
        f"12 reminder fan-out, {n} DMs in {groups} groups at one minute",
        f"{elapsed:.1f} s; {result['all_429']} 429s; missing {result['missing']}, "
        f"doubled {result['doubled']}",
        f"floor {floor:.1f} s (50 req/s)",
        ratio,
        "time / floor",
        "<= 1.15x, 0 doubled/missing, 0 429s",
        ok and ratio <= 1.15 and result["all_429"] == 0,
        {**result, "elapsed_s": elapsed, "floor_s": floor, "ledger_sent": ledger},
    )
