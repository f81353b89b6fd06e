"""Which servers this process serves: the shard filter every per-server background job uses.

Discord routes a server to shard ``(guild_id >> 22) % shard_count``. A process that runs shards
``ids`` of ``count`` schedules, reconciles (and reminds, and digests) only for the servers of
those shards; another process serves the rest. The batch reads of the store take a ``ShardSet``
and filter in SQL (``bot/store/shard_filter.py``), so a process never loads the other shards'
groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ShardSet:
    """Shards ``ids`` out of ``count``; ``ShardSet.all()`` is one process serving everything."""

    ids: frozenset[int]
    count: int

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("the shard count must be at least 1")
        if not self.ids:
            raise ValueError("at least one shard id is needed")
        bad = sorted(i for i in self.ids if not 0 <= i < self.count)
        if bad:
            raise ValueError(
                f"shard ids must be between 0 and {self.count - 1} (the shard count is "
                f"{self.count}); got {', '.join(map(str, bad))}"
            )

    @classmethod
    def all(cls) -> ShardSet:
        return cls(frozenset({0}), 1)

    @classmethod
    def of(cls, ids: Iterable[int], count: int) -> ShardSet:
        return cls(frozenset(ids), count)

    @property
    def everything(self) -> bool:
        """True when these shards cover every server (no filter needed)."""
        return len(self.ids) == self.count

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def __str__(self) -> str:
        if self.everything:
            return f"all {self.count} shard(s)"
        return f"shards {','.join(map(str, sorted(self.ids)))} of {self.count}"


def shard_of(guild_id: int, count: int) -> int:
    """Discord's formula: which shard receives a server's events."""
    return (guild_id >> 22) % count


def parse_shard_ids(text: str) -> frozenset[int]:
    """``"0,1"`` or ``"0-3"`` (or both, ``"0-1,4"``) to shard ids; ``ValueError`` if malformed."""
    ids: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise ValueError(f"not a shard id or range: {part!r} (write e.g. 0,1 or 0-3)") from None
        if low < 0 or high < low:
            raise ValueError(f"not a shard range: {part!r}")
        ids.update(range(low, high + 1))
    if not ids:
        raise ValueError("no shard ids given (write e.g. 0,1 or 0-3)")
    return frozenset(ids)
