"""Row 13: the weekly digest's fan-out, N groups whose digest is due at the same minute, each
computed from its week's ticks and check-ins and sent with its chart (drawn off the event loop
by the bot's painter), against the floor Discord's global rate limit sets."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from bench.harness import EmulatorProcess
from bench.rows.context import Context, Row, count, group_channels, group_guilds, minute_tomorrow
from bench.rows.fan_driver import GLOBAL_PER_S, fan_row, fire_minute
from bench.seed import GroupSpec, SeedRows, insert_groups, seed
from bot.services.digest_plan import digest_nonce, monday_of
from bot.store import Checkin, ImportBatch, Member, Post, Tick
from bot.store.features.digests import Digest
from bot.store.features.settings import GroupSetting

log = logging.getLogger(__name__)

MEMBERS = 5
DIGESTS_RECONCILED = "digests reconciled"


def _activity(rows: SeedRows, ids: list[int], specs: list[GroupSpec], week: date) -> None:
    """Members, and a week of ticks and check-ins for each group (its digest reads them)."""
    at = datetime.combine(week, time(12), UTC)
    for gid, spec in zip(ids, specs, strict=True):
        for k in range(MEMBERS):
            user = 10_000 + k
            rows.members.append(
                Member(spec.guild_id, gid, user, at - timedelta(days=9), None, None)
            )
            for d in range(k + 1):
                done = at + timedelta(days=d)
                rows.ticks.append(Tick(spec.guild_id, gid, user, 4 + d, "t", done))
                rows.checkins.append(
                    Checkin(spec.guild_id, gid, user, done.date(), None, 30, done, done)
                )


def _ledgers(
    ids: list[int], specs: list[GroupSpec], week: date, due: datetime, days: int
) -> ImportBatch:
    """Every day post settled and the weeks before the measured one missed, so the digest is
    the only thing the bot sends; the groups' digest at the due minute and weekday."""
    now = datetime.now(UTC)
    posts, digests, settings = [], [], []
    for gid, spec in zip(ids, specs, strict=True):
        g = spec.guild_id
        posts += [Post(g, gid, d, "missed", f"sb{gid}d{d}", None, False, now, None, None)
                  for d in range(1, days + 1)]  # fmt: skip
        for back in (7, 14):
            w = week - timedelta(days=back)
            digests.append(
                Digest(g, gid, w, "missed", digest_nonce(gid, w), None, False, now, None, None)
            )
        settings += [
            GroupSetting(g, gid, "digest_weekday", str(due.weekday())),
            GroupSetting(g, gid, "digest_time", due.strftime("%H:%M")),
        ]
    return ImportBatch(posts=posts, digests=digests, settings=settings)


async def digest_row(ctx: Context) -> Row:
    """N digests due at one minute: scheduled minute -> last digest, against N / 50 s."""
    from bot.app import StudyBot
    from bot.store import Store

    n = ctx.sizes.digest_groups
    db = ctx.workdir / "digest.db"
    floor = n / GLOBAL_PER_S
    async with EmulatorProcess.running(group_guilds(n, "D")) as emu:
        # the week covered is the last whole week before the due date, and the groups started
        # ten days before it
        due = minute_tomorrow()
        week = monday_of(due.date()) - timedelta(days=7)
        start = due.date() - timedelta(days=10)
        specs = [
            GroupSpec(g, ch, "14day", start, digest=True) for g, ch in group_channels(emu.info)
        ]
        channels = [s.channel_id for s in specs]
        ids: list[int] = []

        def fill(rows: SeedRows) -> None:
            created = datetime.combine(start, time(0), UTC) - timedelta(hours=1)
            ids.extend(insert_groups(rows, specs, created))
            _activity(rows, ids, specs, week)

        await seed(db, fill)
        async with Store.open(db) as store:
            await store.import_rows(_ledgers(ids, specs, week, due, 11), datetime.now(UTC))

        async def fonts(bot: StudyBot) -> None:
            await bot.painter.fonts()  # found once per bot, before the minute

        run = await fire_minute(
            ctx, emu, db, kind="digest", ready=DIGESTS_RECONCILED, channels=channels, due=due,
            timeout=floor * 8 + 120, ready_timeout=180, before=fonts,
        )  # fmt: skip
        files = await emu.call("attachments_count", channels=channels[:5])
    sent = count(db, "SELECT COUNT(*) FROM digests WHERE state = 'sent'")
    return fan_row(
        "digest",
        f"13 weekly digest fan-out with charts, {n} groups at one minute",
        run,
        floor,
        limit=3.0,
        also_ok=sent == n,
        details={"ledger_sent": sent, "charts_in_first_5": files["count"]},
    )
