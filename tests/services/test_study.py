"""Ticks and /today, on a real SQLite file; forged button ids change nothing. Check-ins are in
``test_study_checkins.py``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, pause_group, resume_group, start_group
from bot.services.membership import join_group_id, leave
from bot.services.study import tick, today, untick
from bot.store import Group, Store, TickTarget
from bot.store.sqlite import SqliteDb, backend_over
from tests.explain import refused
from tests.services.study_setup import (
    ADMIN,
    DAY2,
    GUILD,
    HERE,
    ME,
    OTHER_GUILD,
    T0,
    THERE,
    at,
    joined_group,
    rows,
)


@pytest.fixture
async def group(store: Store, roadmaps: dict[str, Roadmap]) -> Group:
    return await joined_group(store, roadmaps)


# -- tick and untick -----------------------------------------------------------------------------


async def test_tick_untick_cycle(store: Store, roadmaps: dict[str, Roadmap], group: Group) -> None:
    done = await tick(store, roadmaps, ME, group.id, 2, "d02-try-nltk", DAY2)
    assert (done.kind, done.done_today, done.day.number, done.task.id) == (
        "done",
        1,
        2,
        "d02-try-nltk",
    )
    assert (done.group_id, done.roadmap_id) == (group.id, group.roadmap_id)
    again = await tick(store, roadmaps, ME, group.id, 2, "d02-try-nltk", at(3, 13))
    assert (again.kind, again.done_today) == ("already", 1)
    second = await tick(store, roadmaps, ME, group.id, 2, "d02-try-spacy", DAY2)
    assert (second.kind, second.done_today) == ("done", 2)

    ticks = await store.ticks(GUILD, group.id, 50)
    assert [(t.day, t.task_id, t.done_at) for t in ticks] == [
        (2, "d02-try-nltk", DAY2),  # the first click's time is kept
        (2, "d02-try-spacy", DAY2),
    ]

    undone = await untick(store, roadmaps, ME, group.id, 2, "d02-try-nltk", DAY2)
    assert (undone.kind, undone.done_today) == ("undone", 1)
    not_done = await untick(store, roadmaps, ME, group.id, 2, "d02-try-nltk", DAY2)
    assert (not_done.kind, not_done.done_today) == ("not_done", 1)
    assert [t.task_id for t in await store.ticks(GUILD, group.id, 50)] == ["d02-try-spacy"]


async def test_non_member_is_told_and_nothing_is_written(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    stranger = Actor(GUILD, HERE, 77)
    outcome = await tick(store, roadmaps, stranger, group.id, 1, "d01-nlp-textbooks", DAY2)
    assert (outcome.kind, outcome.done_today) == ("not_member", 0)
    assert (
        await untick(store, roadmaps, stranger, group.id, 1, "d01-nlp-textbooks", DAY2)
    ).kind == ("not_member")
    assert rows(db_path, "ticks") == []


async def test_a_member_who_left_cannot_tick(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    await leave(store, ME, group.id, DAY2)
    before = rows(db_path, "ticks")
    assert (await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-tasks-summary", DAY2)).kind == (
        "not_member"
    )
    assert (await untick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)).kind == (
        "not_member"
    )
    assert rows(db_path, "ticks") == before


async def test_late_joiner_can_tick_earlier_days(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    late = Actor(GUILD, HERE, 60)
    await join_group_id(store, roadmaps, late, group.id, at(6))  # day 5
    first = await tick(store, roadmaps, late, group.id, 1, "d01-nlp-textbooks", at(6))
    assert (first.kind, first.done_today) == ("done", 1)
    third = await tick(store, roadmaps, late, group.id, 3, "d03-ner", at(6))
    assert third.kind == "done"


FORGED = [
    pytest.param(Actor(OTHER_GUILD, HERE, 50), 2, "d02-try-nltk", "does not belong", id="guild"),
    pytest.param(Actor(GUILD, THERE, 50), 2, "d02-try-nltk", "does not belong", id="channel"),
    pytest.param(ME, 3, "d03-ner", "Day 3 has not been released yet", id="unreleased"),
    pytest.param(ME, 14, "d14-share", "Day 14 has not been released", id="last-unreleased"),
    pytest.param(ME, 2, "d01-nlp-textbooks", "not part of this day", id="task-of-other-day"),
    pytest.param(ME, 2, "d02-nope", "not part of this day", id="unknown-task"),
    pytest.param(ME, 0, "d01-nlp-textbooks", "not part of this roadmap", id="day-0"),
    pytest.param(ME, 15, "d14-share", "not part of this roadmap", id="day-15"),
    pytest.param(ME, -1, "d01-nlp-textbooks", "not part of this roadmap", id="day-negative"),
]


@pytest.mark.parametrize(("actor", "day", "task", "message"), FORGED)
async def test_forged_tick_is_refused_without_writing(
    store: Store,
    roadmaps: dict[str, Roadmap],
    group: Group,
    db_path: Path,
    actor: Actor,
    day: int,
    task: str,
    message: str,
) -> None:
    # The same user exists in the other server's group too, so only the ids are wrong.
    other = await start_group(
        store, roadmaps, Actor(OTHER_GUILD, HERE, 1, can_manage=True), StartOptions("14day"), T0
    )
    await join_group_id(store, roadmaps, Actor(OTHER_GUILD, HERE, 50), other.group.id, T0)
    await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    before = rows(db_path, "ticks")
    assert len(before) == 1
    with refused(message):
        await tick(store, roadmaps, actor, group.id, day, task, DAY2)
    assert rows(db_path, "ticks") == before


@pytest.mark.parametrize(
    "actor", [Actor(OTHER_GUILD, HERE, 50), Actor(GUILD, THERE, 50)], ids=["guild", "channel"]
)
async def test_forged_untick_deletes_nothing(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path, actor: Actor
) -> None:
    await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    before = rows(db_path, "ticks")
    with refused("does not belong to a group in this channel"):
        await untick(store, roadmaps, actor, group.id, 1, "d01-nlp-textbooks", DAY2)
    with refused("not part of this day"):
        await untick(store, roadmaps, ME, group.id, 2, "d01-nlp-textbooks", DAY2)
    assert rows(db_path, "ticks") == before


async def test_unknown_group_id_is_refused(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    with refused("does not belong"):
        await tick(store, roadmaps, ME, group.id + 100, 1, "d01-nlp-textbooks", DAY2)
    assert rows(db_path, "ticks") == []


async def test_a_paused_day_is_not_released(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    await pause_group(store, roadmaps, ADMIN, at(3, 12))
    # 4 March 09:00 falls in the pause: day 3 is not out.
    with refused("Day 3 has not been released yet"):
        await tick(store, roadmaps, ME, group.id, 3, "d03-ner", at(4, 12))
    assert rows(db_path, "ticks") == []
    await resume_group(store, roadmaps, ADMIN, at(4, 12))
    assert (await tick(store, roadmaps, ME, group.id, 3, "d03-ner", at(5, 9))).kind == "done"


async def test_concurrent_clicks_each_count_once(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path
) -> None:
    tasks = ["d01-nlp-textbooks", "d01-nlp-tasks-summary", "d01-nlp-textbooks"]
    outcomes = await asyncio.gather(
        *(tick(store, roadmaps, ME, group.id, 1, t, DAY2) for t in tasks)
    )
    assert sorted(o.kind for o in outcomes) == ["already", "done", "done"]
    assert sorted(o.done_today for o in outcomes if o.kind == "done") == [1, 2]
    assert len(rows(db_path, "ticks")) == 2


def sql_statements(db: SqliteDb) -> list[str]:
    """The statements the store runs from now on (each one is a trip to aiosqlite's thread)."""
    seen: list[str] = []

    def trace(sql: str) -> None:
        # SQLite traces each trigger sub-program (0003's totals, RETURNING) with the text of
        # the statement that fired it again: one execution, one entry.
        if not seen or seen[-1] != sql:
            seen.append(sql)

    conn = db.conn._conn  # the sqlite3 connection, used from aiosqlite's thread only
    conn.set_trace_callback(trace)
    return seen


async def test_a_click_is_one_read_and_at_most_one_write(
    db_path: Path, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    async with SqliteDb.open(db_path) as db:  # the group's file, through a connection we trace
        store = Store(backend_over(db))
        seen = await db.conn._execute(sql_statements, db)
        await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
        assert [s.split()[0] for s in seen] == ["SELECT", "INSERT"]
        seen.clear()
        await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)  # already done
        await untick(store, roadmaps, ME, group.id, 1, "d01-nlp-tasks-summary", DAY2)  # not done
        await tick(store, roadmaps, Actor(GUILD, HERE, 77), group.id, 1, "d01-nlp-textbooks", DAY2)
        with refused():
            await tick(store, roadmaps, ME, group.id, 3, "d03-ner", DAY2)  # not released
        assert [s.split()[0] for s in seen] == ["SELECT"] * 4
        seen.clear()
        await untick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
        assert [s.split()[0] for s in seen] == ["SELECT", "DELETE"]


def race(
    store: Store, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], Awaitable[object]]
) -> None:
    """Run ``meanwhile`` right after the click's first read, before its write."""
    read = store.tick_target
    reads = 0

    async def read_then_race(*args: Any) -> TickTarget | None:
        nonlocal reads
        target = await read(*args)
        reads += 1
        if reads == 1:
            await meanwhile()
        return target

    monkeypatch.setattr(store, "tick_target", read_then_race)


async def test_a_leave_between_read_and_write_records_nothing(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path, monkeypatch: Any
) -> None:
    race(store, monkeypatch, lambda: leave(store, ME, group.id, DAY2))
    outcome = await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    assert (outcome.kind, outcome.done_today) == ("not_member", 0)
    assert rows(db_path, "ticks") == []


async def test_a_stop_between_read_and_write_records_nothing(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path, monkeypatch: Any
) -> None:
    from bot.services.groups import stop_group

    race(store, monkeypatch, lambda: stop_group(store, ADMIN, group.id, DAY2))
    with refused("was stopped"):
        await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    assert rows(db_path, "ticks") == []


async def test_a_double_click_between_read_and_write_answers_already(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path, monkeypatch: Any
) -> None:
    race(
        store,
        monkeypatch,
        lambda: tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2),
    )
    outcome = await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    assert (outcome.kind, outcome.done_today) == ("already", 1)
    assert len(rows(db_path, "ticks")) == 1


async def test_an_undo_between_read_and_write_answers_not_done(
    store: Store, roadmaps: dict[str, Roadmap], group: Group, db_path: Path, monkeypatch: Any
) -> None:
    await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-tasks-summary", DAY2)
    race(
        store,
        monkeypatch,
        lambda: untick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2),
    )
    outcome = await untick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    assert (outcome.kind, outcome.done_today) == ("not_done", 1)
    assert len(rows(db_path, "ticks")) == 1


async def test_a_finished_group_still_takes_ticks(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    await store.set_group_state(GUILD, group.id, "finished", at(20))
    outcome = await tick(store, roadmaps, ME, group.id, 14, "d14-share", at(20))
    assert (outcome.kind, outcome.done_today) == ("done", 1)


# -- today ---------------------------------------------------------------------------------------


async def test_today_before_day_one(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    started = await start_group(
        store, roadmaps, ADMIN, StartOptions("14day", time="18:30", start="tomorrow"), T0
    )
    await join_group_id(store, roadmaps, ME, started.group.id, T0)
    view = await today(store, roadmaps, ME, T0)
    assert view.day is None
    assert view.released == 0
    assert view.done == frozenset()
    assert view.next_day_at == datetime(2026, 3, 3, 18, 30, tzinfo=UTC)
    assert view.group.id == started.group.id


async def test_today_shows_the_current_day_and_own_ticks(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    other = Actor(GUILD, HERE, 60)
    await join_group_id(store, roadmaps, other, group.id, T0)
    await tick(store, roadmaps, ME, group.id, 1, "d01-nlp-textbooks", DAY2)
    await tick(store, roadmaps, ME, group.id, 2, "d02-try-spacy", DAY2)
    await tick(store, roadmaps, other, group.id, 2, "d02-try-nltk", DAY2)
    view = await today(store, roadmaps, ME, DAY2)
    assert view.day is not None and view.day.number == 2
    assert view.released == 2
    assert view.done == frozenset({"d02-try-spacy"})
    assert view.next_day_at == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert view.roadmap.id == "14day"


async def test_today_after_the_last_day(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    view = await today(store, roadmaps, ME, at(20))
    assert view.day is not None and view.day.number == 14
    assert view.released == 15
    assert view.next_day_at is None


async def test_today_outside_any_group(store: Store, roadmaps: dict[str, Roadmap]) -> None:
    with refused("not in a study group"):
        await today(store, roadmaps, ME, T0)
    await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)
    with refused("`/join roadmap:14day`"):
        await today(store, roadmaps, ME, T0)
