"""Day threads: which day posts have their discussion thread (or were refused one for good).

A row is written once the thread exists (``thread_id``) or Discord refused it for a reason a
person must fix (``problem``); a day post without a row still wants its thread. Discord itself
allows one thread per message (the thread's id is the message's), so recording after the fact
is enough for exactly once: a retry after a crash finds the thread instead of making another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.shards import ShardSet


@dataclass(frozen=True, slots=True)
class DayThread:
    guild_id: int
    group_id: int
    day: int
    message_id: int
    """The day post the thread was started from."""
    thread_id: int | None
    """None: refused (``problem`` says why)."""
    problem: str | None
    created_at: datetime


class DayThreadQueries(Protocol):
    async def day_threads(self, guild_id: int, group_id: int) -> list[DayThread]:
        """The group's recorded day threads, by day; empty for a group of another server."""
        ...

    async def record_day_thread(self, thread: DayThread) -> bool:
        """Record a day's thread (or its refusal) unless the day has one already; False (and
        nothing written) then, or when the group is not in that server."""
        ...

    async def threads_wanted_all_guilds(self, shards: ShardSet) -> set[int]:
        """Start-up's batch read: running groups (of the shards' servers) with day threads on
        whose latest sent day post has no recorded thread yet."""
        ...


class DayThreadsStore:
    """The ``Store`` methods for day threads (contracts on ``DayThreadQueries``)."""

    _threads: DayThreadQueries

    def _init_threads(self, threads: DayThreadQueries) -> None:
        self._threads = threads

    async def day_threads(self, guild_id: int, group_id: int) -> list[DayThread]:
        return await self._threads.day_threads(guild_id, group_id)

    async def record_day_thread(self, thread: DayThread) -> bool:
        return await self._threads.record_day_thread(thread)

    async def threads_wanted_all_guilds(self, shards: ShardSet) -> set[int]:
        return await self._threads.threads_wanted_all_guilds(shards)
