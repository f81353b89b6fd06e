"""The daily post ledger: what is due, claimed, late, missed, caught up, failed and summarised."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, pause_group, resume_group, start_group, status_of
from bot.services.membership import join_group_id, leave
from bot.services.posting import (
    ChannelProblem,
    confirm,
    fail,
    final_summary,
    legacy_footer,
    plan_posts,
    post_nonce,
    problem_of,
)
from bot.services.study import checkin, tick
from bot.store import Group, Post, Store
from tests.services.posting_setup import (
    ADMIN,
    GUILD,
    HERE,
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
