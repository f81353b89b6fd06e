"""Day threads after the posts: start each wanted thread once, find it after a crash.

``DayThreads.after_posts`` runs at the end of every post run of a group (``Poster``), after the
day's post is sent and confirmed, so a thread never holds up or repeats its post. For each post
``services.threads.threads_wanted`` names, it starts a public thread from the post's message
with the group's archive setting and records its id. Exactly once comes from Discord: a message
has at most one thread and the thread's id is the message's, so when a crash came between
starting the thread and recording it, the next attempt is answered 160004 ("A thread has
already been created for this message") and the thread is read from the message (its
``thread``) and recorded, never made twice.

A refusal a person must fix (403: Create Public Threads missing; 404: the post or channel is
gone) is recorded with Discord's words for ``/roadmap status``; a transient failure records
nothing, so the group's next run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Protocol

from bot.clock import Clock
from bot.daily.delivery import Refused, SendFailed
from bot.locale import Lang
from bot.render.threads import day_thread_name
from bot.roadmaps import Roadmap
from bot.services import threads
from bot.store import Group, Store

log = logging.getLogger(__name__)


class ThreadExists(Exception):
    """Discord's 160004: the message has a thread already."""


class ThreadMaker(Protocol):
    """Discord's side (``bot.daily.discord_threads``): each call raises ``Refused`` or
    ``SendFailed`` as ``delivery`` defines them."""

    async def start_thread(self, channel_id: int, message_id: int, name: str, minutes: int) -> int:
        """Start a public thread from the message; its id. ``ThreadExists`` if it has one."""
        ...

    async def thread_of(self, channel_id: int, message_id: int) -> int | None:
        """The id of the thread started from the message, None if it has none."""
        ...


class DayThreads:
    def __init__(
        self, *, store: Store, roadmaps: Mapping[str, Roadmap], clock: Clock, maker: ThreadMaker
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.maker = maker

    async def after_posts(
        self,
        group: Group,
        posted: Iterable[tuple[int, int]],
        lang: Lang | Callable[[], Awaitable[Lang]],
    ) -> int:
        """Start the threads ``group`` wants now (``posted``: the (day, message id) sent or
        found by this run) with names in ``lang`` (the group's language, or how to read it:
        only read when a thread is wanted); returns how many were recorded. Never raises for
        Discord."""
        recorded = 0
        for wanted in await threads.threads_wanted(self.store, self.roadmaps, group, posted):
            if not isinstance(lang, str):
                lang = await lang()
            try:
                thread_id = await self._start(wanted, lang)
            except Refused as refused:
                log.warning("group %s day %s: thread refused: %s", group.id, wanted.day, refused)
                await threads.record_thread(self.store, wanted, None, refused.said, self.clock())
                continue
            except SendFailed as exc:
                log.warning(
                    "group %s day %s: thread not started now: %s", group.id, wanted.day, exc
                )
                continue
            if await threads.record_thread(self.store, wanted, thread_id, None, self.clock()):
                recorded += 1
        return recorded

    async def _start(self, wanted: threads.ThreadWanted, lang: Lang) -> int:
        channel = wanted.group.channel_id
        name = day_thread_name(wanted.roadmap, wanted.day, lang)
        try:
            thread_id = await self.maker.start_thread(
                channel, wanted.message_id, name, wanted.archive_minutes
            )
        except ThreadExists:
            found = await self.maker.thread_of(channel, wanted.message_id)
            log.info(
                "group %s day %s already had its thread %s (found, not started again)",
                wanted.group.id,
                wanted.day,
                found,
            )
            # Discord gives a message's thread the message's id: the answer if GET omits it
            return found if found is not None else wanted.message_id
        log.info("group %s day %s: thread %s started", wanted.group.id, wanted.day, thread_id)
        return thread_id
