"""Points and check-in streaks: the rules that rank members.

Points: :data:`POINTS_PER_TASK` per task done, :data:`POINTS_PER_CHECKIN` per check-in, plus a
streak bonus of :data:`STREAK_BONUS_PER_DAY` per day of the member's current check-in streak, at
most :data:`STREAK_BONUS_CAP`.

A streak counts consecutive study dates with a check-in (:func:`streak`). The check-in service
stores each member's streak as of their latest check-in (:func:`after_checkin`), so the
leaderboard reads one number per member and :func:`current_streak` says whether it still counts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import NamedTuple

POINTS_PER_TASK = 10
POINTS_PER_CHECKIN = 5
STREAK_BONUS_PER_DAY = 2
STREAK_BONUS_CAP = 20


def streak_bonus(current_streak: int) -> int:
    return min(STREAK_BONUS_CAP, STREAK_BONUS_PER_DAY * current_streak)


def points(done: int, checkins: int, current_streak: int) -> int:
    """A member's points for ``done`` tasks and ``checkins`` check-ins."""
    return POINTS_PER_TASK * done + POINTS_PER_CHECKIN * checkins + streak_bonus(current_streak)


def streak(checkins: Collection[date], today: date, is_study: Callable[[date], bool]) -> int:
    """Consecutive study dates with a check-in, ending today, or yesterday if today has none yet.

    Non-study dates (weekends in weekday-only groups, paused dates, dates before the start) are
    stepped over: they neither break a streak nor add to it, even with a check-in.
    """
    if not checkins:
        return 0
    earliest = min(checkins)
    count = 0
    d = today
    checkins = set(checkins)
    if d not in checkins:
        d -= timedelta(days=1)
    while d >= earliest:
        if is_study(d):
            if d not in checkins:
                break
            count += 1
        d -= timedelta(days=1)
    return count


def current_streak(last: date | None, stored: int, previous_study: date | None) -> int:
    """``streak(checkins, today)`` without reading the check-ins.

    ``last`` is the latest check-in, ``stored`` is ``streak(checkins, last)`` and
    ``previous_study`` is ``previous_study_date(schedule, today)``: the streak still counts
    while no study date has passed since ``last``. A check-in dated after today (a member whose
    zone is ahead of the group's) counts too.
    """
    if last is None:
        return 0
    return stored if previous_study is None or last >= previous_study else 0


class CheckinStreaks(NamedTuple):
    shown: int
    """The streak as of the check-in just made: what the reply says."""
    latest: date
    """The member's latest check-in date (a check-in in a zone ahead can be later than today)."""
    stored: int
    """``streak(dates, latest)``: what the store keeps for the leaderboard."""


def after_checkin(
    dates: Collection[date], today: date, is_study: Callable[[date], bool]
) -> CheckinStreaks:
    """The streaks after a check-in on ``today``; ``dates`` are all of the member's check-ins,
    that one included."""
    shown = streak(dates, today, is_study)
    latest = max(dates)
    stored = shown if latest == today else streak(dates, latest, is_study)
    return CheckinStreaks(shown, latest, stored)
