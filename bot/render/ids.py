"""Every button ``custom_id``: one spec per id gives its builder, its template and its parser.

An id reads ``studybot:<kind>:<part>:<part>...``. Each spec is called like a function to build
an id (``tick(group, day, task)``); its ``template`` is the regex the cogs' ``DynamicItem``
registers, and ``parse`` turns that regex's match back into the same fields. The state lives in
the id, so buttons keep working after a restart.

Ids fit Discord's ``limits.CUSTOM_ID_MAX`` by construction: every part has a bounded pattern
(``Part.longest`` is its widest value), and ``tests/render/test_ids.py`` builds each id at its
widest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, ParamSpec, TypeVar, cast, get_args

from bot import limits
from bot.roadmaps import ID_PATTERN
from bot.services.milestones import MILESTONES
from bot.services.progress import Scope

PREFIX = "studybot"


@dataclass(frozen=True, slots=True)
class Part:
    """One field of an id: its regex, how to read it back, and the longest text it admits."""

    name: str
    pattern: str
    read: Callable[[str], object]
    longest: str


GROUP = Part("group", r"[0-9]{1,19}", int, "9" * 19)  # SQLite rowids: at most 2**63 - 1
_DAY_DIGITS = len(str(limits.ROADMAP_DAYS_MAX))
DAY = Part("day", rf"[0-9]{{1,{_DAY_DIGITS}}}", int, "9" * _DAY_DIGITS)
TASK = Part("task", ID_PATTERN, str, "a" * limits.TASK_ID_MAX)
_SCOPES: tuple[str, ...] = get_args(Scope)
SCOPE = Part("scope", "|".join(_SCOPES), str, max(_SCOPES, key=len))
PAGE = Part("page", r"[0-9]{1,9}", int, "9" * 9)  # 10 rows a page: any server's member count
NOTICE = Part("notice", r"[0-9]{1,19}", int, "9" * 19)  # an announcements row id
USER = Part("user", r"[0-9]{1,20}", int, "9" * 20)  # Discord snowflakes: 64 bits
MILESTONE = Part("milestone", "|".join(MILESTONES), str, max(MILESTONES, key=len))
GUILD = Part("guild", r"[0-9]{1,20}", int, "9" * 20)  # a DM has no server: the id names it
DATE = Part("date", r"[0-9]{8}", int, "9" * 8)  # a local date as YYYYMMDD
GENERATION = Part("generation", r"[0-9]{1,9}", int, "9" * 9)  # boards of one group ever posted
WEEK = Part("week", r"[0-9]{8}", int, "9" * 8)  # the week's Monday as YYYYMMDD


class TaskRef(NamedTuple):
    group: int
    day: int
    task: str


class GroupRef(NamedTuple):
    group: int


class PageRef(NamedTuple):
    group: int
    scope: Scope
    page: int


class DayRef(NamedTuple):
    group: int
    day: int


class BoardRef(NamedTuple):
    group: int
    generation: int


class MemberRef(NamedTuple):
    group: int
    user: int


class BadgeRef(NamedTuple):
    group: int
    user: int
    milestone: str


class NoticeRef(NamedTuple):
    group: int
    notice: int


class ReminderRef(NamedTuple):
    """One member's reminder of one local date (``YYYYMMDD``), from a server's group."""

    guild: int
    group: int
    date: int


class DateRef(NamedTuple):
    group: int
    date: int


class WeekRef(NamedTuple):
    group: int
    week: int
    """The Monday of the week, ``YYYYMMDD``."""


class NoRef(NamedTuple):
    """The fields of an id that carries no state (Cancel)."""


Args = ParamSpec("Args")
Fields = TypeVar("Fields", bound=tuple[Any, ...])


class IdSpec(Generic[Args, Fields]):
    """One kind of id. ``fields`` is a NamedTuple whose field names are the parts' names."""

    def __init__(self, kind: str, fields: Callable[Args, Fields], *parts: Part) -> None:
        names = tuple(getattr(fields, "_fields", ()))
        if names != tuple(p.name for p in parts):
            raise TypeError(f"{kind}: parts {[p.name for p in parts]} do not match {names}")
        self.kind = kind
        self.parts = parts
        self.fields = fields
        groups = (f"(?P<{p.name}>{p.pattern})" for p in parts)
        self.template = ":".join((PREFIX, kind, *groups))
        """The regex a ``DynamicItem`` registers; matched against the whole id."""
        self._compiled = re.compile(self.template)

    def __call__(self, *args: Args.args, **kwargs: Args.kwargs) -> str:
        """The id for these fields, unchecked: render builds one per button of every post, and
        each value is bounded where it is made (group ids are rowids, days and task ids are
        checked when a roadmap is loaded). ``build`` checks."""
        if kwargs:
            return self.build(self.fields(*args, **kwargs))
        return ":".join((PREFIX, self.kind, *map(str, args)))

    def prefix(self, *leading: object) -> str:
        """What every id of this kind whose first parts are ``leading`` starts with
        (``tick.prefix(group, day)``: the task buttons of one day's post)."""
        if not 0 < len(leading) < len(self.parts):
            raise ValueError(f"{self.kind}: a prefix names 1..{len(self.parts) - 1} parts")
        return ":".join((PREFIX, self.kind, *map(str, leading))) + ":"

    def build(self, fields: Fields) -> str:
        """The id for ``fields``; ``ValueError`` if a value falls outside its part's pattern."""
        custom_id = ":".join((PREFIX, self.kind, *map(str, fields)))
        if self._compiled.fullmatch(custom_id) is None:
            raise ValueError(f"{fields!r} does not fit the {self.kind} id: {custom_id!r}")
        return custom_id

    def parse(self, match: re.Match[str]) -> Fields:
        """The fields of an id the template matched."""
        make = cast(Callable[..., Fields], self.fields)
        return make(*(p.read(match[p.name]) for p in self.parts))

    def match(self, custom_id: str) -> Fields | None:
        """The fields of ``custom_id`` if it is this kind of id, else None."""
        found = self._compiled.fullmatch(custom_id)
        return None if found is None else self.parse(found)

    def widest(self) -> str:
        """The longest id this spec builds (each part at its ``longest``)."""
        return ":".join((PREFIX, self.kind, *(p.longest for p in self.parts)))


tick = IdSpec("tick", TaskRef, GROUP, DAY, TASK)
undo = IdSpec("undo", TaskRef, GROUP, DAY, TASK)
checkin = IdSpec("checkin", GroupRef, GROUP)
join = IdSpec("join", GroupRef, GROUP)
leave = IdSpec("leave", GroupRef, GROUP)
stop = IdSpec("stop", GroupRef, GROUP)
cancel = IdSpec("cancel", NoRef)
page = IdSpec("lb", PageRef, GROUP, SCOPE, PAGE)
standings = IdSpec("standings", GroupRef, GROUP)
"""The summary post's button; also how the bot recognises its summary in a channel."""
card = IdSpec("card", MemberRef, GROUP, USER)
"""A member's progress card, from the member view of ``/progress``."""
badge = IdSpec("badge", BadgeRef, GROUP, USER, MILESTONE)
"""A milestone announcement's button (the group's milestone roles, for the clicker); also how
the bot recognises that announcement in its channel."""
notice = IdSpec("notice", NoticeRef, GROUP, NOTICE)
"""The Group status button under an announcement; also how the bot recognises that
announcement in its channel (``bot/daily/announcer.py``)."""
remind_stop = IdSpec("remindstop", ReminderRef, GUILD, GROUP, DATE)
"""A reminder DM's "stop reminding me"; also how the bot recognises that reminder in the DM."""
rollcall = IdSpec("rollcall", DateRef, GROUP, DATE)
"""A roll call's "stop reminding me"; also how the bot recognises that day's roll call."""
today = IdSpec("today", TaskRef, GROUP, DAY, TASK)
"""A task button on ``/today``: ticks it (or asks to undo it if done) and updates that view."""
today_undo = IdSpec("todayundo", TaskRef, GROUP, DAY, TASK)
"""The confirmed undo on ``/today``; the view shows the task open again."""
today_back = IdSpec("todayback", DayRef, GROUP, DAY)
"""Cancel on ``/today``'s undo question: back to the view, nothing changed."""
board = IdSpec("board", BoardRef, GROUP, GENERATION)
"""The pinned leaderboard's button (the clicker's own rank); also how the bot recognises that
board (each recreation is a new generation) in a channel."""
digest = IdSpec("digest", WeekRef, GROUP, WEEK)
"""The weekly digest's button (the week's leaderboard); also how the bot recognises that
week's digest in a channel."""

SPECS: tuple[IdSpec[..., Any], ...] = (
    tick,
    undo,
    checkin,
    join,
    leave,
    stop,
    cancel,
    page,
    standings,
    card,
    badge,
    notice,
    remind_stop,
    rollcall,
    today,
    today_undo,
    today_back,
    board,
    digest,
)
# by kind: every component interaction is checked, so one match, not one per spec
_BY_KIND: dict[str, IdSpec[..., Any]] = {spec.kind: spec for spec in SPECS}


def is_known(custom_id: str) -> bool:
    """Whether a registered ``DynamicItem`` handles this id (else no handler would answer)."""
    parts = custom_id.split(":", 2)
    spec = _BY_KIND.get(parts[1]) if len(parts) > 1 and parts[0] == PREFIX else None
    return spec is not None and spec.match(custom_id) is not None
