"""Periods (today, the last 7 days, the last 30 days, all) and the pinned board's rules: who has
not started, the board's settings, its claim and the recreate-once decision."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import ForeignButton
from bot.roadmaps import Roadmap, load_roadmaps
from bot.services import board as boards
from bot.services.context import Actor
from bot.services.groups import stop_group
from bot.services.progress import leaderboard
from bot.services.study import checkin, tick
from bot.store import Store
from tests.conftest import REPO
from tests.explain import refused
from tests.services.test_progress import (
    ADMIN,
    GUILD,
    HERE,
    THERE,
    VIEWER,
    add,
    as_tuples,
    at,
    start,
)


@pytest.fixture(scope="module")
def shipped() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


async def test_a_month_reaches_30_days_back(store: Store, shipped: dict[str, Roadmap]) -> None:
    group = await start(store, shipped, "3month")
    a = await add(store, shipped, group, 10, at(2, 8, 0, 0))
    b = await add(store, shipped, group, 20, at(2, 8, 0, 1))
    await add(store, shipped, group, 30, at(2, 8, 0, 2))
    now = at(2, 12) + timedelta(days=39)  # 10 April: day 40 (released at 09:00)
    roadmap = shipped["3month"]
    first_of_month, day_5 = roadmap.day(11).tasks[0].id, roadmap.day(5).tasks[0].id
    await tick(store, shipped, a, group.id, 11, first_of_month, now)
    await tick(store, shipped, b, group.id, 5, day_5, now)  # older than 30 days
    await checkin(store, shipped, b, None, None, now)

    month = await leaderboard(store, shipped, VIEWER, "month", now)
    assert (month.day, month.first_day, month.last_day, month.scope) == (40, 11, 40, "month")
    released = sum(len(roadmap.day(d).tasks) for d in range(11, 41))
    assert as_tuples(month.rows) == [
        (1, 10, 1, released, 0, 0, 10),
        (2, 20, 0, released, 1, 1, 7),  # a check-in today: 5 + streak 1 (2)
        (3, 30, 0, released, 0, 0, 0),
    ]
    assert [r.user_id for r in month.started()] == [10, 20]  # a check-in is a start too
    assert month.not_started() == 1
    everything = await leaderboard(store, shipped, VIEWER, "all", now)
    assert [r.done for r in everything.rows] == [1, 1, 0] and everything.not_started() == 1


async def test_the_board_follows_its_settings(store: Store, shipped: dict[str, Roadmap]) -> None:
    group = await start(store, shipped, "14day")
    await add(store, shipped, group, 10)
    now = at(4)
    assert not await boards.board_wanted(store, GUILD, group.id)
    await store.set_group_setting(GUILD, group.id, "board", "1")
    await store.set_group_setting(GUILD, group.id, "board_period", "today")
    assert await boards.board_wanted(store, GUILD, group.id)
    view = await boards.pinned_board(store, shipped, GUILD, group.id, now)
    assert view is not None and view.row is None
    assert view.board.scope == "today" and view.board.first_day == view.board.day == 3
    assert await boards.pinned_board(store, shipped, 999, group.id, now) is None  # other server
    await stop_group(store, ADMIN, group.id, now)
    assert await boards.pinned_board(store, shipped, GUILD, group.id, now) is None


async def test_claimed_once_and_recreated_once(store: Store, shipped: dict[str, Roadmap]) -> None:
    group = await start(store, shipped, "14day")
    now = at(4)
    first = await boards.claim(store, group, now)
    again = await boards.claim(store, group, now)  # a second worker gets the same row
    assert first is not None and again == first and len(first.nonce) <= 25
    await store.board_sent(GUILD, group.id, 1, 555, now)
    assert await boards.gone(store, group, 555, now) == "recreate"
    assert await boards.gone(store, group, 555, now) is None  # decided already
    row = await store.board_of(GUILD, group.id)
    assert row is not None and row.nonce != first.nonce and row.generation == 2
    await store.board_sent(GUILD, group.id, 2, 556, now)
    soon = now + boards.RECREATE_QUIET - timedelta(seconds=1)
    assert await boards.gone(store, group, 556, soon) == "removed"


async def test_the_board_button_is_this_channels(store: Store, shipped: dict[str, Roadmap]) -> None:
    group = await start(store, shipped, "14day")
    await add(store, shipped, group, 10)
    await store.set_group_setting(GUILD, group.id, "board_period", "month")
    found = await boards.board_leaderboard(store, shipped, VIEWER, group.id, at(4))
    assert found.scope == "month" and [r.user_id for r in found.rows] == [10]
    elsewhere = Actor(GUILD, THERE, 2)
    with refused(kind=ForeignButton):
        await boards.board_leaderboard(store, shipped, elsewhere, group.id, at(4))
    assert VIEWER.channel_id == HERE
