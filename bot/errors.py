"""What went wrong, as data: the errors a person caused and can act on.

Services, parsers and the store raise these; none of them holds a sentence. Each carries what
the explanation needs, and ``bot.render.errors.explain`` turns it into the reader's language.
The cogs catch the base class and reply privately; anything else reaching the error handler is
a bug (logged with a reference code).

Adding an error: a dataclass here, a case in ``explain``, a sample in ``tests/render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


class UserFacingError(Exception):
    """The base of every error the render layer explains to the person who caused it."""

    def __str__(self) -> str:
        return repr(self)  # for logs; people read ``explain``


# -- where and who -----------------------------------------------------------------------------


@dataclass(eq=False)
class ServersOnly(UserFacingError):
    """A command or button used outside a server (a direct message)."""


@dataclass(eq=False)
class NotAllowedHere(UserFacingError):
    """A check of the command refused the caller."""


@dataclass(eq=False)
class NotManager(UserFacingError):
    """An admin action by someone without *Manage Server*."""


@dataclass(eq=False)
class StaleButton(UserFacingError):
    """A button no handler knows (forged, or from a retired version)."""


@dataclass(eq=False)
class ForeignButton(UserFacingError):
    """A button of a group that is not in this server and channel."""


@dataclass(eq=False)
class ClickRaced(UserFacingError):
    """A click crossed another change to the same tick; clicking again settles it."""


class StorageUnavailableError(UserFacingError):
    """The database refuses writes (disk full, read-only file): nothing was changed. Raised by
    the store (``bot.store`` re-exports it); ``cause`` is the driver's error."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(cause)
        self.cause = cause


# -- roadmaps ----------------------------------------------------------------------------------


@dataclass(eq=False)
class UnknownRoadmap(UserFacingError):
    typed: str
    available: tuple[str, ...]


@dataclass(eq=False)
class RoadmapNotLoaded(UserFacingError):
    """A group's roadmap file is missing or invalid."""

    roadmap_id: str


@dataclass(eq=False)
class DayOutOfRange(UserFacingError):
    roadmap_id: str
    total_days: int
    asked: int


@dataclass(eq=False)
class NoSuchDay(UserFacingError):
    """A button names a day the roadmap does not have."""


@dataclass(eq=False)
class NoSuchTask(UserFacingError):
    """A button names a task that is not the day's."""


@dataclass(eq=False)
class DayNotReleased(UserFacingError):
    day: int


# -- groups ------------------------------------------------------------------------------------


@dataclass(eq=False)
class NoGroupHere(UserFacingError):
    """No group runs in the channel; ``command`` says what the caller tried (``progress``
    points them to their group's channel, the others to ``/roadmap start``)."""

    command: str = ""


@dataclass(eq=False)
class ChannelBusy(UserFacingError):
    roadmap_id: str
    started: date


@dataclass(eq=False)
class BadPace(UserFacingError):
    pace_max: int


@dataclass(eq=False)
class UnknownLanguage(UserFacingError):
    typed: str
    available: tuple[str, ...]


@dataclass(eq=False)
class AlreadyPaused(UserFacingError):
    """``/roadmap pause`` on a paused group."""


@dataclass(eq=False)
class NotPaused(UserFacingError):
    """``/roadmap resume`` on a group that is not paused."""


@dataclass(eq=False)
class NothingToEdit(UserFacingError):
    """``/roadmap edit`` with no option given."""


@dataclass(eq=False)
class GroupNotHere(UserFacingError):
    """A button or confirmation names a group that no longer runs in this channel."""


@dataclass(eq=False)
class GroupEnded(UserFacingError):
    """The group was already stopped or finished."""

    roadmap_id: str
    state: str


@dataclass(eq=False)
class GroupStopped(UserFacingError):
    """A click on a stopped group's post: nothing is recorded any more."""

    roadmap_id: str


# -- members -----------------------------------------------------------------------------------


@dataclass(eq=False)
class NotInAnyGroup(UserFacingError):
    """The caller studies in no group of this server; ``here`` is this channel's roadmap."""

    here: str | None = None


@dataclass(eq=False)
class SeveralGroups(UserFacingError):
    """The caller studies in several groups; each as (channel id, roadmap id)."""

    groups: tuple[tuple[int, str], ...]


@dataclass(eq=False)
class UnknownGroup(UserFacingError):
    """A confirmation names a group this server does not have."""


@dataclass(eq=False)
class NotMember(UserFacingError):
    roadmap_id: str


@dataclass(eq=False)
class NotInGroup(UserFacingError):
    """``/progress member:`` names someone outside the channel's group."""

    user_id: int
    roadmap_id: str


@dataclass(eq=False)
class NoMembership(UserFacingError):
    """``/timezone set`` by someone in no group of the server."""


@dataclass(eq=False)
class JoinFirst(UserFacingError):
    roadmap_id: str


@dataclass(eq=False)
class NoteTooLong(UserFacingError):
    limit: int


@dataclass(eq=False)
class BadMinutes(UserFacingError):
    limit: int


# -- what people type (bot.services.inputs, bot.services.zones) ------------------------------


@dataclass(eq=False)
class BadTime(UserFacingError):
    typed: str


@dataclass(eq=False)
class BadStartDate(UserFacingError):
    """Not readable as a start date; ``today`` (the group's) lets examples be future dates."""

    typed: str
    today: date


@dataclass(eq=False)
class NotOnCalendar(UserFacingError):
    """Shaped like a date but not one (``2026-02-30``)."""

    typed: str
    today: date


@dataclass(eq=False)
class StartTooFar(UserFacingError):
    chosen: date
    today: date
    window_days: int


@dataclass(eq=False)
class AmbiguousDate(UserFacingError):
    """Numbers that read as two dates (``12/1``: 1 December or 12 January); nothing is guessed.
    ``readings``: month first, then day first, each the next such day from today."""

    typed: str
    readings: tuple[date, date]


@dataclass(eq=False)
class UnknownTimezone(UserFacingError):
    """``suggestions``: stored zone names spelled like ``typed``, closest first; ``at``: the
    instant their names and offsets are shown for."""

    typed: str
    suggestions: tuple[str, ...] = ()
    at: datetime | None = None


@dataclass(eq=False)
class AmbiguousTimezone(UserFacingError):
    """A name of several zones on different clocks (``CST`` for an English reader, ``美国``):
    ``choices`` has one zone per clock, best first."""

    typed: str
    choices: tuple[str, ...]
    at: datetime


@dataclass(eq=False)
class BadOffset(UserFacingError):
    """An offset out of range; ``west`` and ``east`` are the stored names of the extremes."""

    typed: str
    west: str
    east: str


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
