"""Points and check-in streaks: the rules that rank members (the one home of both).

Points: :data:`POINTS_PER_TASK` per task done, :data:`POINTS_PER_CHECKIN` per check-in that
counts, plus a streak bonus of :data:`STREAK_BONUS_PER_DAY` per day of the member's current
check-in streak, at most :data:`STREAK_BONUS_CAP`.

A check-in *counts* (:func:`counts`) unless it is dated before the group's start or says
0 minutes; one that does not count earns no points and no streak day (it is still kept, with
its note). The SQL triggers that keep ``members.checkins_done`` mirror :func:`counts`
(migration ``0007_counted_checkins``).

A streak counts consecutive study dates with a counted check-in (:func:`walk`). Dates that are
not study dates (weekends of a weekday-only group, paused dates, dates before the start) are
stepped over, even with a check-in. A date on the member's planned break
(``bot.services.breaks``) is stepped over too unless they checked in anyway (then it counts).
A study date that passed without a check-in consumes one of the member's freezes for that
calendar month (``freezes_per_month``), if one is left and there is a streak to save: the
streak survives but the frozen date does not add to it. Otherwise the streak breaks. Today is
never judged before it ends.

The check-in service stores each member's walk as of their latest counted check-in (streak and
the freezes used in that month, :func:`after_checkin`), so the leaderboard reads one row per
member and continues it to today with :func:`continue_streak` (no check-ins in between, by
definition of "latest").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import NamedTuple

POINTS_PER_TASK = 10
POINTS_PER_CHECKIN = 5
STREAK_BONUS_PER_DAY = 2
STREAK_BONUS_CAP = 20

DateTest = Callable[[date], bool]


def never(_: date) -> bool:
    """No date is on a break (the default ``on_break``)."""
    return False


def streak_bonus(current_streak: int) -> int:
    return min(STREAK_BONUS_CAP, STREAK_BONUS_PER_DAY * current_streak)


def points(done: int, checkins: int, current_streak: int) -> int:
    """A member's points for ``done`` tasks and ``checkins`` counted check-ins."""
    return POINTS_PER_TASK * done + POINTS_PER_CHECKIN * checkins + streak_bonus(current_streak)


def counts(local_date: date, minutes: int | None, group_start: date) -> bool:
    """Whether a check-in counts for points and streaks: not before the group's first day, and
    not 0 minutes (no minutes given counts)."""
    return local_date >= group_start and (minutes is None or minutes > 0)


class Walk(NamedTuple):
    """Where a member's streak stands after the last date walked."""

    streak: int
    used: int
    """Freezes used in the month of the last date walked, up to and including it."""
    frozen: tuple[date, ...] = ()
    """Dates (in order) that a freeze covered during this walk."""


NO_STREAK = Walk(0, 0)
"""Where a member without a check-in stands."""


def _month(d: date) -> tuple[int, int]:
    return d.year, d.month


def walk(
    checkins: Collection[date],
    first: date,
    last: date,
    is_study: DateTest,
    *,
    freezes: int = 0,
    on_break: DateTest = never,
    start: Walk = NO_STREAK,
) -> Walk:
    """Walk the finished dates ``first .. last`` from the state ``start`` (which describes the
    date before ``first``; its ``used`` resets in a new month). ``freezes`` per calendar month.

    With no check-ins in the range the walk ends as soon as the streak is 0 (nothing more can
    happen to it), so continuing a stored streak costs a few dates, not the whole gap.
    """
    if not isinstance(checkins, (set, frozenset)):
        checkins = set(checkins)
    count, used, frozen = start.streak, start.used, list(start.frozen)
    latest = max(checkins) if checkins else None
    month = _month(first - timedelta(days=1))
    d = first
    while d <= last:
        if _month(d) != month:
            month, used = _month(d), 0
        if d in checkins:
            if is_study(d) or on_break(d):
                count += 1
        elif is_study(d) and not on_break(d):
            if count > 0 and used < freezes:
                used += 1
                frozen.append(d)
            else:
                count = 0
                if latest is None or d >= latest:
                    break
        d += timedelta(days=1)
    if d <= last and _month(last) != month:
        used = 0  # stopped early with no streak: the last month has no freezes used
    return Walk(count, used, tuple(frozen))


def streak(
    checkins: Collection[date],
    today: date,
    is_study: DateTest,
    *,
    freezes: int = 0,
    on_break: DateTest = never,
) -> int:
    """The member's streak on ``today``: every date before it judged, today added if checked
    in (today without a check-in yet is not a miss)."""
    return walk_to(checkins, today, is_study, freezes=freezes, on_break=on_break).streak


def walk_to(
    checkins: Collection[date],
    today: date,
    is_study: DateTest,
    *,
    freezes: int = 0,
    on_break: DateTest = never,
) -> Walk:
    """The whole walk from the first check-in to ``today``: the dates before ``today`` judged,
    ``today`` counted only if checked in (its freezes used are those of ``today``'s month)."""
    if not checkins:
        return NO_STREAK
    state = walk(
        checkins,
        min(checkins),
        today - timedelta(days=1),
        is_study,
        freezes=freezes,
        on_break=on_break,
    )
    if _month(today) != _month(today - timedelta(days=1)):
        state = state._replace(used=0)
    if today in checkins and (is_study(today) or on_break(today)):
        state = state._replace(streak=state.streak + 1)
    return state


def freezes_left(state: Walk, today: date, freezes: int) -> int:
    """Freezes still available this month, from a walk that ended on ``today``."""
    used = sum(1 for d in state.frozen if _month(d) == _month(today))
    return max(0, freezes - used)


def continue_streak(
    stored: Walk,
    last: date | None,
    today: date,
    is_study: DateTest,
    *,
    freezes: int = 0,
    on_break: DateTest = never,
) -> int:
    """The streak on ``today`` from the state ``stored`` after the latest check-in ``last``:
    the study dates after it that passed without one spend freezes or break the streak.
    A check-in dated after today (a member whose zone is ahead) counts as it stands."""
    if last is None or stored.streak == 0:
        return 0
    if survives(last, stored.used, today, is_study, freezes=freezes, on_break=on_break):
        return stored.streak
    return 0


def survives(
    last: date,
    used: int,
    today: date,
    is_study: DateTest,
    *,
    freezes: int = 0,
    on_break: DateTest = never,
) -> bool:
    """Whether a running streak whose latest check-in is ``last`` (``used`` freezes spent in
    that month) still runs on ``today``: every study date in between is covered by a break or a
    freeze. It depends on nothing else (the streak cannot grow without check-ins), so callers
    may share the answer between members with the same ``last``, ``used`` and breaks."""
    if last >= today - timedelta(days=1):
        return True
    after = walk(
        (),
        last + timedelta(days=1),
        today - timedelta(days=1),
        is_study,
        freezes=freezes,
        on_break=on_break,
        start=Walk(1, used),
    )
    return after.streak > 0


class CheckinStreaks(NamedTuple):
    shown: int
    """The streak as of the check-in just made: what the reply says."""
    latest: date
    """The member's latest counted check-in date (in a zone ahead it can be after today)."""
    stored: Walk
    """The walk through ``latest``: what the store keeps for the leaderboard."""


def after_checkin(
    dates: Collection[date],
    today: date,
    is_study: DateTest,
    *,
    freezes: int = 0,
    on_break: DateTest = never,
) -> CheckinStreaks | None:
    """The streaks after a check-in on ``today``; ``dates`` are all of the member's counted
    check-ins (that one included if it counts). None when no check-in counts."""
    if not dates:
        return None
    shown = streak(dates, today, is_study, freezes=freezes, on_break=on_break)
    latest = max(dates)
    stored = walk_to(dates, latest, is_study, freezes=freezes, on_break=on_break)
    return CheckinStreaks(shown, latest, stored._replace(frozen=()))


def breaks_if_missed(current: int, left: int, resting: bool) -> bool:
    """Whether missing today would end a running streak of ``current`` days: no freeze
    ``left`` this month and today not on a break (what a reminder warns about)."""
    return current > 0 and left == 0 and not resting
