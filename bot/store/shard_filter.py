"""The shard filter in SQL, the same text for SQLite and PostgreSQL."""

from __future__ import annotations

from bot.shards import ShardSet


def shard_condition(shards: ShardSet, column: str) -> str:
    """A condition true for the rows whose ``column`` (a server id) ``shards`` serve; ``TRUE``
    when they serve all. Only integers are interpolated, so it is safe to inline; SQLite and
    PostgreSQL both compute ``>>`` and ``%`` on 64-bit integers as Discord's formula does."""
    if shards.everything:
        return "TRUE"
    listed = ", ".join(str(i) for i in sorted(shards.ids))
    return f"(({column} >> 22) % {shards.count}) IN ({listed})"
