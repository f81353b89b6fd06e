"""The export's and the calendar's data, and which changes are announced, on a real SQLite
file: permission, scoping by server, the remaining days' instants, refusals that change
nothing, and one ledger row per change that members feel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import CalendarPaused, NoDaysLeft, NoGroupHere, NotManager
from bot.roadmaps import Roadmap, load_roadmaps
from bot.services.announcements import notice_of
from bot.services.context import Actor
from bot.services.exports import group_calendar, group_export
from bot.services.groups import StartOptions, edit_group, pause_group, resume_group, start_group
from bot.services.membership import join
from bot.services.setting_changes import change_announced
from bot.services.study import checkin, tick
from bot.store import Store
from tests.conftest import REPO

GUILD, OTHER_GUILD, CHANNEL = 1001, 2002, 11
ADMIN = Actor(GUILD, CHANNEL, 1, can_manage=True)
MEMBER = Actor(GUILD, CHANNEL, 2, locale="zh-CN")
STRANGER = Actor(OTHER_GUILD, CHANNEL, 3, can_manage=True)
T0 = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # Monday; New York leaves DST on Sunday 11-01


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


async def started(store: Store, roadmaps: dict[str, Roadmap]) -> int:
    options = StartOptions("14day", time="09:00", timezone="America/New_York", start="2026-10-26")
    status = await start_group(store, roadmaps, ADMIN, options, T0)
    return status.group.id


async def test_export_reads_members_ticks_and_checkins(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    gid = await started(store, roadmaps)
    await join(store, roadmaps, MEMBER, "14day", T0)
    day1 = roadmaps["14day"].day(1)
    now = T0 + timedelta(hours=2)  # day 1 released at 13:00 UTC
    for task in day1.tasks[:2]:
        await tick(store, roadmaps, MEMBER, gid, 1, task.id, now)
    await checkin(store, roadmaps, MEMBER, "读书", 30, now)

    with pytest.raises(NotManager):
        await group_export(store, roadmaps, MEMBER, now)
    with pytest.raises(NoGroupHere):
        await group_export(store, roadmaps, STRANGER, now)
    data = await group_export(store, roadmaps, ADMIN, now)
    (member,) = data.members
    assert (data.day, member.row.user_id, member.row.done, member.minutes) == (1, 2, 2, 30)
    assert dict(member.per_day) == {1: 2}
    (row,) = data.checkins
    assert (row.note, row.minutes, row.local_date.isoformat()) == ("读书", 30, "2026-10-26")


async def test_calendar_lists_the_remaining_days(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    await started(store, roadmaps)
    now = datetime(2026, 10, 28, 14, 0, tzinfo=UTC)  # day 3 released
    data = await group_calendar(store, roadmaps, MEMBER, now)  # any member may
    assert [d.day.number for d in data.days] == list(range(4, 15))
    by_date = {d.start.date().isoformat(): d.start for d in data.days}
    assert by_date["2026-10-29"].hour == 13 and by_date["2026-11-02"].hour == 14
    with pytest.raises(NoGroupHere):
        await group_calendar(store, roadmaps, STRANGER, now)
    with pytest.raises(NoDaysLeft):
        await group_calendar(store, roadmaps, MEMBER, datetime(2026, 11, 9, 15, tzinfo=UTC))
    await pause_group(store, roadmaps, ADMIN, now)
    with pytest.raises(CalendarPaused):
        await group_calendar(store, roadmaps, MEMBER, now)


async def test_each_change_members_feel_is_one_row(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    gid = await started(store, roadmaps)

    async def kinds() -> list[tuple[str, str]]:
        return [(a.kind, a.detail) for a in await store.pending_announcements(GUILD, gid)]

    assert await kinds() == []  # the start's public reply says it all
    await edit_group(store, roadmaps, ADMIN, "09:00", None, T0)  # the same time: no change
    assert await kinds() == []
    await edit_group(store, roadmaps, ADMIN, "20:00", None, T0, "zh")
    await pause_group(store, roadmaps, ADMIN, T0)
    await resume_group(store, roadmaps, ADMIN, T0)
    await change_announced(store, ADMIN, "digest_weekday", "friday", T0)
    await change_announced(store, ADMIN, "digest_weekday", "5", T0)  # unchanged
    assert await kinds() == [
        ("schedule_language", ""),
        ("paused", ""),
        ("resumed", ""),
        ("setting", "digest_weekday"),
    ]
    with pytest.raises(NotManager):
        await change_announced(store, MEMBER, "digest_weekday", "monday", T0)
    assert len(await kinds()) == 4

    group = await store.get_group(GUILD, gid)
    assert group is not None
    first, *_, last = await store.pending_announcements(GUILD, gid)
    told = await notice_of(store, roadmaps, group, first, T0)
    # what is said is read when it is sent: the post time now, day 1 at 20:00 EDT
    assert told.post_at == datetime(2026, 10, 27, 0, 0, tzinfo=UTC)
    assert told.next_post == (1, told.post_at)
    setting = await notice_of(store, roadmaps, group, last, T0)
    assert setting.setting is not None and setting.value == 4
