"""``/break`` (plan, list, cancel; every refusal changes nothing), and what breaks and freezes
do to streaks and to the member view, on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.errors import (
    AmbiguousBreakDate,
    BadBreakDate,
    BreakEndsBeforeStart,
    BreakInPast,
    BreakOptionsClash,
    BreakOverlaps,
    BreakTooLong,
    NoBreakToCancel,
    NotInAnyGroup,
)
from bot.roadmaps import Roadmap, load_roadmaps
from bot.services.break_plans import BreakAsk, breaks_command
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group
from bot.services.membership import join_group_id
from bot.services.progress import member_progress
from bot.services.settings import change_setting
from bot.services.study import checkin
from bot.store import Group, Store
from tests.conftest import REPO
from tests.explain import refused

GUILD = 1001
HERE = 11
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
ME = Actor(GUILD, HERE, 50)
STRANGER = Actor(GUILD, HERE, 77)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday; the group posts at 09:00 UTC


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


@pytest.fixture
async def group(store: Store, roadmaps: dict[str, Roadmap]) -> Group:
    started = await start_group(store, roadmaps, ADMIN, StartOptions("3month"), T0)
    await join_group_id(store, roadmaps, ME, started.group.id, T0)
    return started.group


async def spans(store: Store, group: Group) -> list[tuple[date, date]]:
    return [(b.start, b.end) for b in await store.breaks(GUILD, group.id, ME.user_id)]


async def test_plan_list_and_cancel_a_break(store: Store, group: Group) -> None:
    now = at(3)
    listed = await breaks_command(store, ME, BreakAsk(), now)
    assert (listed.kind, listed.breaks, listed.limit) == ("listed", (), 14)
    added = await breaks_command(store, ME, BreakAsk(days=3), now)
    assert added.kind == "added"
    assert await spans(store, group) == [(date(2026, 3, 3), date(2026, 3, 5))]
    later = await breaks_command(store, ME, BreakAsk(start="2026-03-10", end="2026-03-12"), now)
    assert [(b.start, b.end) for b in later.breaks] == [
        (date(2026, 3, 3), date(2026, 3, 5)),
        (date(2026, 3, 10), date(2026, 3, 12)),
    ]
    # Chinese dates: 3月20日 for two days.
    await breaks_command(store, ME, BreakAsk(days=2, start="3月20日"), now)
    assert (date(2026, 3, 20), date(2026, 3, 21)) in await spans(store, group)

    # Cancelling on the 4th ends the running break yesterday; the next cancel drops the 10th's.
    shortened = await breaks_command(store, ME, BreakAsk(cancel=True), at(4))
    assert shortened.kind == "shortened"
    assert (date(2026, 3, 3), date(2026, 3, 3)) in await spans(store, group)
    cancelled = await breaks_command(store, ME, BreakAsk(cancel=True), at(4))
    assert cancelled.kind == "cancelled" and cancelled.changed is not None
    assert cancelled.changed.start == date(2026, 3, 10)
    assert await spans(store, group) == [
        (date(2026, 3, 3), date(2026, 3, 3)),
        (date(2026, 3, 20), date(2026, 3, 21)),
    ]


@pytest.mark.parametrize(
    ("ask", "kind", "words"),
    [
        (BreakAsk(days=15), BreakTooLong, "at most 14 days"),
        (BreakAsk(start="2026-03-05", end="2026-03-25"), BreakTooLong, "you asked for 21"),
        (BreakAsk(start="yesterday"), BreakInPast, "already passed"),
        (BreakAsk(start="2026-03-09", end="2026-03-06"), BreakEndsBeforeStart, "before it starts"),
        (BreakAsk(start="someday soon"), BadBreakDate, "couldn't read"),
        (BreakAsk(end="12/1"), AmbiguousBreakDate, "two ways"),
        (BreakAsk(days=2, end="friday"), BreakOptionsClash, "not both"),
        (BreakAsk(days=2, cancel=True), BreakOptionsClash, "alone"),
        (BreakAsk(cancel=True), NoBreakToCancel, "no running or planned break"),
    ],
)
async def test_bad_breaks_are_refused_and_change_nothing(
    store: Store, group: Group, ask: BreakAsk, kind: type[Exception], words: str
) -> None:
    with refused(words, kind):  # type: ignore[arg-type]
        await breaks_command(store, ME, ask, at(3))
    assert await spans(store, group) == []


async def test_overlaps_and_strangers_are_refused(store: Store, group: Group) -> None:
    await breaks_command(store, ME, BreakAsk(start="2026-03-10", days=3), at(3))
    with refused("already have a break", BreakOverlaps):
        await breaks_command(store, ME, BreakAsk(start="2026-03-12", days=5), at(3))
    with refused(kind=NotInAnyGroup):
        await breaks_command(store, STRANGER, BreakAsk(days=1), at(3))
    assert await spans(store, group) == [(date(2026, 3, 10), date(2026, 3, 12))]
    assert await store.breaks(GUILD, group.id, STRANGER.user_id) == []


async def test_the_groups_break_limit_applies(store: Store, group: Group) -> None:
    await change_setting(store, ADMIN, "break_limit_days", "3")
    with refused("at most 3 days", BreakTooLong):
        await breaks_command(store, ME, BreakAsk(days=4), at(3))
    assert (await breaks_command(store, ME, BreakAsk(days=3), at(3))).kind == "added"


async def test_a_break_keeps_the_streak_and_freezes_show_in_progress(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    for d in (2, 3, 4):
        await checkin(store, roadmaps, ME, None, None, at(d))
    # 5-7 March on break; 8 March missed (a freeze); 9 March checked in.
    await breaks_command(store, ME, BreakAsk(start="2026-03-05", end="2026-03-07"), at(4))
    assert (await checkin(store, roadmaps, ME, None, None, at(9))).streak == 4
    view = await member_progress(store, roadmaps, ME, ME.user_id, at(9, 13))
    assert view.row.streak == 4
    assert view.streak is not None
    assert view.streak.frozen == (date(2026, 3, 8),)
    assert (view.streak.freezes, view.streak.freezes_left) == (2, 1)
    # A new month gives the freezes back.
    april = await member_progress(store, roadmaps, ME, ME.user_id, at(1, 13, month=4))
    assert april.streak is not None and april.streak.freezes_left == 2


async def test_zero_minute_and_early_checkins_do_not_count(
    store: Store, roadmaps: dict[str, Roadmap]
) -> None:
    later = await start_group(
        store, roadmaps, ADMIN, StartOptions("3month", start="2026-03-05"), T0
    )
    await join_group_id(store, roadmaps, ME, later.group.id, T0)
    early = await checkin(store, roadmaps, ME, None, 30, at(3))
    assert (early.counted, early.streak) == (False, 0)
    idle = await checkin(store, roadmaps, ME, None, 0, at(5))
    assert (idle.counted, idle.streak) == (False, 0)
    [totals] = await store.member_totals(GUILD, later.group.id)
    assert (totals.checkins_done, totals.last_checkin) == (0, None)
    edited = await checkin(store, roadmaps, ME, "did read", 25, at(5))
    assert (edited.counted, edited.streak) == (True, 1)
    [totals] = await store.member_totals(GUILD, later.group.id)
    assert totals.checkins_done == 1


async def test_streak_now_from_stored_totals_matches_the_whole_walk(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    """What reminders read for many members at once (``streak_now``) agrees with one member's
    whole walk (``member_streak``), day after day across a month's end."""
    from datetime import timedelta

    from bot.services.context import roadmap_of, schedule_of
    from bot.services.scoring import breaks_if_missed
    from bot.services.streaks import group_rules, member_streak, streak_now

    for d in (24, 25, 26, 28):
        await checkin(store, roadmaps, ME, None, None, at(d))
    await breaks_command(store, ME, BreakAsk(start="2026-03-30", days=1), at(28))
    schedule = await schedule_of(store, group, roadmap_of(roadmaps, group))
    rules = await group_rules(store, group, schedule)
    [totals] = [t for t in await store.member_totals(GUILD, group.id) if t.user_id == ME.user_id]
    day = date(2026, 3, 28)
    while day <= date(2026, 4, 6):
        whole = await member_streak(store, group, schedule, ME.user_id, day)
        now = streak_now(totals, rules, day)
        assert (now.current, now.resting) == (whole.current, whole.resting), day
        if now.current:
            assert now.freezes_left == whole.freezes_left, day
        assert breaks_if_missed(*now) == (
            whole.current > 0 and whole.freezes_left == 0 and not whole.resting
        ), day
        day += timedelta(days=1)


async def test_a_new_freezes_setting_applies_to_the_whole_history(
    store: Store, roadmaps: dict[str, Roadmap], group: Group
) -> None:
    from bot.services.progress import leaderboard

    for d in (2, 3, 5):  # 4 March frozen
        await checkin(store, roadmaps, ME, None, None, at(d))
    board = await leaderboard(store, roadmaps, ME, "all", at(5, 13))
    assert board.row_of(ME.user_id).streak == 3  # type: ignore[union-attr]
    await change_setting(store, ADMIN, "freezes_per_month", "0")
    board = await leaderboard(store, roadmaps, ME, "all", at(5, 13))
    assert board.row_of(ME.user_id).streak == 1  # type: ignore[union-attr]
    [totals] = [t for t in await store.member_totals(GUILD, group.id) if t.user_id == ME.user_id]
    assert (totals.streak, totals.streak_rule) == (1, 0)  # recomputed once, stored
    view = await member_progress(store, roadmaps, ME, ME.user_id, at(5, 13))
    assert view.streak is not None and (view.streak.current, view.streak.frozen) == (1, ())


async def test_back_to_back_breaks_count_as_one_for_the_limit(store: Store, group: Group) -> None:
    await breaks_command(store, ME, BreakAsk(start="2026-03-10", days=7), at(3))
    with refused("makes a break of 15 days", BreakTooLong):  # 7 + 8 back to back
        await breaks_command(store, ME, BreakAsk(start="2026-03-17", days=8), at(3))
    assert (await breaks_command(store, ME, BreakAsk(start="2026-03-17", days=7), at(3))).breaks
    with refused("makes a break of 15 days", BreakTooLong):  # 14 already: one more day before
        await breaks_command(store, ME, BreakAsk(start="2026-03-09", days=1), at(3))
    assert (await breaks_command(store, ME, BreakAsk(start="2026-03-08", days=1), at(3))).breaks
