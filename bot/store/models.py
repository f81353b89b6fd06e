"""Plain dataclasses that the store takes and returns; nothing here knows SQL or Discord."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal, NamedTuple

from bot.store.features.digests import Digest
from bot.store.features.live import EditRow
from bot.store.features.milestones import Grant, MilestoneRole
from bot.store.features.reminders import Reminder, ReminderPref, RollCall
from bot.store.features.settings import GroupSetting, MemberBreak
from bot.store.features.threads import DayThread

GroupState = Literal["active", "paused", "stopped", "finished"]
PostState = Literal["claimed", "sent", "failed", "missed"]
RUNNING_STATES: tuple[GroupState, ...] = ("active", "paused")


@dataclass(frozen=True, slots=True)
class Guild:
    id: int
    locale: str


@dataclass(frozen=True, slots=True)
class NewGroup:
    """What it takes to start a group; the store assigns the id and the state ``active``."""

    guild_id: int
    channel_id: int
    roadmap_id: str
    start_date: date
    post_time: time
    timezone: str
    created_by: int
    pace: int = 1
    weekdays_only: bool = False
    catch_up: bool = False
    language: str | None = None
    """The public posts' language; None follows the server's preferred locale."""


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    guild_id: int
    channel_id: int
    roadmap_id: str
    start_date: date
    post_time: time
    timezone: str
    pace: int
    weekdays_only: bool
    catch_up: bool
    state: GroupState
    created_by: int
    created_at: datetime
    ended_at: datetime | None
    problem: str | None
    language: str | None = None
    """The public posts' language; None follows the server's preferred locale."""

    @property
    def running(self) -> bool:
        return self.state in RUNNING_STATES


@dataclass(frozen=True, slots=True)
class GroupPause:
    group_id: int
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class Member:
    guild_id: int
    group_id: int
    user_id: int
    joined_at: datetime
    left_at: datetime | None
    timezone: str | None

    @property
    def active(self) -> bool:
        return self.left_at is None


class MemberTotals(NamedTuple):
    """A current member's running totals, for the leaderboard (one row per member; a
    NamedTuple because the leaderboard of a large group builds thousands per call).

    ``ticks_done``, ``checkins_done`` and ``last_checkin`` are exact (kept by SQL triggers).
    ``streak`` is the check-in streak as of ``streak_date``, stored by the check-in service;
    it describes ``last_checkin`` only when the two dates are equal.
    """

    user_id: int
    ticks_done: int
    checkins_done: int
    last_checkin: date | None
    streak: int | None
    streak_date: date | None
    streak_freezes: int | None = None
    """Freezes used in ``streak_date``'s month up to it (None: not stored, recompute)."""
    streak_rule: int | None = None
    """The freezes per month the stored streak was computed with."""


@dataclass(frozen=True, slots=True)
class Post:
    guild_id: int
    group_id: int
    day: int
    state: PostState
    nonce: str
    message_id: int | None
    late: bool
    claimed_at: datetime
    sent_at: datetime | None
    error: str | None
    search_from: datetime | None = None
    """The earliest instant (bot's clock) a message of an earlier send attempt not yet seen in
    the channel can carry; None until an attempt is recorded."""
    attempt_at: datetime | None = None
    """When the latest send attempt started (bot's clock); None: no attempt, nothing sent."""


@dataclass(frozen=True, slots=True)
class Tick:
    guild_id: int
    group_id: int
    user_id: int
    day: int
    task_id: str
    done_at: datetime


@dataclass(frozen=True, slots=True)
class TickTarget:
    """What checking one tick button needs, read in one query (``Store.tick_target``).

    Only the group's columns that release and ownership depend on, not a whole ``Group``: a
    click is answered from this and one conditional write.
    """

    group_id: int
    channel_id: int
    roadmap_id: str
    state: GroupState
    start_date: date
    post_time: time
    timezone: str
    pace: int
    weekdays_only: bool
    pauses: tuple[GroupPause, ...]
    """Ordered by start."""
    member_active: bool
    """The clicker has joined and not left."""
    task_done: bool
    """The clicked task is ticked already."""
    done_today: int
    """How many of that day's tasks the clicker has ticked."""


@dataclass(frozen=True, slots=True)
class Checkin:
    guild_id: int
    group_id: int
    user_id: int
    local_date: date
    note: str | None
    minutes: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PostSpan:
    """A group's post ledger in one row (``Store.post_spans_all_guilds``, start-up only).

    ``rows == last_day - first_day + 1`` means every day from ``first_day`` to ``last_day``
    has a row. ``claimed`` are days claimed but never confirmed, ``failed`` days the channel
    refused.
    """

    first_day: int
    last_day: int
    rows: int
    claimed: frozenset[int]
    failed: frozenset[int]


@dataclass(frozen=True, slots=True)
class Streak:
    """A member's check-in streak as of ``through``, their latest check-in (``set_streak``)."""

    guild_id: int
    group_id: int
    user_id: int
    through: date
    count: int
    freezes_used: int = 0
    """Streak freezes used in ``through``'s month up to and including it."""
    rule: int | None = None
    """The freezes per month the streak was computed with (None: unknown, recomputed)."""


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Rows written as they are, ids included, in one transaction (``Store.import_rows``):
    what copying a database into another backend writes, and how the bench seeds one.

    Pauses take their group's server. Servers not listed but named by a group are created with
    the default locale (as ``create_group`` does). Ticks and check-ins keep the members' totals
    exact as any write does; streaks are applied last.
    """

    guilds: Sequence[Guild] = ()
    groups: Sequence[Group] = ()
    pauses: Sequence[GroupPause] = ()
    members: Sequence[Member] = ()
    posts: Sequence[Post] = ()
    ticks: Sequence[Tick] = ()
    checkins: Sequence[Checkin] = ()
    streaks: Sequence[Streak] = ()
    settings: Sequence[GroupSetting] = ()
    breaks: Sequence[MemberBreak] = ()
    milestone_roles: Sequence[MilestoneRole] = ()
    milestone_grants: Sequence[Grant] = ()
    reminder_prefs: Sequence[ReminderPref] = ()
    reminders: Sequence[Reminder] = ()
    rollcalls: Sequence[RollCall] = ()
    edits: Sequence[EditRow] = ()
    threads: Sequence[DayThread] = ()
    digests: Sequence[Digest] = ()
