"""The daily post ledger: what is due, claimed, late, missed, caught up, failed and summarised."""

from __future__ import annotations

import random
import textwrap
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.roadmaps import Roadmap, load_roadmaps, parse_roadmap
from bot.services.context import Actor, schedule_from, schedule_of
from bot.services.groups import StartOptions, pause_group, resume_group, start_group, status_of
from bot.services.membership import join_group_id, leave
from bot.services.posting import (
    ChannelProblem,
    PostPlan,
    confirm,
    fail,
    final_summary,
    legacy_footer,
    next_post_at,
    plan_posts,
    post_nonce,
    problem_of,
    reconcile,
)
from bot.services.schedule import day_at, release_instant
from bot.services.study import checkin, tick
from bot.store import Group, NewGroup, Post, Store
from tests.conftest import REPO

GUILD = 1001
HERE = 11
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday; groups post at 09:00 UTC

MINI = """\
id: mini
title: {en: Mini, zh: 迷你}
description: {en: A tiny roadmap., zh: 一个小路线图。}
source: test
phases:
  - title: {en: First, zh: 第一}
    days: [1, 3]
    goal: {en: Begin, zh: 开始}
days:
  - day: 1
    title: {en: One, zh: 一}
    tasks:
      - {id: d1-a, title: {en: A, zh: 甲}}
      - {id: d1-b, title: {en: B, zh: 乙}}
  - day: 2
    title: {en: Two, zh: 二}
    tasks:
      - {id: d2-a, title: {en: A, zh: 甲}}
      - {id: d2-b, title: {en: B, zh: 乙}}
  - day: 3
    title: {en: Three, zh: 三}
    tasks:
      - {id: d3-a, title: {en: A, zh: 甲}}
"""


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def mini(tmp_path: Path) -> dict[str, Roadmap]:
    path = tmp_path / "mini.yaml"
    path.write_text(textwrap.dedent(MINI), encoding="utf-8")
    return {"mini": parse_roadmap(MINI, path)}


@pytest.fixture(scope="module")
def shipped() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


async def start(
    store: Store,
    roadmaps: dict[str, Roadmap],
    options: StartOptions | None = None,
    now: datetime = T0,
) -> Group:
    return (await start_group(store, roadmaps, ADMIN, options or StartOptions("mini"), now)).group


async def fresh(store: Store, group: Group) -> Group:
    found = await store.get_group(group.guild_id, group.id)
    assert found is not None
    return found


def summary_of(plans: list[PostPlan]) -> list[tuple[int, str, bool, bool]]:
    return [(p.day, p.kind, p.late, p.catch_up) for p in plans]


async def ledger(store: Store, group: Group) -> list[tuple[int, str]]:
    return [(p.day, p.state) for p in await store.posts(group.guild_id, group.id)]


async def post_of(store: Store, group: Group, day: int) -> Post | None:
    return next((p for p in await store.posts(group.guild_id, group.id) if p.day == day), None)


# -- ids -----------------------------------------------------------------------------------------


def test_nonce_and_marker() -> None:
    assert post_nonce(7, 3) == "sb7d3"
    assert legacy_footer(7, 3) == "studybot g7 d3"
    # Discord nonces are at most 25 characters.
    assert len(post_nonce(2**53, 1000)) <= 25


# -- day posts -----------------------------------------------------------------------------------


async def test_nothing_before_the_first_release(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini)
    assert await plan_posts(store, mini, group, T0) == []
    assert await plan_posts(store, mini, group, at(2, 8, 59)) == []
    assert await ledger(store, group) == []


async def test_day_one_is_claimed_once(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini)
    plans = await plan_posts(store, mini, group, at(2))
    assert summary_of(plans) == [(1, "day", False, False)]
    plan = plans[0]
    assert (plan.group.id, plan.roadmap.id) == (group.id, "mini")
    post = plan.post
    assert (post.day, post.state, post.nonce, post.late) == (1, "claimed", f"sb{group.id}d1", False)
    assert post.claimed_at == at(2)

    await confirm(store, plan, 555, at(2, 9, 1))
    stored = await post_of(store, group, 1)
    assert stored is not None
    assert (stored.state, stored.message_id, stored.sent_at) == ("sent", 555, at(2, 9, 1))
    assert await plan_posts(store, mini, group, at(2, 9, 2)) == []
    assert await plan_posts(store, mini, group, at(2, 23)) == []
    assert await ledger(store, group) == [(1, "sent")]


async def test_an_unconfirmed_claim_is_returned_again(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    first = await plan_posts(store, mini, group, at(2))
    # The bot crashed mid-send: the same claim (same nonce) comes back for a re-send.
    again = await plan_posts(store, mini, group, at(2, 9, 3))
    assert summary_of(again) == [(1, "day", False, False)]
    assert again[0].post == first[0].post
    assert again[0].post.claimed_at == at(2)
    assert await ledger(store, group) == [(1, "claimed")]
    await confirm(store, again[0], 556, at(2, 9, 4))
    assert await plan_posts(store, mini, group, at(2, 9, 5)) == []


async def test_late_after_five_minutes_the_same_day(store: Store, mini: dict[str, Roadmap]) -> None:
    on_time = await start(store, mini)
    plans = await plan_posts(store, mini, on_time, at(2, 9, 5))
    assert summary_of(plans) == [(1, "day", False, False)]

    other = Actor(GUILD, 12, 1, can_manage=True)
    late_group = (await start_group(store, mini, other, StartOptions("mini"), T0)).group
    plans = await plan_posts(store, mini, late_group, at(2, 9, 6))
    assert summary_of(plans) == [(1, "day", True, False)]
    assert plans[0].post.late
    # Bot came back at 23:00, still the same local date: posted late, not missed.
    third = Actor(GUILD, 13, 1, can_manage=True)
    evening = (await start_group(store, mini, third, StartOptions("mini"), T0)).group
    assert summary_of(await plan_posts(store, mini, evening, at(2, 23))) == [
        (1, "day", True, False)
    ]


async def test_a_group_started_after_the_post_time_posts_day_one_now(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini, now=at(2, 15))
    plans = await plan_posts(store, mini, group, at(2, 15))
    assert summary_of(plans) == [(1, "day", False, False)]


async def test_a_group_started_in_the_past_posts_only_the_current_day(
    store: Store, shipped: dict[str, Roadmap]
) -> None:
    group = await start(store, shipped, StartOptions("14day", start="2026-02-25"), at(2, 12))
    # 25 Feb .. 2 Mar are six dates: day 6 is out, days 1-5 predate the group.
    plans = await plan_posts(store, shipped, group, at(2, 12))
    assert summary_of(plans) == [(6, "day", False, False)]
    assert await ledger(store, group) == [(6, "claimed")]
    assert (await status_of(store, shipped, group, at(2, 12))).missed_days == ()


async def test_bot_down_all_day_records_a_missed_day(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    [day1] = await plan_posts(store, mini, group, at(2))
    await confirm(store, day1, 1, at(2))
    # Down from 2 March 09:01 to 4 March 10:00: all of 3 March passed without a post.
    plans = await plan_posts(store, mini, group, at(4, 10))
    assert summary_of(plans) == [(3, "day", True, False)]
    assert await ledger(store, group) == [(1, "sent"), (2, "missed"), (3, "claimed")]
    missed = await post_of(store, group, 2)
    assert missed is not None and missed.nonce == f"sb{group.id}d2"
    status = await status_of(store, mini, group, at(4, 10))
    assert status.missed_days == (2,)
    # The missed day is not offered again.
    await confirm(store, plans[0], 3, at(4, 10))
    assert await plan_posts(store, mini, group, at(4, 11)) == []


async def test_bot_down_all_day_with_catch_up(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini, StartOptions("mini", catch_up=True))
    [day1] = await plan_posts(store, mini, group, at(2))
    await confirm(store, day1, 1, at(2))
    plans = await plan_posts(store, mini, group, at(4, 10))
    assert summary_of(plans) == [(2, "day", True, True), (3, "day", True, False)]
    assert await ledger(store, group) == [(1, "sent"), (2, "claimed"), (3, "claimed")]
    assert (await status_of(store, mini, group, at(4, 10))).missed_days == ()


async def test_catch_up_goes_back_seven_days_at_most(
    store: Store, shipped: dict[str, Roadmap]
) -> None:
    group = await start(store, shipped, StartOptions("14day", catch_up=True))
    [day1] = await plan_posts(store, shipped, group, at(2))
    await confirm(store, day1, 1, at(2))
    # 13 March is day 12: days 5-11 are caught up, 2-4 are too old and missed.
    plans = await plan_posts(store, shipped, group, at(13, 10))
    assert [p.day for p in plans] == list(range(5, 13))
    assert all(p.catch_up for p in plans[:-1]) and not plans[-1].catch_up
    assert all(p.late for p in plans)
    assert (await status_of(store, shipped, group, at(13, 10))).missed_days == (2, 3, 4)


async def test_paused_groups_post_nothing_and_miss_nothing(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    [day1] = await plan_posts(store, mini, group, at(2))
    await confirm(store, day1, 1, at(2))
    await pause_group(store, mini, ADMIN, at(2, 12))
    assert await plan_posts(store, mini, await fresh(store, group), at(3, 9)) == []
    await resume_group(store, mini, ADMIN, at(5, 12))
    # 3, 4 and 5 March fell in the pause: nothing is due until 6 March, nothing was missed.
    assert await plan_posts(store, mini, await fresh(store, group), at(5, 12)) == []
    plans = await plan_posts(store, mini, await fresh(store, group), at(6, 9))
    assert summary_of(plans) == [(2, "day", False, False)]
    assert await ledger(store, group) == [(1, "sent"), (2, "claimed")]


async def test_nothing_for_a_stopped_group_or_an_unloaded_roadmap(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    assert await plan_posts(store, {}, group, at(2)) == []
    stopped = await store.set_group_state(GUILD, group.id, "stopped", at(2))
    assert stopped
    assert await plan_posts(store, mini, await fresh(store, group), at(3)) == []
    assert await ledger(store, group) == []


# -- the summary ---------------------------------------------------------------------------------


async def test_the_day_after_the_last_is_the_summary_and_ends_the_group(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    for day in (1, 2, 3):
        plans = await plan_posts(store, mini, group, at(1 + day))
        assert summary_of(plans) == [(day, "day", False, False)]
        await confirm(store, plans[0], 100 + day, at(1 + day))
    assert await plan_posts(store, mini, group, at(5, 8, 59)) == []
    [summary] = await plan_posts(store, mini, group, at(5))
    assert (summary.day, summary.kind, summary.post.nonce) == (4, "summary", f"sb{group.id}d4")
    await confirm(store, summary, 104, at(5, 9, 1))
    ended = await fresh(store, group)
    assert (ended.state, ended.ended_at) == ("finished", at(5, 9, 1))
    assert not ended.running
    assert await plan_posts(store, mini, ended, at(6)) == []
    assert await store.running_group_in_channel(GUILD, HERE) is None


async def test_final_summary_completion_and_top_rows(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    members = {}
    for second, uid in enumerate((10, 30, 20, 40, 50)):  # 30 joins before 20
        actor = Actor(GUILD, HERE, uid)
        when = datetime(2026, 3, 2, 8, 0, second, tzinfo=UTC)
        await join_group_id(store, mini, actor, group.id, when)
        members[uid] = actor
    done = {
        10: ["d1-a", "d1-b", "d2-a", "d2-b", "d3-a"],
        20: ["d1-a", "d2-a"],
        30: ["d2-b", "d3-a"],
        50: ["d1-a", "d1-b", "d3-a"],
    }
    for uid, tasks in done.items():
        for task in tasks:
            await tick(store, mini, members[uid], group.id, int(task[1]), task, at(4, 12))
    await checkin(store, mini, members[10], None, None, at(4, 12))
    await leave(store, members[50], group.id, at(4, 13))

    summary = await final_summary(store, mini, await fresh(store, group), at(5))
    assert summary.members == 4
    # Current members did 5 + 2 + 2 + 0 = 9 of 4 x 5 = 20 tasks.
    assert summary.completion == 45
    # 10: 50 + 5 + 2 (checked in yesterday) = 57; 30 and 20: 20 each, tied, in join order.
    assert [
        (r.rank, r.user_id, r.done, r.released, r.streak, r.checkins, r.points) for r in summary.top
    ] == [
        (1, 10, 5, 5, 1, 1, 57),
        (2, 30, 2, 5, 0, 0, 20),
        (2, 20, 2, 5, 0, 0, 20),
    ]
    everyone = await final_summary(store, mini, await fresh(store, group), at(5), top=10)
    assert [(r.rank, r.user_id) for r in everyone.top] == [(1, 10), (2, 30), (2, 20), (4, 40)]


async def test_final_summary_of_an_empty_group(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini)
    summary = await final_summary(store, mini, group, at(5))
    assert (summary.members, summary.completion, summary.top) == (0, 0, ())


# -- failures ------------------------------------------------------------------------------------


async def test_fail_records_the_problem_pauses_and_resume_retries(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = await start(store, mini)
    [plan] = await plan_posts(store, mini, group, at(2))
    problem = ChannelProblem("missing_access", "Missing Permissions")
    await fail(store, plan, problem, at(2, 9, 1))
    post = await post_of(store, group, 1)
    assert post is not None and (post.state, post.error) == ("failed", problem.encode())
    status = await status_of(store, mini, await fresh(store, group), at(2, 10))
    assert problem_of(status.group) == problem
    assert status.group.state == "paused"
    assert (status.day, status.next_post, status.missed_days) == (1, None, (1,))
    # Paused: nothing is retried, whatever the clock says.
    assert await plan_posts(store, mini, await fresh(store, group), at(2, 10)) == []
    assert await plan_posts(store, mini, await fresh(store, group), at(4, 10)) == []

    # The permission was fixed and the group resumed on 4 March: the failed day is retried
    # with the same nonce, 3 and 4 March were paused, and the warning goes once it is sent.
    await resume_group(store, mini, ADMIN, at(4, 12))
    [retry] = await plan_posts(store, mini, await fresh(store, group), at(4, 12))
    assert (retry.day, retry.kind, retry.late, retry.catch_up) == (1, "day", True, True)
    assert (retry.post.state, retry.post.nonce) == ("claimed", f"sb{group.id}d1")
    await confirm(store, retry, 200, at(4, 12))
    status = await status_of(store, mini, await fresh(store, group), at(4, 13))
    assert status.group.problem is None
    assert (status.day, status.missed_days) == (1, ())
    assert status.next_post == (2, at(5))
    assert await ledger(store, group) == [(1, "sent")]


# -- start-up reconciliation ---------------------------------------------------------------------


async def _random_group(
    store: Store, rnd: random.Random, roadmaps: dict[str, Roadmap], channel: int, now: datetime
) -> None:
    """A running group with a random schedule, pauses and ledger (gaps, claims, failures)."""
    roadmap = roadmaps[rnd.choice(sorted(roadmaps))]
    created = now - timedelta(days=rnd.randint(0, 25), hours=rnd.randint(0, 23))
    new = NewGroup(
        guild_id=GUILD,
        channel_id=channel,
        roadmap_id=roadmap.id,
        start_date=(created + timedelta(days=rnd.randint(-6, 3))).date(),
        post_time=time(rnd.choice((0, 9, 23)), rnd.choice((0, 30))),
        timezone=rnd.choice(("UTC", "Europe/Berlin", "UTC+05:00", "America/New_York")),
        created_by=1,
        pace=rnd.choice((1, 1, 2, 3)),
        weekdays_only=rnd.random() < 0.3,
        catch_up=rnd.random() < 0.4,
    )
    group = await store.create_group(new, created)
    if rnd.random() < 0.3:  # a pause that ended
        began = created + (now - created) * rnd.random()
        await store.set_group_state(GUILD, group.id, "paused", began)
        await store.set_group_state(GUILD, group.id, "active", began + (now - began) / 2)
    if rnd.random() < 0.15:  # paused now
        await store.set_group_state(GUILD, group.id, "paused", now - timedelta(hours=5))
    schedule = schedule_from(group, roadmap, await store.pauses(GUILD, group.id))
    latest = day_at(schedule, now)
    first = 1
    if rnd.random() < 0.3:  # the days released before the group was created have no rows
        while first < latest and release_instant(schedule, first) < created - timedelta(minutes=1):
            first += 1
    settled = rnd.random() < 0.6
    for day in range(first, min(latest + 2, roadmap.total_days + 1) + 1):
        kind = "sent" if settled and day <= latest else rnd.choice(STATES)
        if kind == "none":
            continue
        nonce = post_nonce(group.id, day)
        if kind == "missed":
            await store.record_missed_post(GUILD, group.id, day, nonce, created)
            continue
        await store.claim_post(GUILD, group.id, day, nonce, created, late=False)
        if kind == "sent":
            await store.confirm_post(GUILD, group.id, day, day, created)
        elif kind == "failed":
            await store.mark_post(GUILD, group.id, day, "failed", "Cannot post")


STATES = ("none", "sent", "sent", "sent", "missed", "failed", "claimed")


@pytest.mark.parametrize("seed", range(4))
async def test_reconcile_leaves_out_only_groups_plan_posts_has_nothing_for(
    store: Store, mini: dict[str, Roadmap], shipped: dict[str, Roadmap], seed: int
) -> None:
    """Whatever the ledger looks like: a group left out of ``due`` is one for which
    ``plan_posts`` would post, claim and record nothing, and its ``:next`` instant is
    ``next_post_at``'s."""
    rnd = random.Random(seed)
    roadmaps = {**mini, "14day": shipped["14day"], "3month": shipped["3month"]}
    now = at(16, 12) + timedelta(minutes=rnd.randint(0, 24 * 60))
    for channel in range(100, 220):
        await _random_group(store, rnd, roadmaps, channel, now)
    check = await reconcile(store, roadmaps, now)
    running = await store.running_groups_all_guilds()
    assert check.checked == len(running) == 120
    due = [g.id for g in check.due]
    idle = [g.id for g, _ in check.idle]
    assert due == sorted(due) and sorted(due + idle) == [g.id for g in running]
    assert len(check.due) > 10 and len(check.idle) > 10  # both kinds are exercised
    for group, when in check.idle:
        before = await store.posts(GUILD, group.id)
        assert await plan_posts(store, roadmaps, group, now) == [], group
        assert await store.posts(GUILD, group.id) == before
        assert when == await next_post_at(store, roadmaps, group, now)


async def test_reconcile_due_groups(store: Store, mini: dict[str, Roadmap]) -> None:
    """Due: nothing posted yet today, an unconfirmed claim, a failed latest day (resumed);
    idle: all posted, not released yet, paused, roadmap not loaded."""
    now = at(3, 12)
    groups = []
    for channel in range(6):
        options = StartOptions("mini", start="2026-03-02")
        actor = Actor(GUILD, channel, 1, can_manage=True)
        groups.append((await start_group(store, mini, actor, options, T0)).group)
    posted, today, claimed, failed, paused, unknown = groups
    for group in groups:
        await store.claim_post(GUILD, group.id, 1, post_nonce(group.id, 1), at(2), late=False)
        await store.confirm_post(GUILD, group.id, 1, 1, at(2))
    for group in (posted, claimed, failed, paused, unknown):
        await store.claim_post(GUILD, group.id, 2, post_nonce(group.id, 2), at(3), late=False)
    for group in (posted, paused, unknown):
        await store.confirm_post(GUILD, group.id, 2, 2, at(3))
    await store.mark_post(GUILD, failed.id, 2, "failed", "Cannot post")
    await store.set_group_state(GUILD, paused.id, "paused", at(3, 10))
    await store.set_group_state(GUILD, unknown.id, "active", at(3, 10))
    roadmaps = dict(mini)
    check = await reconcile(store, roadmaps, now)
    assert [g.id for g in check.due] == [today.id, claimed.id, failed.id]
    assert [(g.id, when) for g, when in check.idle] == [
        (posted.id, at(4)),
        (paused.id, None),
        (unknown.id, at(4)),
    ]
    assert (await reconcile(store, {}, now)).due == ()  # no roadmap loaded: nothing to post


async def test_reconcile_a_ledger_ahead_of_the_schedule(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    """Rows only for days not released yet (the schedule moved back): the latest day, even
    released before the group was created, still has no row, so the group is due."""
    options = StartOptions("mini", start="2026-03-02")
    group = (await start_group(store, mini, ADMIN, options, at(2, 10))).group
    await store.claim_post(GUILD, group.id, 2, post_nonce(group.id, 2), at(2, 10), late=False)
    await store.confirm_post(GUILD, group.id, 2, 2, at(2, 10))
    check = await reconcile(store, mini, at(2, 12))
    assert [g.id for g in check.due] == [group.id]
    assert summary_of(await plan_posts(store, mini, group, at(2, 12))) == [(1, "day", False, False)]


async def test_reconcile_leaves_a_broken_group_to_the_full_path(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    """A group whose schedule cannot be computed (a zone this machine does not know) fails on
    its own in the full path, where the error is logged; the other groups are still checked."""
    broken = await store.create_group(
        NewGroup(GUILD, 5, "mini", date(2026, 3, 2), time(9), "Nowhere/Atlantis", 1), T0
    )
    fine = await start(store, mini)
    check = await reconcile(store, mini, at(2, 8))
    assert [g.id for g in check.due] == [broken.id]
    assert [(g.id, when) for g, when in check.idle] == [(fine.id, at(2))]


async def test_schedule_from_is_schedule_of(store: Store, mini: dict[str, Roadmap]) -> None:
    """The batch path's pauses give the same schedule as the per-group read."""
    group = await start(store, mini)
    await pause_group(store, mini, ADMIN, at(3, 12))
    await resume_group(store, mini, ADMIN, at(5, 12))
    await pause_group(store, mini, ADMIN, at(6, 12))
    group = await fresh(store, group)
    pauses = (await store.pauses_all_guilds())[group.id]
    assert len(pauses) == 2
    assert schedule_from(group, mini["mini"], pauses) == await schedule_of(
        store, group, mini["mini"]
    )


def test_a_channel_problem_is_stored_as_text_and_read_back() -> None:
    for problem in (
        ChannelProblem("missing_access", "Missing Access: with a colon"),
        ChannelProblem("not_found", "404"),
    ):
        assert ChannelProblem.decode(problem.encode()) == problem
    # written by an older studybot: a sentence, kept as Discord's words
    assert ChannelProblem.decode("Cannot post in <#1>: channel not found") == ChannelProblem(
        "other", "Cannot post in <#1>: channel not found"
    )
