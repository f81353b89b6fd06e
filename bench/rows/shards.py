"""What the shard rows share: four shard processes' servers in the emulator, each process's
environment, and counting committed posts in a PostgreSQL database."""

from __future__ import annotations

import asyncpg

from bench.harness import EmulatorProcess
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


def shard_env(emu: EmulatorProcess, url: str, shard: int, **extra: str) -> dict[str, str]:
    """The environment of shard process ``shard`` (of ``PROCESSES``) on the PostgreSQL database
    ``url``, pointed at the emulator, syncing no commands."""
    return emu.env(
        STUDYBOT_DB=url,
        STUDYBOT_SHARDS=str(shard),
        STUDYBOT_SHARD_COUNT=str(PROCESSES),
        STUDYBOT_SYNC_COMMANDS="false",
        **extra,
    )


async def sent_posts(url: str) -> int:
    con = await asyncpg.connect(url)
    try:
        return int(await con.fetchval("SELECT COUNT(*) FROM posts WHERE state = 'sent'"))
    finally:
        await con.close()
