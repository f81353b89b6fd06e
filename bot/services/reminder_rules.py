"""When a member is due a reminder, and whether they get one: pure rules over what the store
read (README "Reminders").

A member's reminder falls due at their chosen time (else the group's ``reminder_time``) on
their own local date, in their own zone (else the group's); a time that a DST jump skips falls
due when the clocks jump, a repeated one at its first occurrence (``schedule.post_instant``).
It is sent only if, on that local date:

- the date is one of the group's study dates (not before its start, not a weekend of a
  weekday-only group, not paused) and the group's roadmap is released and not finished;
- the member is not on a planned break;
- the member has neither checked in nor ticked a task (a tick done within their local day).

A member whose check-in streak of ``STREAK_AT_RISK`` or more study dates breaks tonight (no
freeze left this month, not on a break: ``scoring.breaks_if_missed``) is told so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.services.schedule import Schedule, is_study_date, local_date, post_instant
from bot.services.scoring import breaks_if_missed
from bot.store.features.reminders import ReminderMember

STREAK_AT_RISK = 3
"""A streak this long or longer is named in the reminder when it would break."""


@dataclass(frozen=True, slots=True)
class DueToday:
    """One member's reminder of their current local date."""

    user_id: int
    timezone: str
    local_date: date
    due_at: datetime
    day_starts: datetime
    """Their local midnight: a tick at or after it counts for the day."""


def zone_of(member: ReminderMember, group_zone: str) -> str:
    return member.timezone or group_zone


def reminder_time(member: ReminderMember, default: time) -> time:
    return member.pref.remind_at or default


def due_today(member: ReminderMember, group_zone: str, default: time, now: datetime) -> DueToday:
    """The member's reminder instant on their local date at ``now`` (maybe still to come)."""
    tz = zone_of(member, group_zone)
    today = local_date(now, tz)
    return DueToday(
        member.user_id,
        tz,
        today,
        post_instant(today, reminder_time(member, default), tz),
        post_instant(today, time(0), tz),
    )


def next_due(member: ReminderMember, group_zone: str, default: time, now: datetime) -> datetime:
    """The first reminder instant of the member strictly after ``now`` (today's or the next
    local date's, whatever the DST changes in between)."""
    due = due_today(member, group_zone, default, now)
    if due.due_at > now:
        return due.due_at
    tomorrow = due.local_date + timedelta(days=1)
    return post_instant(tomorrow, reminder_time(member, default), due.timezone)


def on_break(breaks: Collection[tuple[date, date]], day: date) -> bool:
    """Whether ``day`` falls in one of the member's planned breaks (first and last date)."""
    return any(first <= day <= last for first, last in breaks)


def studied(member: ReminderMember, due: DueToday, last_tick: datetime | None) -> bool:
    """A check-in on their local date (or later: a zone change) or a tick within it."""
    if member.last_checkin is not None and member.last_checkin >= due.local_date:
        return True
    return last_tick is not None and last_tick >= due.day_starts


def streak_at_risk(current: int, freezes_left: int, resting: bool) -> int:
    """The check-in streak that ends if the member does nothing today (0 if it is shorter
    than ``STREAK_AT_RISK``, or a freeze or a break would keep it): ``streaks.streak_now``'s
    figures."""
    at_risk = current >= STREAK_AT_RISK and breaks_if_missed(current, freezes_left, resting)
    return current if at_risk else 0


def studies_on(schedule: Schedule, day: date) -> bool:
    return is_study_date(schedule, day)


def reminder_nonce(group_id: int, user_id: int, day: date) -> str:
    """Stable per reminder and at most 25 characters (Discord's nonce limit)."""
    digest = hashlib.sha256(f"{group_id}:{user_id}:{day.isoformat()}".encode()).hexdigest()
    return "rm" + digest[:22]


def rollcall_nonce(group_id: int, day: date) -> str:
    digest = hashlib.sha256(f"{group_id}:{day.isoformat()}".encode()).hexdigest()
    return "rc" + digest[:22]
