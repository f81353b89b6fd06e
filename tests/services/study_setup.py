"""What the study tests share: a member of a 14-day group, the places around it, the clock, and
the rows the database holds."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group
from bot.services.membership import join_group_id
from bot.store import Group, Store

GUILD, OTHER_GUILD = 1001, 2002
HERE, THERE = 11, 12
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
ME = Actor(GUILD, HERE, 50)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday; the group posts at 09:00 UTC


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


DAY2 = at(3)  # day 2 released at 09:00 on 3 March


async def joined_group(store: Store, roadmaps: dict[str, Roadmap]) -> Group:
    """A ``14day`` group started at ``T0``, which ``ME`` has joined."""
    started = await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)
    await join_group_id(store, roadmaps, ME, started.group.id, T0)
    return started.group


def rows(db_path: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row of a table, read with a separate plain sqlite3 connection."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4, 5").fetchall()
    finally:
        conn.close()
