"""The progress card's data: the calendar of a group's dates, and the card read from the store."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.errors import ForeignButton, NotInGroup
from bot.roadmaps import Roadmap, parse_roadmap
from bot.services.cards import Cell, calendar, member_card
from bot.services.context import Actor
from bot.services.groups import StartOptions, pause_group, resume_group, start_group
from bot.services.progress import member_progress
from bot.services.schedule import Pause, Schedule
from bot.services.study import tick
from bot.store import Store
from tests.services.test_progress import ADMIN, GUILD, HERE, MINI, THERE, VIEWER, add, at

MON = date(2026, 3, 2)


@pytest.fixture
def mini(tmp_path: Path) -> dict[str, Roadmap]:
    return {"mini": parse_roadmap(MINI, tmp_path / "mini.yaml")}


NOON = time(12, 0)


def schedule(**kw: object) -> Schedule:
    options: dict[str, object] = {
        "start": MON,
        "post_time": time(9, 0),
        "timezone": "UTC",
        "total_days": 5,
    }
    options.update(kw)
    return Schedule(**options)  # type: ignore[arg-type]


def noon(d: date) -> datetime:
    return datetime.combine(d, NOON, UTC)


def kinds(cells: tuple[Cell, ...]) -> list[tuple[int, str, int]]:
    """(days after the start, kind, roadmap day) per cell."""
    return [((c.on - MON).days, c.kind, c.day) for c in cells]


def test_every_day_group_one_cell_per_day() -> None:
    cells = calendar(schedule(), MON, noon(MON))
    assert kinds(cells) == [(i, "day", i + 1) for i in range(5)]


def test_weekday_group_marks_weekends() -> None:
    s = schedule(total_days=7, weekdays_only=True, start=date(2026, 3, 4))  # a Wednesday
    cells = calendar(s, date(2026, 3, 4), noon(date(2026, 3, 4)))
    assert [(c.on.isoformat(), c.kind, c.day) for c in cells] == [
        ("2026-03-04", "day", 1),
        ("2026-03-05", "day", 2),
        ("2026-03-06", "day", 3),
        ("2026-03-07", "weekend", 0),
        ("2026-03-08", "weekend", 0),
        ("2026-03-09", "day", 4),
        ("2026-03-10", "day", 5),
        ("2026-03-11", "day", 6),
        ("2026-03-12", "day", 7),
    ]


def test_pauses_past_and_open() -> None:
    # paused from Wednesday to Friday, 08:00 both: Wednesday's and Thursday's posts are paused
    closed = Pause(datetime(2026, 3, 4, 8, 0, tzinfo=UTC), datetime(2026, 3, 6, 8, 0, tzinfo=UTC))
    s = schedule(pauses=(closed,))
    today = MON + timedelta(days=6)
    assert kinds(calendar(s, today, noon(today))) == [
        (0, "day", 1),
        (1, "day", 2),
        (2, "paused", 0),
        (3, "paused", 0),
        (4, "day", 3),
        (5, "day", 4),
        (6, "day", 5),
    ]
    # still paused since Tuesday noon: the dates up to today are paused, the rest is projected
    # as if the group resumed now
    open_pause = Pause(noon(MON + timedelta(days=1)), None)
    today = MON + timedelta(days=3)
    assert kinds(calendar(schedule(pauses=(open_pause,)), today, noon(today))) == [
        (0, "day", 1),
        (1, "day", 2),  # its post came before the pause
        (2, "paused", 0),
        (3, "paused", 0),  # today's post would have been at 09:00, in the pause
        (4, "day", 3),
        (5, "day", 4),
        (6, "day", 5),
    ]


def test_a_slower_pace_gives_each_day_more_dates() -> None:
    cells = calendar(schedule(total_days=2, pace=3), MON, noon(MON))
    assert kinds(cells) == [
        (0, "day", 1),
        (1, "more", 1),
        (2, "more", 1),
        (3, "day", 2),
        (4, "more", 2),
        (5, "more", 2),
    ]


async def test_the_card_from_the_store(store: Store, mini: dict[str, Roadmap]) -> None:
    group = (await start_group(store, mini, ADMIN, StartOptions("mini"), at(2, 8))).group
    alice = await add(store, mini, group, 10)
    await add(store, mini, group, 20)
    now = at(3, 12)  # day 2 released (09:00 on the 3rd)
    await tick(store, mini, alice, group.id, 1, "d1-a", now)
    await tick(store, mini, alice, group.id, 2, "d2-a", now)
    await tick(store, mini, alice, group.id, 2, "d2-b", now)
    card = await member_card(store, mini, VIEWER, 10, now)
    assert card.progress == await member_progress(store, mini, VIEWER, 10, now)
    assert (card.members, card.today, card.done) == (2, date(2026, 3, 3), (1, 2, 0))
    assert [card.share(d) for d in (1, 2, 3)] == [0.5, 1.0, 0.0]
    assert [card.released(d) for d in (1, 2, 3)] == [True, True, False]
    assert [(c.on.day, c.kind, c.day) for c in card.cells] == [
        (2, "day", 1),
        (3, "day", 2),
        (4, "day", 3),
    ]
    assert card.frozen == frozenset()

    # pause on the 3rd after the post, resume on the 5th before it: the 4th is paused
    await pause_group(store, mini, ADMIN, at(3, 13))
    await resume_group(store, mini, ADMIN, at(5, 8))
    card = await member_card(store, mini, VIEWER, 10, at(5, 12))
    assert [(c.on.day, c.kind, c.day) for c in card.cells] == [
        (2, "day", 1),
        (3, "day", 2),
        (4, "paused", 0),
        (5, "day", 3),
    ]


async def test_a_button_for_another_channel_or_a_stranger_is_refused(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    group = (await start_group(store, mini, ADMIN, StartOptions("mini"), at(2, 8))).group
    await add(store, mini, group, 10)
    elsewhere = Actor(GUILD, THERE, 2)
    with pytest.raises(ForeignButton):
        await member_card(store, mini, elsewhere, 10, at(3), group_id=group.id)
    with pytest.raises(ForeignButton):
        await member_card(store, mini, Actor(999, HERE, 2), 10, at(3), group_id=group.id)
    with pytest.raises(NotInGroup):
        await member_card(store, mini, VIEWER, 11, at(3), group_id=group.id)
    assert (await member_card(store, mini, VIEWER, 10, at(3), group_id=group.id)).members == 1


async def test_the_card_marks_the_dates_a_freeze_covered(
    store: Store, mini: dict[str, Roadmap]
) -> None:
    from bot.services.study import checkin

    group = (await start_group(store, mini, ADMIN, StartOptions("mini"), at(2, 8))).group
    alice = await add(store, mini, group, 10)
    await checkin(store, mini, alice, None, None, at(2, 20))
    await checkin(store, mini, alice, None, None, at(4, 20))  # the 3rd passed without one
    card = await member_card(store, mini, VIEWER, 10, at(4, 21))
    assert card.frozen == frozenset({date(2026, 3, 3)})
    assert card.progress.row.streak == 2
