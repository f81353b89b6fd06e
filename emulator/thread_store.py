"""Threads started from messages, as Discord keeps them: one per message (the thread's id is
the message's), its auto-archive duration, and archiving after that long without activity.

Discord (docs ``resources/channel.mdx`` "Start Thread from Message", ``topics/threads.mdx``
"Active & Archived Threads", "Auto Archive Inactivity"): ``auto_archive_duration`` is one of
60, 1440, 4320, 10080 minutes; a message can have a single thread (else 160004); a thread
archives after ``auto_archive_duration`` minutes of inactivity, where activity is a message
sent in it, unarchiving it, or changing the duration; ``archive_timestamp`` is when its archive
status last changed (set at creation); sending a message in an archived thread unarchives it
(unless locked). Archiving happens when the emulator's clock has moved past the deadline:
``archive_due`` applies it (every read of a thread does), ``sweep`` also sends THREAD_UPDATE.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from emulator import payloads as gp
from emulator.http_util import JSON
from emulator.scenario import Channel

if TYPE_CHECKING:
    from emulator.clock import Clock
    from emulator.gateway import Gateway

log = logging.getLogger(__name__)

ARCHIVE_DURATIONS = (60, 1440, 4320, 10080)
"""Minutes Discord accepts for ``auto_archive_duration``."""
DEFAULT_ARCHIVE_MINUTES = 4320
"""What Discord's clients pre-select when a channel sets no default (3 days)."""


@dataclass
class ThreadState:
    channel: Channel
    starter: JSON
    """The message it was started from; its ``thread`` field follows the thread's state."""
    owner_id: int
    auto_archive_duration: int
    created_at: float
    archive_timestamp: float
    last_activity: float
    archived: bool = False
    locked: bool = False
    message_count: int = 0
    last_message_id: int | None = None

    @property
    def archives_at(self) -> float:
        return self.last_activity + self.auto_archive_duration * 60.0


class ThreadStore:
    """The threads of the scenario's guilds, by id (= their starter message's id)."""

    def __init__(
        self, clock: Clock, gateway: Gateway, on_change: Callable[[], None] = lambda: None
    ) -> None:
        self.clock = clock
        self.gateway = gateway
        self.on_change = on_change  # waits re-check
        self._threads: dict[int, ThreadState] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def get(self, thread_id: int) -> ThreadState | None:
        state = self._threads.get(thread_id)
        if state is not None:
            self.archive_due()
        return state

    def add(
        self, channel: Channel, starter: JSON, owner_id: int, auto_archive_duration: int
    ) -> ThreadState:
        now = self.clock.now()
        state = ThreadState(channel, starter, owner_id, auto_archive_duration, now, now, now)
        self._threads[channel.id] = state
        self._changed(state)
        return state

    def _changed(self, state: ThreadState) -> None:
        state.starter["thread"] = self.payload(state)

    def archive_due(self) -> list[ThreadState]:
        """Archive every active thread whose inactivity ran out by now; the newly archived."""
        now = self.clock.now()
        archived = []
        for state in self._threads.values():
            if not state.archived and now >= state.archives_at:
                state.archived = True
                state.archive_timestamp = state.archives_at
                self._changed(state)
                archived.append(state)
                log.info("emulator: thread %s archived after inactivity", state.channel.id)
        return archived

    def clock_moved(self) -> None:
        """Archive what fell due now; with a running loop, THREAD_UPDATE for each (a task kept
        until it has run), as Discord tells a bot when one of its threads archives."""
        archived = self.archive_due()
        if not archived:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._announce(archived))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def sweep(self) -> None:
        """``archive_due`` and a THREAD_UPDATE for each thread it archived."""
        await self._announce(self.archive_due())

    async def _announce(self, archived: list[ThreadState]) -> None:
        for state in archived:
            await self.gateway.dispatch("THREAD_UPDATE", self.payload(state))
            self.on_change()

    async def message_sent(self, state: ThreadState, message_id: int) -> None:
        """A message in the thread: activity; an archived (unlocked) thread is unarchived."""
        self.archive_due()
        now = self.clock.now()
        state.message_count += 1
        state.last_message_id = message_id
        state.last_activity = now
        unarchived = state.archived and not state.locked
        if unarchived:
            state.archived = False
            state.archive_timestamp = now
        self._changed(state)
        if unarchived:
            await self.gateway.dispatch("THREAD_UPDATE", self.payload(state))

    def active_in(self, guild_id: int) -> list[JSON]:
        """The guild's threads that are not archived (GUILD_CREATE lists them)."""
        self.archive_due()
        return [
            self.payload(s)
            for s in self._threads.values()
            if s.channel.guild_id == guild_id and not s.archived
        ]

    def forget(self, thread_id: int) -> None:
        self._threads.pop(thread_id, None)

    @staticmethod
    def payload(state: ThreadState) -> JSON:
        return gp.thread(
            state.channel,
            owner_id=state.owner_id,
            now=state.created_at,
            auto_archive_duration=state.auto_archive_duration,
            archived=state.archived,
            archive_timestamp=state.archive_timestamp,
            locked=state.locked,
            message_count=state.message_count,
            last_message_id=state.last_message_id,
        )
