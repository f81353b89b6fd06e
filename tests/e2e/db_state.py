"""Read the bot's SQLite file from the test, over a separate read-only connection."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from bot.app import StudyBot

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(bot: StudyBot) -> Snapshot:
    """Every row of every table (committed data), sorted: equal snapshots mean no write."""
    path = Path(bot.settings.db_path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def count(bot: StudyBot, table: str) -> int:
    return len(snapshot(bot)[table])


async def guilds_stored(bot: StudyBot, guild_ids: list[int], timeout: float = 5.0) -> None:
    """Wait until the bot has recorded its servers (``on_guild_available`` runs after READY),
    so that a later snapshot is not disturbed by that start-up write."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if all([await bot.store.get_guild(g) is not None for g in guild_ids]):
            return
        assert loop.time() < deadline, f"servers {guild_ids} were never recorded"
        await asyncio.sleep(0.005)
