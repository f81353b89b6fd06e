"""The bot was down across a post time: restarted the same day it posts once, marked late;
restarted the next day, the day missed entirely is recorded (catch-up off) or posted as a
catch-up (catch-up on), and today's day is posted late. ``/roadmap status`` shows the miss."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from emulator import Emulator
from tests.faults.conftest import Bots, LocalDay, day_posts, post_labels, posts, seed_group, wait_db


async def test_down_across_post_time_same_day_and_next_day(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    same_ch, off_ch, on_ch = (g.channel_named(f"ch{i}") for i in range(3))
    yesterday = today.today - timedelta(days=1)
    created_yesterday = today.at(yesterday, time(today.post_time.hour - 1, 0))
    same = await seed_group(db, g.id, same_ch.id, day=today, created_by=alice.id)
    off = await seed_group(
        db,
        g.id,
        off_ch.id,
        day=today,
        created_by=alice.id,
        start=yesterday,
        created_at=created_yesterday,
    )
    on = await seed_group(
        db,
        g.id,
        on_ch.id,
        day=today,
        created_by=alice.id,
        start=yesterday,
        created_at=created_yesterday,
        catch_up=True,
    )

    bot = await bots.start()
    await emulator.wait_until(
        lambda: (
            (
                len(day_posts(emulator, same_ch)),
                len(day_posts(emulator, off_ch)),
                len(day_posts(emulator, on_ch)),
            )
            == (1, 1, 2)
        ),
        15,
        "the late and catch-up posts",
    )
    await wait_db(
        db,
        lambda d: [p[2] for p in posts(d)] == ["sent", "missed", "sent", "sent", "sent"],
        10,
        "every post confirmed",
    )
    status = await emulator.command(alice, off_ch, "roadmap status")
    fields = {f["name"]: f["value"] for f in status.embeds[0].get("fields", [])}
    assert fields.get("Missed posts") == "1", status.embeds
    await bot.stop()

    # same day: one post, marked late
    assert post_labels(emulator, same_ch) == [f"g{same} d1"]
    assert "Posted late" in day_posts(emulator, same_ch)[0]["embeds"][0]["description"]
    (row,) = posts(db, same)
    assert row == (same, 1, "sent", int(day_posts(emulator, same_ch)[0]["id"]), 1)

    # next day, catch-up off: yesterday recorded as missed, today's day posted late
    assert post_labels(emulator, off_ch) == [f"g{off} d2"]
    assert "Posted late" in day_posts(emulator, off_ch)[0]["embeds"][0]["description"]
    assert posts(db, off) == [
        (off, 1, "missed", None, 0),
        (off, 2, "sent", int(day_posts(emulator, off_ch)[0]["id"]), 1),
    ]

    # next day, catch-up on: yesterday posted as a catch-up first, then today's day
    on_posts = day_posts(emulator, on_ch)
    assert post_labels(emulator, on_ch) == [f"g{on} d1", f"g{on} d2"]
    due = int(today.at(yesterday, today.post_time).timestamp())
    assert f"Catch-up: this day was due <t:{due}:D>" in on_posts[0]["embeds"][0]["description"]
    assert "Posted late" in on_posts[1]["embeds"][0]["description"]
    assert [(p[1], p[2], p[3]) for p in posts(db, on)] == [
        (1, "sent", int(on_posts[0]["id"])),
        (2, "sent", int(on_posts[1]["id"])),
    ]
