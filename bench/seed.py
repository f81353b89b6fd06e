"""Seed studybot's SQLite database directly (fast, synchronous, before the bot starts)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.render.messages import day_post
from bot.roadmaps import Roadmap
from bot.services.posting import PostPlan, post_nonce
from bot.services.scoring import streak
from bot.store import Group, Post, migrate_file

MIDNIGHT = time(0, 0)


@dataclass(frozen=True)
class GroupSpec:
    guild_id: int
    channel_id: int
    roadmap_id: str
    start: date
    post_time: time = MIDNIGHT
    timezone: str = "UTC"


def _connect(path: Path) -> sqlite3.Connection:
    migrate_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def insert_groups(
    conn: sqlite3.Connection, specs: Sequence[GroupSpec], created: datetime
) -> list[int]:
    guilds = sorted({s.guild_id for s in specs})
    conn.executemany(
        "INSERT OR IGNORE INTO guilds (id, created_at) VALUES (?, ?)",
        [(g, created.isoformat()) for g in guilds],
    )
    ids = []
    for s in specs:
        cur = conn.execute(
            "INSERT INTO groups (guild_id, channel_id, roadmap_id, start_date, post_time, "
            "timezone, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                s.guild_id,
                s.channel_id,
                s.roadmap_id,
                s.start.isoformat(),
                s.post_time.strftime("%H:%M"),
                s.timezone,
                1,
                created.isoformat(),
            ),
        )
        assert cur.lastrowid is not None
        ids.append(cur.lastrowid)
    return ids


def insert_sent_posts(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, int, int]], at: datetime
) -> None:
    """Posts already delivered: ``(guild_id, group_id, day)``; start-up then has none to do."""
    conn.executemany(
        "INSERT INTO posts (guild_id, group_id, day, state, nonce, message_id, claimed_at, "
        "sent_at) VALUES (?, ?, ?, 'sent', ?, ?, ?, ?)",
        [
            (g, gid, day, post_nonce(gid, day), 10**17 + gid * 1000 + day, at.isoformat(), None)
            for g, gid, day in rows
        ],
    )


def insert_members(
    conn: sqlite3.Connection, guild_id: int, group_id: int, users: Sequence[int], at: datetime
) -> None:
    conn.executemany(
        "INSERT INTO members (guild_id, group_id, user_id, joined_at) VALUES (?, ?, ?, ?)",
        [
            (guild_id, group_id, u, (at + timedelta(seconds=i)).isoformat())
            for i, u in enumerate(users)
        ],
    )


def insert_history(
    conn: sqlite3.Connection,
    guild_id: int,
    group_id: int,
    users: Sequence[int],
    roadmap: Roadmap,
    start: date,
    days: int,
    seed: int = 7,
) -> tuple[int, int]:
    """Ticks (about 70% of tasks) and check-ins (about 60% of days) for ``days`` days, with
    each member's streak stored as the check-in service stores it (every date a study date)."""
    rnd = random.Random(seed)
    ticks = []
    checkins = []
    streaks = []
    for user in users:
        diligence = rnd.uniform(0.4, 1.0)
        mine: set[date] = set()
        for d in range(1, days + 1):
            when = datetime.combine(start + timedelta(days=d - 1), time(12), UTC).isoformat()
            for task in roadmap.day(d).tasks:
                if rnd.random() < diligence:
                    ticks.append((guild_id, group_id, user, d, task.id, when))
            if rnd.random() < diligence * 0.85:
                local = start + timedelta(days=d - 1)
                mine.add(local)
                checkins.append((guild_id, group_id, user, local.isoformat(), when, when))
        if mine:
            latest = max(mine)
            count = streak(mine, latest, lambda d: d >= start)
            streaks.append((count, latest.isoformat(), group_id, user))
    conn.executemany(
        "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ticks,
    )
    conn.executemany(
        "INSERT INTO checkins (guild_id, group_id, user_id, local_date, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        checkins,
    )
    conn.executemany(
        "UPDATE members SET streak = ?, streak_date = ? WHERE group_id = ? AND user_id = ?",
        streaks,
    )
    return len(ticks), len(checkins)


def seed(path: Path, fill: Callable[[sqlite3.Connection], object]) -> None:
    """Run ``fill(conn)`` in one transaction on a freshly migrated database."""
    conn = _connect(path)
    try:
        with conn:
            fill(conn)
    finally:
        conn.close()


def make_group(
    group_id: int, guild_id: int, channel_id: int, roadmap_id: str, start: date
) -> Group:
    return Group(
        id=group_id,
        guild_id=guild_id,
        channel_id=channel_id,
        roadmap_id=roadmap_id,
        start_date=start,
        post_time=MIDNIGHT,
        timezone="UTC",
        pace=1,
        weekdays_only=False,
        catch_up=False,
        state="active",
        created_by=1,
        created_at=datetime.combine(start, MIDNIGHT, UTC),
        ended_at=None,
        problem=None,
    )


def plan_for(group: Group, roadmap: Roadmap, day: int, now: datetime) -> PostPlan:
    post = Post(
        guild_id=group.guild_id,
        group_id=group.id,
        day=day,
        state="claimed",
        nonce=post_nonce(group.id, day),
        message_id=None,
        late=False,
        claimed_at=now,
        sent_at=None,
        error=None,
    )
    return PostPlan(group, roadmap, day, "day", False, False, post, False)


def day_post_bodies(group: Group, roadmap: Roadmap, now: datetime) -> list[dict[str, object]]:
    """The daily posts the bot would have sent, as REST bodies (embeds and task buttons)."""
    bodies: list[dict[str, object]] = []
    for day in range(1, roadmap.total_days + 1):
        msg = day_post(plan_for(group, roadmap, day, now), "en")
        assert msg.view is not None
        bodies.append(
            {
                "embeds": [e.to_dict() for e in msg.embeds],
                "components": msg.view.to_components(),
            }
        )
    return bodies
