"""Day threads: which day posts of a group want their discussion thread now, and recording one.

With the group's ``threads`` setting on, every day post (not the summary) gets one public
thread started from it, archived by Discord after ``thread_archive_minutes`` without messages.
A post wants its thread until a row records it (``Store.record_day_thread``): the posts just
sent and the group's latest sent day post (so a crash between creating a thread and recording
it, or turning threads on, is caught up at the group's next run; start-up runs the groups
``Store.threads_wanted_all_guilds`` names). A thread never blocks its post: the post is sent
and confirmed first, and a thread that fails is retried at the next run or, refused for good,
recorded with its problem for ``/roadmap status``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.roadmaps import Roadmap
from bot.services.settings import load_settings
from bot.store import Group, Store
from bot.store.features.threads import DayThread

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ThreadWanted:
    """A day post that should have its thread."""

    group: Group
    roadmap: Roadmap
    day: int
    message_id: int
    archive_minutes: int


async def threads_wanted(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    group: Group,
    posted: Iterable[tuple[int, int]] = (),
) -> list[ThreadWanted]:
    """The day posts of ``group`` that want a thread now, oldest first: those of ``posted``
    (day, message id) and its latest sent day post, without a recorded thread; none while
    the group's ``threads`` setting is off or its roadmap is not loaded."""
    roadmap = roadmaps.get(group.roadmap_id)
    if roadmap is None:
        return []
    settings = await load_settings(store, group.guild_id, group.id)
    if not settings.threads:
        return []
    candidates = dict(posted)
    sent = [p for p in await store.posts(group.guild_id, group.id) if p.state == "sent"]
    if sent:
        latest = max(sent, key=lambda p: p.day)
        if latest.message_id is not None:
            candidates.setdefault(latest.day, latest.message_id)
    done = {t.day for t in await store.day_threads(group.guild_id, group.id)}
    return [
        ThreadWanted(group, roadmap, day, message_id, settings.thread_archive_minutes)
        for day, message_id in sorted(candidates.items())
        if day not in done and 1 <= day <= roadmap.total_days
    ]


async def record_thread(
    store: Store, wanted: ThreadWanted, thread_id: int | None, problem: str | None, now: datetime
) -> bool:
    """Record the day's thread (``thread_id``) or why Discord refused it for good
    (``problem``); False if the day had one recorded already."""
    g = wanted.group
    row = DayThread(g.guild_id, g.id, wanted.day, wanted.message_id, thread_id, problem, now)
    return await store.record_day_thread(row)


async def thread_problems(store: Store, group: Group) -> list[DayThread]:
    """The group's day threads that Discord refused (``/roadmap status`` explains the latest)."""
    return [t for t in await store.day_threads(group.guild_id, group.id) if t.problem]
