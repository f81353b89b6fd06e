"""Rows 5a and 5b: the day computation against plain zone conversions, and rendering day
posts against discord.py building the same embed and buttons (every day checked against
Discord's limits with the emulator's own checks)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bench.rows.context import Context, Row
from bench.seed import make_group, plan_for

log = logging.getLogger(__name__)


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
