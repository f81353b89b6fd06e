"""Shards as Discord serves them: which server an event belongs to and which shard serves it.

An IDENTIFY may carry ``shard: [shard_id, num_shards]``; such a session hears only its servers,
``(guild_id >> 22) % num_shards == shard_id`` (READY's list, GUILD_CREATE, every event of a
server), and direct messages only on shard 0. A session without ``shard`` hears everything. A
malformed shard closes with 4010 (Invalid shard).
"""

from __future__ import annotations

from typing import Any

GUILDS_PER_RECOMMENDED_SHARD = 1000


def shard_of(guild_id: int, num_shards: int) -> int:
    """Discord's routing formula."""
    return (guild_id >> 22) % num_shards


def event_guild(event: str, data: dict[str, Any]) -> int | None:
    """The server an event belongs to, or None (a direct message, a user update)."""
    if data.get("guild_id") is not None:
        return int(data["guild_id"])
    if event.startswith("GUILD_") and data.get("id") is not None:
        return int(data["id"])
    return None


def valid_shard(shard: Any) -> bool:
    """``[shard_id, num_shards]`` with ``0 <= shard_id < num_shards``."""
    return (
        isinstance(shard, list)
        and len(shard) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in shard)
        and 0 <= shard[0] < shard[1]
    )
