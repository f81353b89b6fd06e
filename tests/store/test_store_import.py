"""``import_rows``: many rows written as they are, in one transaction, on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.store import (
    Checkin,
    Group,
    GroupPause,
    Guild,
    ImportBatch,
    Member,
    MemberTotals,
    Post,
    RowsRejectedError,
    Store,
    Streak,
    Tick,
)
from bot.store.features.digests import Digest
from bot.store.features.live import EditRow
from bot.store.features.milestones import Grant, MilestoneRole
from bot.store.features.reminders import Reminder, ReminderPref, RollCall
from bot.store.features.settings import GroupSetting, MemberBreak
from bot.store.features.threads import DayThread
from tests.conftest import NOW
from tests.store.backends import Database
from tests.store.samples import GUILD_A, GUILD_B, new_group

START = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def group(group_id: int, guild: int, channel: int, **changes: object) -> Group:
    base = Group(
        id=group_id,
        guild_id=guild,
        channel_id=channel,
        roadmap_id="14day",
        start_date=START,
        post_time=time(9, 0),
        timezone="Asia/Tokyo",
        pace=1,
        weekdays_only=False,
        catch_up=True,
        state="active",
        created_by=77,
        created_at=T0,
        ended_at=None,
        problem=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def sample() -> ImportBatch:
    g1 = group(40, GUILD_A, 11, language="zh")
    g2 = group(41, GUILD_B, 21, state="paused", pace=2, weekdays_only=True, problem="no access")
    members = [
        Member(GUILD_A, 40, 5, T0, None, "Europe/Paris"),
        Member(GUILD_A, 40, 6, T0 + timedelta(minutes=1), T0 + timedelta(days=2), None),
        Member(GUILD_B, 41, 5, T0, None, None),
    ]
    return ImportBatch(
        guilds=[Guild(GUILD_A, "zh-CN")],  # GUILD_B only named by its group
        groups=[g1, g2],
        pauses=[
            GroupPause(41, T0 + timedelta(days=1), T0 + timedelta(days=2)),
            GroupPause(41, T0 + timedelta(days=3), None),
        ],
        members=members,
        posts=[
            Post(GUILD_A, 40, 1, "sent", "sb40d1", 900, False, T0, T0 + timedelta(seconds=2), None),
            Post(GUILD_A, 40, 2, "failed", "sb40d2", None, True, T0, None, "no access"),
            Post(GUILD_B, 41, 1, "missed", "sb41d1", None, False, T0, None, None),
        ],
        ticks=[
            Tick(GUILD_A, 40, 5, 1, "d01-a", T0),
            Tick(GUILD_A, 40, 5, 1, "d01-b", T0),
            Tick(GUILD_A, 40, 6, 2, "d02-a", T0),
            Tick(GUILD_B, 41, 5, 1, "d01-a", T0),
        ],
        checkins=[
            Checkin(GUILD_A, 40, 5, START, "read", 30, T0, T0 + timedelta(hours=1)),
            Checkin(GUILD_A, 40, 5, START + timedelta(days=1), None, None, T0, T0),
        ],
        streaks=[Streak(GUILD_A, 40, 5, START + timedelta(days=1), 2, 1, 2)],
        settings=[
            GroupSetting(GUILD_A, 40, "digest_weekday", "4"),
            GroupSetting(GUILD_A, 40, "reminders", "1"),
            GroupSetting(GUILD_B, 41, "threads", "1"),
        ],
        breaks=[
            MemberBreak(GUILD_A, 40, 5, START + timedelta(days=3), START + timedelta(days=5), T0)
        ],
        milestone_roles=[MilestoneRole(GUILD_A, 40, "phase", 900, 7, T0)],
        milestone_grants=[
            Grant(GUILD_A, 40, 5, "phase", 900, 1, "announced", "m1", T0, T0, T0, T0, 77, T0),
            Grant(GUILD_A, 40, 6, "streak_7", 901, None, "claimed", "m2", T0),
        ],
        **reminder_rows(),
        edits=[
            EditRow(GUILD_A, 40, "day", 1, T0, T0 - timedelta(minutes=1), "f1", False),
            EditRow(GUILD_B, 41, "day", 1, None, None, None, True),
        ],
        threads=[DayThread(GUILD_A, 40, 1, 900, 900, None, T0)],
        digests=[
            Digest(GUILD_A, 40, date(2026, 3, 2), "sent", "sb40w02i", 901, False, T0, T0, None),
        ],
    )


def reminder_rows() -> dict[str, list[object]]:
    """A member's choice, a sent and a closed reminder, and a roll call (group 40)."""
    later = T0 + timedelta(seconds=2)
    return {
        "reminder_prefs": [
            ReminderPref(GUILD_A, 40, 5, False, time(20, 30), "zh-CN", 777, True),
        ],
        "reminders": [
            Reminder(GUILD_A, 40, 5, START, "sent", "rm1", 3, 777, 901, T0, later, T0, T0),
            Reminder(
                GUILD_A,
                40,
                6,
                START,
                "closed",
                "rm2",
                0,
                None,
                None,
                T0,
                None,
                None,
                None,
                "Cannot send messages to this user",
            ),
        ],
        "rollcalls": [RollCall(GUILD_A, 40, START, "sent", "rc1", (6,), 902, T0, later, T0, T0)],
    }


async def test_imported_rows_read_back_as_they_were_given(store: Store) -> None:
    batch = sample()
    await store.import_rows(batch, NOW)
    assert await store.get_group(GUILD_A, 40) == batch.groups[0]
    assert await store.get_group(GUILD_B, 41) == batch.groups[1]
    assert await store.get_guild(GUILD_A) == Guild(GUILD_A, "zh-CN")
    assert await store.get_guild(GUILD_B) == Guild(GUILD_B, "en-US")
    assert await store.pauses(GUILD_B, 41) == list(batch.pauses)
    assert await store.members(GUILD_A, 40, include_left=True) == list(batch.members[:2])
    assert await store.members(GUILD_B, 41) == [batch.members[2]]
    assert await store.posts(GUILD_A, 40) == list(batch.posts[:2])
    assert await store.group_settings(GUILD_A, 40) == {"digest_weekday": "4", "reminders": "1"}
    assert await store.breaks(GUILD_A, 40) == list(batch.breaks)
    assert await store.milestone_roles(GUILD_A, 40) == list(batch.milestone_roles)
    assert await store.grants(GUILD_A, 40) == list(batch.milestone_grants)
    assert await store.day_threads(GUILD_A, 40) == list(batch.threads)
    assert await store.posts(GUILD_B, 41) == [batch.posts[2]]
    assert await store.ticks(GUILD_A, 40) == list(batch.ticks[:3])
    assert await store.checkins(GUILD_A, 40) == list(batch.checkins)
    # the totals follow imported ticks and check-ins as they follow any write
    assert await store.member_totals(GUILD_A, 40) == [
        MemberTotals(5, 2, 2, START + timedelta(days=1), 2, START + timedelta(days=1), 1, 2)
    ]
    assert await store.member_totals(GUILD_B, 41) == [MemberTotals(5, 1, 0, None, None, None)]


async def test_the_store_carries_on_after_an_import(store: Store) -> None:
    await store.import_rows(sample(), NOW)
    with pytest.raises(Exception, match="already runs group 40"):
        await store.create_group(new_group(GUILD_A, 11), NOW)
    fresh = await store.create_group(new_group(GUILD_A, 12), NOW)
    assert fresh.id > 41  # ids continue after the imported ones
    assert await store.add_tick_counted(GUILD_A, 40, 11, 5, 1, "d01-c", NOW) == 3
    assert await store.claim_post(GUILD_A, 40, 3, "sb40d3", NOW, late=False) is not None
    assert await store.reclaim_post(GUILD_A, 40, 2) is not None


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda b: replace(b, guilds=[*b.guilds, b.guilds[0]]), id="guild twice"),
        pytest.param(
            lambda b: replace(b, ticks=[*b.ticks, Tick(GUILD_A, 40, 9, 1, "a", T0)]),
            id="tick of no member",
        ),
        pytest.param(
            lambda b: replace(b, ticks=[*b.ticks, Tick(GUILD_B, 40, 5, 1, "x", T0)]),
            id="tick under another server",
        ),
        pytest.param(
            lambda b: replace(b, pauses=[*b.pauses, GroupPause(99, T0, None)]),
            id="pause of no group",
        ),
        pytest.param(
            lambda b: replace(b, streaks=[Streak(GUILD_A, 40, 9, START, 1)]),
            id="streak of no member",
        ),
        pytest.param(
            lambda b: replace(b, groups=[*b.groups, group(42, GUILD_A, 11)]),
            id="two running groups in one channel",
        ),
    ],
)
async def test_a_broken_batch_writes_nothing(
    store: Store, database: Database, broken: object
) -> None:
    batch = broken(sample())  # type: ignore[operator]
    with pytest.raises(RowsRejectedError):
        await store.import_rows(batch, NOW)
    async with database.open() as other:
        for guild in (GUILD_A, GUILD_B):
            assert await other.get_guild(guild) is None
            assert await other.groups_in_guild(guild) == []
    await store.import_rows(sample(), NOW)  # and the store is usable afterwards
    assert len(await store.running_groups_all_guilds()) == 2


async def test_rows_already_there_are_refused(store: Store) -> None:
    await store.import_rows(sample(), NOW)
    with pytest.raises(RowsRejectedError):
        await store.import_rows(ImportBatch(groups=[group(40, GUILD_A, 99)]), NOW)
    assert await store.get_group(GUILD_A, 40) == sample().groups[0]
