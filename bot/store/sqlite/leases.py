"""Group leases on SQLite: one process owns the file, so its leases are always its own.

Several processes serving the same servers (shards, a rolling deploy) need PostgreSQL, whose
leases know which process still runs (``postgres/leases.py``)."""

from __future__ import annotations

from datetime import datetime


class SqliteLeases:
    async def take_group_lease(self, guild_id: int, group_id: int, now: datetime) -> bool:
        return True

    async def release_group_lease(self, guild_id: int, group_id: int) -> None:
        return None
