"""Read the bot's database from the test, over a separate connection: the SQLite file
read-only, or the PostgreSQL database (every table but the leases, which come and go with
each post run)."""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg

from bot.app import StudyBot
from bot.store.target import PostgresTarget

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(bot: StudyBot) -> Snapshot:
    """Every row of every table (committed data), sorted: equal snapshots mean no write."""
    target = bot.settings.database
    if isinstance(target, PostgresTarget):
        with ThreadPoolExecutor(1) as pool:  # asked from inside the test's running loop
            return pool.submit(asyncio.run, _pg_snapshot(target.dsn)).result()
    path = Path(target.path)
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


async def _pg_snapshot(dsn: str) -> Snapshot:
    con = await asyncpg.connect(dsn)
    try:
        tables = [
            r["tablename"]
            for r in await con.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename NOT IN ('group_leases', 'studybot_migrations')"
            )
        ]
        return {
            t: sorted((tuple(r) for r in await con.fetch(f'SELECT * FROM "{t}"')), key=repr)
            for t in tables
        }
    finally:
        await con.close()


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
