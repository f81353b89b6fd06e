"""``DayThreads``: each wanted day thread is started once, found again on Discord's 160004,
recorded with its problem when refused, and left for the next run after a transient failure
(a fake ``ThreadMaker``; the e2e tests drive the real one)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.daily.delivery import Refused, SendFailed
from bot.daily.threads import DayThreads, ThreadExists
from bot.store import Group, NewGroup, Store
from tests.e2e.conftest import ROADMAPS

GUILD = 5001
NOW = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)


class Maker:
    def __init__(self, fail: Exception | None = None, existing: int | None = None) -> None:
        self.fail = fail
        self.existing = existing
        self.started: list[tuple[int, int, str, int]] = []
        self.asked: list[int] = []

    async def start_thread(self, channel_id: int, message_id: int, name: str, minutes: int) -> int:
        self.started.append((channel_id, message_id, name, minutes))
        if self.fail is not None:
            raise self.fail
        return message_id

    async def thread_of(self, channel_id: int, message_id: int) -> int | None:
        self.asked.append(message_id)
        return self.existing


async def group_with_post(store: Store, *, threads: bool = True) -> Group:
    new = NewGroup(GUILD, 77, "14day", NOW.date(), time(9), "UTC", created_by=1)
    group = await store.create_group(new, NOW)
    await store.claim_post(GUILD, group.id, 1, "n1", NOW, late=False)
    await store.confirm_post(GUILD, group.id, 1, 900, NOW)
    if threads:
        await store.set_group_setting(GUILD, group.id, "threads", "1")
        await store.set_group_setting(GUILD, group.id, "thread_archive_minutes", "4320")
    return group


def day_threads(store: Store, maker: Maker) -> DayThreads:
    return DayThreads(store=store, roadmaps=ROADMAPS, clock=lambda: NOW, maker=maker)


async def test_the_latest_post_gets_its_thread_once(store: Store) -> None:
    group = await group_with_post(store)
    maker = Maker()
    assert await day_threads(store, maker).after_posts(group, [], "en") == 1
    title = ROADMAPS["14day"].day(1).title.get("en")
    assert maker.started == [(77, 900, f"Day 1 · {title}", 4320)]
    assert await day_threads(store, maker).after_posts(group, [(1, 900)], "en") == 0
    assert len(maker.started) == 1
    [row] = await store.day_threads(GUILD, group.id)
    assert (row.day, row.message_id, row.thread_id, row.problem) == (1, 900, 900, None)


async def test_off_means_no_thread(store: Store) -> None:
    group = await group_with_post(store, threads=False)
    maker = Maker()
    assert await day_threads(store, maker).after_posts(group, [(1, 900)], "en") == 0
    assert maker.started == []


@pytest.mark.parametrize("existing", [900, None])
async def test_a_thread_already_there_is_found(store: Store, existing: int | None) -> None:
    group = await group_with_post(store)
    maker = Maker(ThreadExists(), existing)
    assert await day_threads(store, maker).after_posts(group, [], "zh") == 1
    assert maker.asked == [900]
    [row] = await store.day_threads(GUILD, group.id)
    assert row.thread_id == 900  # the message's id: Discord's thread id when GET omits it


async def test_refused_is_recorded_transient_is_not(store: Store) -> None:
    group = await group_with_post(store)
    assert await day_threads(store, Maker(SendFailed("500"))).after_posts(group, [], "en") == 0
    assert await store.day_threads(GUILD, group.id) == []
    refused = Maker(Refused(True, "Missing Permissions"))
    assert await day_threads(store, refused).after_posts(group, [], "en") == 0
    [row] = await store.day_threads(GUILD, group.id)
    assert row.thread_id is None and row.problem == "Missing Permissions"
    again = Maker()
    await day_threads(store, again).after_posts(group, [], "en")
    assert again.started == []  # refused for good: the next post gets the next try
