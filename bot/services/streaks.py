"""Where the streak rules (``bot.services.scoring``) meet the store: a group's freezes per
month (its settings) and its members' planned breaks (``member_breaks``).

``member_streak`` is one member's whole walk (``/progress`` for one member, the progress card,
reminders): their current streak, freezes left this month and the dates frozen. The leaderboard
reads stored walks instead (``progress``), with ``group_rules`` for the dates after them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from bot.services.breaks import Span, break_test, on_break
from bot.services.schedule import Schedule, is_study_date
from bot.services.scoring import DateTest, Walk, counts, freezes_left, never, walk, walk_to
from bot.services.settings import load_settings
from bot.store import Group, MemberTotals, Store


@dataclass(frozen=True, slots=True)
class GroupRules:
    """What a group's streaks are judged by."""

    is_study: DateTest
    freezes: int
    breaks: Mapping[int, Sequence[Span]]
    """Each member's breaks (only those read)."""

    def on_break(self, user_id: int) -> DateTest:
        spans = self.breaks.get(user_id, ())
        return break_test(spans) if spans else never


def study_test(schedule: Schedule) -> Callable[[date], bool]:
    """``is_study_date`` for one schedule, remembered per date (a leaderboard asks the same few
    dates for every member)."""

    @cache
    def is_study(d: date) -> bool:
        return is_study_date(schedule, d)

    return is_study


async def freezes_per_month(store: Store, group: Group) -> int:
    """The group's setting (``GroupSettings.freezes_per_month``)."""
    return (await load_settings(store, group.guild_id, group.id)).freezes_per_month


async def breaks_of(
    store: Store, group: Group, user_id: int | None = None
) -> dict[int, list[Span]]:
    """Breaks per member (one member's with ``user_id``)."""
    out: dict[int, list[Span]] = {}
    for b in await store.breaks(group.guild_id, group.id, user_id):
        out.setdefault(b.user_id, []).append(b)
    return out


async def group_rules(
    store: Store, group: Group, schedule: Schedule, user_id: int | None = None
) -> GroupRules:
    """The rules for every member of ``group`` (for one member with ``user_id``)."""
    freezes = await freezes_per_month(store, group)
    breaks = await breaks_of(store, group, user_id)
    return GroupRules(study_test(schedule), freezes, breaks)


@dataclass(frozen=True, slots=True)
class MemberStreak:
    current: int
    freezes: int
    """The group's freezes per month."""
    freezes_left: int
    """Freezes the member still has this (calendar) month."""
    frozen: tuple[date, ...]
    """Study dates a freeze covered, oldest first."""
    breaks: tuple[Span, ...]
    """The member's breaks not over by ``today``, by start date."""
    resting: bool
    """``today`` is on one of their breaks."""


async def member_streak(
    store: Store, group: Group, schedule: Schedule, user_id: int, today: date
) -> MemberStreak:
    """One member's streak on ``today`` from all their counted check-ins (reads them all)."""
    rules = await group_rules(store, group, schedule, user_id)
    rows = await store.checkins(group.guild_id, group.id, user_id)
    dates = {c.local_date for c in rows if counts(c.local_date, c.minutes, group.start_date)}
    state = walk_to(
        dates, today, rules.is_study, freezes=rules.freezes, on_break=rules.on_break(user_id)
    )
    mine = rules.breaks.get(user_id, ())
    spans = tuple(sorted((b for b in mine if b.end >= today), key=lambda b: b.start))
    return MemberStreak(
        current=state.streak,
        freezes=rules.freezes,
        freezes_left=freezes_left(state, today, rules.freezes),
        frozen=state.frozen,
        breaks=spans,
        resting=on_break(spans, today),
    )


class StreakNow(NamedTuple):
    """A member's streak on a date, from their stored walk (no check-ins read)."""

    current: int
    freezes_left: int
    """Freezes left in ``today``'s month (exact while a streak runs; the full count otherwise,
    which nothing needs then: there is no streak to lose)."""
    resting: bool
    """``today`` is on one of their breaks."""


def streak_now(totals: MemberTotals, rules: GroupRules, today: date) -> StreakNow:
    """Where ``totals``' member stands on ``today`` (their own local date): for many members at
    once (reminders), after one ``member_totals`` and one ``group_rules`` read per group.
    ``breaks_if_missed(*streak_now(...))`` says whether missing ``today`` ends their streak."""
    on_break = rules.on_break(totals.user_id)
    resting = on_break(today)
    last = totals.last_checkin
    if last is None or not totals.streak:
        return StreakNow(0, rules.freezes, resting)
    stored = Walk(totals.streak, totals.streak_freezes or 0)
    yesterday = today - timedelta(days=1)
    after = walk(
        (),
        last + timedelta(days=1),
        yesterday,
        rules.is_study,
        freezes=rules.freezes,
        on_break=on_break,
        start=stored,
    )
    through = max(last, yesterday)
    same_month = (through.year, through.month) == (today.year, today.month)
    left = rules.freezes - after.used if same_month else rules.freezes
    return StreakNow(after.streak, max(0, left), resting)
