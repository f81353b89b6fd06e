"""What the shard rows share: four shard processes' servers in the emulator, and counting
committed posts in a PostgreSQL database."""

from __future__ import annotations

import asyncpg

from bench.rows.context import JSON

PROCESSES = 4


def shard_guilds(count: int, channels: int = 0) -> list[JSON]:
    """``count`` servers spread evenly over the shards (server i on shard i % PROCESSES)."""
    return [
        {
            "name": f"S{i}",
            "channels": [f"c{j}" for j in range(channels)],
            "shard": [i % PROCESSES, PROCESSES],
        }
        for i in range(count)
    ]


async def sent_posts(url: str) -> int:
    con = await asyncpg.connect(url)
    try:
        return int(await con.fetchval("SELECT COUNT(*) FROM posts WHERE state = 'sent'"))
    finally:
        await con.close()
