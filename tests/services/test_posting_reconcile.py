"""Start-up reconciliation: which running groups are due a post, and when the idle ones are next.

Checked against ``plan_posts``, the full path: a group left out of ``due`` is one it would
post, claim and record nothing for.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.roadmaps import Roadmap
from bot.services.context import Actor, schedule_from, schedule_of
from bot.services.groups import StartOptions, pause_group, resume_group, start_group
from bot.services.posting import next_post_at, plan_posts, post_nonce, reconcile
from bot.services.schedule import day_at, release_instant
from bot.store import NewGroup, Store
from tests.services.posting_setup import (
    ADMIN,
    GUILD,
    T0,
    at,
    fresh,
    mini_roadmaps,
    start,
    summary_of,
)


@pytest.fixture
def mini(tmp_path: Path) -> dict[str, Roadmap]:
    return mini_roadmaps(tmp_path)


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
