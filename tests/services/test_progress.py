"""The leaderboard and one member's progress, on a real SQLite file."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.roadmaps import Roadmap, load_roadmaps, parse_roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group
from bot.services.membership import join_group_id, leave
from bot.services.progress import Row, leaderboard, member_progress
from bot.services.scoring import points
from bot.services.study import checkin, tick
from bot.store import Group, Store
from tests.conftest import REPO
from tests.explain import refused

GUILD, OTHER_GUILD = 1001, 2002
HERE, THERE = 11, 12
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
VIEWER = Actor(GUILD, HERE, 2)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday; groups post at 09:00 UTC

MINI = """\
id: mini
title: {en: Mini, zh: 迷你}
description: {en: A tiny roadmap., zh: 一个小路线图。}
source: test
phases:
  - title: {en: First, zh: 第一}
    days: [1, 2]
    goal: {en: Begin, zh: 开始}
  - title: {en: Second, zh: 第二}
    days: [3, 3]
    goal: {en: Finish, zh: 结束}
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


def at(day: int, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


@pytest.fixture
def mini(tmp_path: Path) -> dict[str, Roadmap]:
    path = tmp_path / "mini.yaml"
    path.write_text(textwrap.dedent(MINI), encoding="utf-8")
    return {"mini": parse_roadmap(MINI, path)}


async def start(store: Store, roadmaps: dict[str, Roadmap], roadmap_id: str) -> Group:
    return (await start_group(store, roadmaps, ADMIN, StartOptions(roadmap_id), T0)).group


async def add(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, uid: int, when: datetime = T0
) -> Actor:
    actor = Actor(GUILD, HERE, uid)
    assert (await join_group_id(store, roadmaps, actor, group.id, when)).kind == "joined"
    return actor


def as_tuples(rows: tuple[Row, ...]) -> list[tuple[int, int, int, int, int, int, int]]:
    return [(r.rank, r.user_id, r.done, r.released, r.streak, r.checkins, r.points) for r in rows]


# -- leaderboard ---------------------------------------------------------------------------------


async def test_ranks_ties_and_stable_order(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini, "mini")
    # Join order differs from user-id order on purpose.
    u1, u2, u3, u4, _u5, u6 = [
        await add(store, mini, group, uid, at(2, 8, 0, i))
        for i, uid in enumerate((900, 300, 100, 500, 700, 200))
    ]
    ticks = {
        u1: ["d1-a"],
        u2: ["d1-a", "d1-b"],
        u3: ["d2-a", "d3-a"],
        u4: ["d1-a", "d1-b", "d2-a", "d2-b", "d3-a"],
        u6: ["d2-b"],
    }
    now = at(5)  # day 3 was released on 4 March; 5 March is the summary day
    for actor, tasks in ticks.items():
        for task in tasks:
            day = int(task[1])
            assert (await tick(store, mini, actor, group.id, day, task, now)).kind == "done"
    for actor, days in ((u1, (2, 3)), (u4, (3, 4, 5)), (u6, (5,))):
        for d in days:
            await checkin(store, mini, actor, None, None, at(d))

    board = await leaderboard(store, mini, VIEWER, "all", now)
    assert (board.day, board.first_day, board.last_day, board.scope) == (3, 1, 3, "all")
    # u4: 50 + 15 + 2*3 = 71. u1: 10 + 10 + 2*2 = 24 (a freeze covered 4 March). u2, u3: 20.
    # u6: 10 + 5 + 2 = 17. u5: 0. Equal points: more tasks first, then who joined first.
    assert as_tuples(board.rows) == [
        (1, 500, 5, 5, 3, 3, 71),
        (2, 900, 1, 5, 2, 2, 24),
        (3, 300, 2, 5, 0, 0, 20),
        (3, 100, 2, 5, 0, 0, 20),
        (5, 200, 1, 5, 1, 1, 17),
        (6, 700, 0, 5, 0, 0, 0),
    ]
    assert [r.percent for r in board.rows] == [100, 20, 40, 40, 20, 0]
    assert board.row_of(900) is not None and board.row_of(900).rank == 2  # type: ignore[union-attr]
    assert board.row_of(12345) is None
    # Asking again gives the very same order.
    again = await leaderboard(store, mini, VIEWER, "all", now)
    assert again.rows == board.rows


async def test_scopes_all_week_today(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    group = await start(store, roadmaps, "14day")
    a = await add(store, roadmaps, group, 10, at(2, 8, 0, 0))
    b = await add(store, roadmaps, group, 20, at(2, 8, 0, 1))
    now = at(11)  # day 10 was released at 09:00 on 11 March
    for day, task in (
        (1, "d01-nlp-textbooks"),
        (4, "d04-attention-paper"),
        (10, "d10-choose-model"),
        (10, "d10-train-tune"),
    ):
        await tick(store, roadmaps, a, group.id, day, task, now)
    await tick(store, roadmaps, b, group.id, 2, "d02-install-tools", now)
    await tick(store, roadmaps, b, group.id, 9, "d09-get-data", now)
    for d in (2, 6, 11):
        await checkin(store, roadmaps, a, None, None, at(d))

    # Released tasks. all: days 1-10 = 3+4+4+3+2+3+3+3+3+3 = 31. week: days 4-10 = 20.
    # today: day 10 = 3. a's streak is 1 (checked in today, not yesterday).
    board = await leaderboard(store, roadmaps, VIEWER, "all", now)
    assert (board.first_day, board.last_day) == (1, 10)
    assert as_tuples(board.rows) == [(1, 10, 4, 31, 1, 3, 57), (2, 20, 2, 31, 0, 0, 20)]
    assert board.rows[0].percent == 13  # 4/31

    week = await leaderboard(store, roadmaps, VIEWER, "week", now)
    assert (week.first_day, week.last_day) == (4, 10)
    # a: days 4 and 10 -> 3 tasks; check-ins since 5 March: 6 and 11 March.
    assert as_tuples(week.rows) == [(1, 10, 3, 20, 1, 2, 42), (2, 20, 1, 20, 0, 0, 10)]

    today = await leaderboard(store, roadmaps, VIEWER, "today", now)
    assert (today.first_day, today.last_day) == (10, 10)
    assert as_tuples(today.rows) == [(1, 10, 2, 3, 1, 1, 27), (2, 20, 0, 3, 0, 0, 0)]


async def test_leaderboard_before_day_one(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini, "mini")
    await add(store, mini, group, 10)
    for scope in ("all", "week", "today"):
        board = await leaderboard(store, mini, VIEWER, scope, T0)  # type: ignore[arg-type]
        assert board.day == 0
        assert as_tuples(board.rows) == [(1, 10, 0, 0, 0, 0, 0)]
        assert board.rows[0].percent == 0


async def test_120_members_page_by_25(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini, "mini")
    tasks = ["d1-a", "d1-b", "d2-a"]
    now = at(3)  # day 2
    for i in range(120):
        # user ids run opposite to the join order
        actor = await add(store, mini, group, 20_000 - i, at(2, 8, i // 60, i % 60))
        for task in tasks[: i % 4]:
            await tick(store, mini, actor, group.id, int(task[1]), task, now)
    board = await leaderboard(store, mini, VIEWER, "all", now)
    assert len(board.rows) == 120
    # 30 members each with 3, 2, 1 and 0 tasks: ranks 1, 31, 61 and 91.
    expected = [
        (rank, 20_000 - i, n, 4, 0, 0, 10 * n)
        for rank, n in ((1, 3), (31, 2), (61, 1), (91, 0))
        for i in range(120)
        if i % 4 == n
    ]
    assert as_tuples(board.rows) == expected
    assert board.page_count(25) == 5
    assert [len(board.page(p, 25)) for p in range(5)] == [25, 25, 25, 25, 20]
    assert board.page(0, 25)[0].user_id == 20_000 - 3
    assert board.page(99, 25) == board.page(4, 25)
    assert board.page(-1, 25) == board.page(0, 25)
    last = board.row_of(20_000 - 116)  # joined 117th with 0 tasks
    assert last is not None and last.rank == 91
    assert last in board.page(4, 25)


async def test_left_members_are_not_listed(store: Store, mini: dict[str, Roadmap]) -> None:
    group = await start(store, mini, "mini")
    a = await add(store, mini, group, 10)
    b = await add(store, mini, group, 20)
    await tick(store, mini, b, group.id, 1, "d1-a", at(2, 10))
    await tick(store, mini, a, group.id, 1, "d1-b", at(2, 10))
    await leave(store, b, group.id, at(2, 11))
    board = await leaderboard(store, mini, VIEWER, "all", at(2, 12))
    assert as_tuples(board.rows) == [(1, 10, 1, 2, 0, 0, 10)]
    with refused("<@20> is not in this channel's `mini` group"):
        await member_progress(store, mini, VIEWER, 20, at(2, 12))


async def test_leaderboard_needs_this_channels_group(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    with refused("Run `/progress` in your group's channel"):
        await leaderboard(store, mini, VIEWER, "all", T0)
    group = await start(store, mini, "mini")
    for actor in (Actor(GUILD, THERE, 2), Actor(OTHER_GUILD, HERE, 2)):
        with refused("does not belong"):
            await leaderboard(store, mini, actor, "all", T0, group_id=group.id)
    paged = await leaderboard(store, mini, VIEWER, "all", T0, group_id=group.id)
    assert paged.group.id == group.id


# -- member_progress -----------------------------------------------------------------------------


async def test_member_progress_phase_bars_and_missed_days(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    group = await start(store, roadmaps, "14day")
    me = await add(store, roadmaps, group, 10)
    now = at(6)  # day 5
    for day, task in (
        (1, "d01-nlp-textbooks"),
        (1, "d01-nlp-analysis-levels"),
        (1, "d01-nlp-tasks-summary"),
        (3, "d03-ner"),
        (5, "d05-text-generation"),
    ):
        await tick(store, roadmaps, me, group.id, day, task, now)
    progress = await member_progress(store, roadmaps, VIEWER, 10, now)
    assert (progress.user_id, progress.day) == (10, 5)
    # Phases 1-3 (3+4+4 tasks), 4-7 (3+2+3+3), 8-11 (3 each), 12-14 (3 each).
    assert [(b.phase.first_day, b.done, b.released, b.total) for b in progress.phases] == [
        (1, 4, 11, 11),
        (4, 1, 5, 11),
        (8, 0, 0, 12),
        (12, 0, 0, 9),
    ]
    assert progress.missed_days == (2, 4)
    # 5 of the 16 tasks of days 1-5.
    assert (progress.row.rank, progress.row.done, progress.row.released) == (1, 5, 16)
    assert progress.row.points == 50


async def test_totals_leaderboard_equals_counting_every_row(
    store: Store, roadmaps: dict[str, Roadmap], db_path: Path
) -> None:
    """The leaderboard reads per-member totals and stored streaks; it must rank exactly as
    counting every tick and check-in would, including rows written without the services
    (rows the totals were never counted for) and ticks undone again."""
    import random
    import sqlite3
    from datetime import timedelta

    from bot.services.context import schedule_of
    from bot.services.schedule import is_study_date, local_date
    from bot.services.scoring import streak
    from bot.services.study import untick

    rnd = random.Random(3)
    group = await start(store, roadmaps, "14day")
    roadmap = roadmaps["14day"]
    actors = [await add(store, roadmaps, group, 100 + i, at(2, 8, 0, i)) for i in range(12)]
    now = at(13)  # day 12 released
    for actor in actors:
        for day in range(1, 13):
            for task in roadmap.day(day).tasks:
                if rnd.random() < 0.5:
                    await tick(store, roadmaps, actor, group.id, day, task.id, now)
                    if rnd.random() < 0.2:
                        await untick(store, roadmaps, actor, group.id, day, task.id, now)
        for d in range(2, 14):
            if rnd.random() < 0.6:
                await checkin(store, roadmaps, actor, None, None, at(d))
    # Written behind the services' back: no stored streak describes these.
    with sqlite3.connect(db_path) as raw:
        raw.execute(
            "INSERT OR IGNORE INTO checkins (guild_id, group_id, user_id, local_date, "
            "created_at, updated_at) VALUES (?, ?, ?, '2026-03-13', 'x', 'x')",
            (GUILD, group.id, actors[0].user_id),
        )
        raw.execute(
            "UPDATE members SET streak = NULL WHERE group_id = ? AND user_id = ?",
            (group.id, actors[1].user_id),
        )

    schedule = await schedule_of(store, group, roadmap)
    today = local_date(now, group.timezone)
    for scope, first, since in (
        ("all", 1, None),
        ("week", 6, today - timedelta(days=6)),
        ("today", 12, today),
    ):
        board = await leaderboard(store, roadmaps, VIEWER, scope, now)  # type: ignore[arg-type]
        for actor in actors:
            uid = actor.user_id
            ticks = [t for t in await store.ticks(GUILD, group.id, uid) if first <= t.day <= 12]
            dates = {c.local_date for c in await store.checkins(GUILD, group.id, uid)}
            count = sum(1 for d in dates if since is None or d >= since)
            current = streak(dates, today, lambda d: is_study_date(schedule, d))
            row = board.row_of(uid)
            assert row is not None
            assert (row.done, row.checkins, row.streak) == (len(ticks), count, current), scope
            assert row.points == points(len(ticks), count, current)
