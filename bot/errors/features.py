"""The errors of the features a group turns on and its members use: settings, breaks,
milestone roles, exports and the calendar, reminders, digests, threads, the shared board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.errors.core import UserFacingError

# -- settings ----------------------------------------------------------------------------------


@dataclass(eq=False)
class UnknownSetting(UserFacingError):
    """``/roadmap settings`` named a setting that does not exist."""

    typed: str
    known: tuple[str, ...]


@dataclass(eq=False)
class BadSettingValue(UserFacingError):
    """A value the setting ``key`` cannot take (``bot.services.settings.SPECS`` says which)."""

    key: str
    typed: str


# -- breaks (``/break``) -----------------------------------------------------------------------


@dataclass(eq=False)
class BadBreakDate(UserFacingError):
    """Not readable as a date (a break's first or last day); ``today`` is the member's."""

    typed: str
    today: date


@dataclass(eq=False)
class AmbiguousBreakDate(UserFacingError):
    """Numbers that read as two dates (``12/1``); ``readings``: month first, then day first."""

    typed: str
    readings: tuple[date, date]


@dataclass(eq=False)
class BreakInPast(UserFacingError):
    """A break may start today at the earliest (the member's local date)."""

    start: date
    today: date


@dataclass(eq=False)
class BreakEndsBeforeStart(UserFacingError):
    start: date
    end: date


@dataclass(eq=False)
class BreakTooLong(UserFacingError):
    """Longer than the group's ``break_limit_days`` (``days`` asked, both ends included;
    ``joined``: counted with the member's breaks right before or after it)."""

    days: int
    limit: int
    joined: bool = False


@dataclass(eq=False)
class BreakOverlaps(UserFacingError):
    """The member already has a break sharing a date with the one asked for."""

    start: date
    end: date


@dataclass(eq=False)
class BreakOptionsClash(UserFacingError):
    """``days`` with ``end`` (two lengths), or ``cancel`` with a new break's options."""

    cancel: bool


@dataclass(eq=False)
class NoBreakToCancel(UserFacingError):
    """``/break cancel:True`` without a break that is running or to come."""


# -- milestone roles ---------------------------------------------------------------------------


@dataclass(eq=False)
class MilestoneNeeded(UserFacingError):
    """``/roadmap milestones`` got a role but no milestone (or one that does not exist)."""


@dataclass(eq=False)
class ManageRolesMissing(UserFacingError):
    """A milestone role was set, but the bot lacks *Manage Roles* in the server."""


@dataclass(eq=False)
class RoleNotGrantable(UserFacingError):
    """A role the bot can never grant: ``above`` (at or above the bot's highest role),
    ``managed`` (an integration's or a bot's own role) or ``everyone`` (@everyone)."""

    role_id: int
    reason: str


# -- exports and the calendar ------------------------------------------------------------------


@dataclass(eq=False)
class CalendarPaused(UserFacingError):
    """``/roadmap calendar`` of a paused group: its next dates are unknown until it resumes."""


@dataclass(eq=False)
class NoDaysLeft(UserFacingError):
    """``/roadmap calendar`` when every day of the roadmap is already posted."""

    roadmap_id: str


@dataclass(eq=False)
class ExportTooLarge(UserFacingError):
    """An export that would not fit in ``files_max`` attachments of ``file_bytes`` each."""

    file_bytes: int
    files_max: int
