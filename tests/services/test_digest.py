"""The weekly digest: when it is due, its ledger (claimed once, late, missed), and what it says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.roadmaps import Roadmap, load_roadmaps
from bot.services import digest_plan
from bot.services.context import Actor
from bot.services.digest import Improvement, NextDay, Standing, Streak, week_digest
from bot.services.digest_plan import (
    DigestPlan,
    digest_nonce,
    due_at,
    has_work,
    latest_due_week,
    next_due,
    plan_digest,
)
from bot.services.groups import StartOptions, start_group
from bot.services.membership import join_group_id
from bot.services.settings import GroupSettings
from bot.services.study import checkin, tick
from bot.shards import ShardSet
from bot.store import Group, Store
from bot.store.features.settings import MemberBreak
from tests.conftest import REPO

GUILD = 1001
HERE = 11
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
ALICE, BOB, CAROL = 10, 11, 12
WEEK1 = date(2026, 3, 2)  # a Monday
DEFAULTS = GroupSettings()


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


async def start(store: Store, roadmaps: dict[str, Roadmap]) -> Group:
    options = StartOptions("14day", time="09:00", timezone="UTC")
    return (await start_group(store, roadmaps, ADMIN, options, at(2, 8))).group


def actor(user: int) -> Actor:
    return Actor(GUILD, HERE, user, can_manage=False)


async def week_one(store: Store, roadmaps: dict[str, Roadmap], group: Group) -> None:
    for user in (ALICE, BOB, CAROL):
        await join_group_id(store, roadmaps, actor(user), group.id, at(2, 8))
    day1 = ["d01-nlp-textbooks", "d01-nlp-analysis-levels", "d01-nlp-tasks-summary"]
    for task in day1:
        await tick(store, roadmaps, actor(ALICE), group.id, 1, task, at(2, 12))
    for task in ("d02-install-tools", "d02-try-nltk"):
        await tick(store, roadmaps, actor(ALICE), group.id, 2, task, at(3, 12))
    await checkin(store, roadmaps, actor(ALICE), None, 30, at(2, 13))
    await checkin(store, roadmaps, actor(ALICE), None, 20, at(3, 13))
    await tick(store, roadmaps, actor(BOB), group.id, 1, day1[0], at(4, 12))
    await checkin(store, roadmaps, actor(BOB), None, None, at(7, 13))
    await checkin(store, roadmaps, actor(BOB), None, 15, at(8, 13))
    await checkin(store, roadmaps, actor(CAROL), None, 0, at(5, 13))  # 0 minutes: not counted


def test_the_week_covered_and_when_its_digest_is_due() -> None:
    group = Group.__new__(Group)  # only post_time and timezone are read
    object.__setattr__(group, "post_time", time(9))
    object.__setattr__(group, "timezone", "America/New_York")
    assert due_at(group, DEFAULTS, WEEK1) == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # EDT
    assert latest_due_week(group, DEFAULTS, at(9, 12)) == WEEK1 - timedelta(days=7)
    assert latest_due_week(group, DEFAULTS, at(9, 13)) == WEEK1
    assert next_due(group, DEFAULTS, at(9, 12)) == at(9, 13)
    friday = GroupSettings(digest_weekday=4, digest_time=time(18, 30))
    assert due_at(group, friday, WEEK1) == datetime(2026, 3, 13, 22, 30, tzinfo=UTC)
    assert latest_due_week(group, friday, at(13, 23)) == WEEK1
    assert len(digest_nonce(10**19 - 1, date(2100, 1, 4))) <= 25
    assert digest_nonce(7, WEEK1) != digest_nonce(7, WEEK1 + timedelta(days=7))


async def test_claimed_once_when_due_then_settled(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps)
    assert await plan_digest(store, roadmaps, group, DEFAULTS, at(8, 20)) is None
    plan = await plan_digest(store, roadmaps, group, DEFAULTS, at(9, 9))
    assert plan is not None and plan.week_start == WEEK1 and not plan.late
    again = await plan_digest(store, roadmaps, group, DEFAULTS, at(9, 10))
    assert again is not None and again.row == plan.row  # unconfirmed: delivered again
    await digest_plan.confirm(store, plan, 77, at(9, 9))
    assert await plan_digest(store, roadmaps, group, DEFAULTS, at(9, 11)) is None
    latest = (await store.latest_digests_all_guilds(ShardSet.all()))[group.id]
    assert not has_work(group, DEFAULTS, latest, at(10))
    assert has_work(group, DEFAULTS, latest, at(16, 9))
    off = GroupSettings(digest=False)
    assert await plan_digest(store, roadmaps, group, off, at(16, 9)) is None


async def test_late_in_the_same_week_missed_after_it(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps)
    plan = await plan_digest(store, roadmaps, group, DEFAULTS, at(11, 15))  # Wednesday
    assert plan is not None and plan.late and plan.week_start == WEEK1
    # down until the Tuesday after next: week 1's claim is given up, week 2's posted late
    plan2 = await plan_digest(store, roadmaps, group, DEFAULTS, at(17, 8))
    assert plan2 is not None and plan2.late and plan2.week_start == WEEK1 + timedelta(days=7)
    rows = await store.digests(GUILD, group.id)
    assert [(r.week_start, r.state) for r in rows] == [
        (WEEK1, "missed"),
        (WEEK1 + timedelta(days=7), "claimed"),
    ]


async def test_a_whole_week_down_records_the_digest_missed(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps)
    wednesday = GroupSettings(digest_weekday=2)
    # week 1's digest was due Wed Mar 11; the bot is back on Mon Mar 16: a new week
    assert await plan_digest(store, roadmaps, group, wednesday, at(16, 10)) is None
    # and a week later still: week 2 missed too, never posted
    assert await plan_digest(store, roadmaps, group, wednesday, at(23, 10)) is None
    rows = await store.digests(GUILD, group.id)
    assert [(r.week_start, r.state) for r in rows] == [
        (WEEK1, "missed"),
        (WEEK1 + timedelta(days=7), "missed"),
    ]


async def plan_for(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, now: datetime
) -> DigestPlan:
    plan = await plan_digest(store, roadmaps, group, DEFAULTS, now)
    assert isinstance(plan, DigestPlan)
    return plan


async def test_what_the_digest_says(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps)
    await week_one(store, roadmaps, group)
    plan = await plan_for(store, roadmaps, group, at(9, 9))
    d = await week_digest(store, plan, True, at(9, 9))
    assert (d.members, d.released_tasks) == (3, 22)
    resting = MemberBreak(GUILD, group.id, CAROL, date(2026, 3, 8), date(2026, 3, 10), at(7))
    assert await store.add_break(resting)
    assert (await week_digest(store, plan, True, at(9, 9))).inactive == (ALICE,)  # not carol
    assert d.completion == round(100 * 6 / (3 * 22))
    assert (d.tasks_done, d.checkins, d.minutes) == (6, 4, 65)
    assert d.top == (Standing(ALICE, 5, 2, 60), Standing(BOB, 1, 2, 20))
    assert d.improved == ()  # nobody was in the group the whole week before
    assert d.streaks == (Streak(BOB, 2),)
    assert d.inactive == (ALICE, CAROL) and d.names_inactive
    assert [n.day for n in d.next_days] == list(range(8, 15)) and not d.summary_next
    assert d.next_days[0] == NextDay(8, date(2026, 3, 9), 3)
    assert d.chart.week_start == WEEK1 and d.chart.first == WEEK1
    assert d.chart.weekdays[0] == pytest.approx(4 / 9)
    assert d.chart.weekdays[1] == pytest.approx(2 / 12)
    assert len(d.chart.median) == 7 and len(d.chart.pace) == 14
    assert d.chart.median[-1] == pytest.approx(1 / roadmaps["14day"].task_count)


async def test_most_improved_against_the_week_before(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps)
    await week_one(store, roadmaps, group)
    for task in ("d08-pick-task", "d08-goals-requirements", "d08-schedule"):
        await tick(store, roadmaps, actor(BOB), group.id, 8, task, at(10, 12))
    await tick(store, roadmaps, actor(ALICE), group.id, 8, "d08-pick-task", at(10, 12))
    plan = await plan_for(store, roadmaps, group, at(16, 9))
    d = await week_digest(store, plan, False, at(16, 9))
    assert d.improved == (Improvement(BOB, 1, 3),)
    assert d.next_days == () and d.summary_next  # day 15 (the summary) is released Mar 16
    assert [s.user_id for s in d.top] == [BOB, ALICE]
