"""What a storage backend implements, one protocol per aggregate; ``Store`` is built from them.

The contract, for every backend (SQLite in ``sqlite/``, PostgreSQL in ``postgres/``):

- Every method that touches a group's data takes the ``guild_id`` and matches on it, so a group
  of one server is invisible from another. The reads that span all servers (start-up only) say
  so in their names.
- Instants are timezone-aware and come back equal to what was written; local dates are dates.
- A write is committed when its method returns. Multi-row changes are atomic.
- A write the database refuses for lack of space or permission raises
  ``StorageUnavailableError`` and changes nothing; no driver exception reaches a caller for it.
- ``get_group`` and ``tick_target`` find nothing for an id no row can have (a forged button's
  ``0`` or ``2**70``).
- A write interrupted by a lost connection is applied once or not at all, never twice; a
  backend that retries says how it knows which (PostgreSQL: ``postgres/connection.py``).

``tests/store`` runs the same tests against every backend listed in ``tests/store/backends.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from bot.shards import ShardSet
from bot.store.errors import RowsRejectedError
from bot.store.features.announcements import AnnouncementQueries
from bot.store.features.boards import BoardQueries
from bot.store.features.digests import DigestLedger
from bot.store.features.live import LiveQueries
from bot.store.features.milestones import MilestoneStore
from bot.store.features.reminders import ReminderStore
from bot.store.features.settings import SettingsQueries
from bot.store.features.threads import DayThreadQueries
from bot.store.models import (
    Checkin,
    Group,
    GroupPause,
    GroupState,
    Guild,
    ImportBatch,
    Member,
    MemberTotals,
    NewGroup,
    Post,
    PostSpan,
    PostState,
    Tick,
    TickTarget,
)


class GuildStore(Protocol):
    """Servers' settings, and the bot's own key/value settings."""

    async def upsert_guild(self, guild_id: int, locale: str, now: datetime) -> Guild: ...
    async def get_guild(self, guild_id: int) -> Guild | None: ...
    async def get_meta(self, key: str) -> str | None: ...
    async def set_meta(self, key: str, value: str) -> None: ...


class GroupStore(Protocol):
    """Groups and their pauses."""

    async def create_group(self, new: NewGroup, now: datetime) -> Group:
        """Insert an active group (and its server if new); ``ChannelBusyError`` if the channel
        already runs one."""
        ...

    async def get_group(self, guild_id: int, group_id: int) -> Group | None: ...
    async def running_group_in_channel(self, guild_id: int, channel_id: int) -> Group | None: ...
    async def groups_in_guild(
        self, guild_id: int, states: Iterable[GroupState] = ("active", "paused")
    ) -> list[Group]:
        """In id order."""
        ...

    async def set_group_state(
        self, guild_id: int, group_id: int, state: GroupState, now: datetime
    ) -> bool:
        """Change the state; pausing opens a pause, any change closes an open one, stopping or
        finishing sets ``ended_at``. False if the group is absent."""
        ...

    async def set_group_problem(
        self, guild_id: int, group_id: int, problem: str | None
    ) -> None: ...
    async def update_group_schedule(
        self, guild_id: int, group_id: int, post_time: time, timezone: str
    ) -> bool: ...
    async def set_group_language(
        self, guild_id: int, group_id: int, language: str | None
    ) -> bool: ...
    async def pauses(self, guild_id: int, group_id: int) -> list[GroupPause]:
        """Oldest first."""
        ...


class MemberStore(Protocol):
    """Memberships and the per-member totals the leaderboard reads."""

    async def add_member(
        self, guild_id: int, group_id: int, user_id: int, now: datetime
    ) -> tuple[Member, bool]:
        """Join, or re-join keeping progress and ``joined_at``; the member and whether anything
        changed. ``LookupError`` if the server has no such group."""
        ...

    async def leave_member(
        self, guild_id: int, group_id: int, user_id: int, now: datetime
    ) -> bool: ...
    async def get_member(self, guild_id: int, group_id: int, user_id: int) -> Member | None: ...
    async def members(
        self, guild_id: int, group_id: int, *, include_left: bool = False
    ) -> list[Member]:
        """In join order, ties by user id."""
        ...

    async def memberships_in_guild(self, guild_id: int, user_id: int) -> list[Member]:
        """The user's current memberships in the server, by group id."""
        ...

    async def member_totals(self, guild_id: int, group_id: int) -> list[MemberTotals]:
        """Current members' totals in join order (ties by user id). Tick and check-in counts and
        the last check-in follow every write to ticks and check-ins, whoever makes it."""
        ...

    async def set_streak(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        through: date,
        streak: int,
        freezes_used: int = 0,
        rule: int | None = None,
    ) -> None:
        """Store the member's check-in streak as of ``through`` (their latest counted check-in),
        the streak freezes used in that month up to it, and the freezes per month (``rule``)
        it was computed with."""
        ...

    async def set_member_timezone(self, guild_id: int, user_id: int, timezone: str | None) -> int:
        """Set the user's own zone in every group of this server; returns how many."""
        ...


class PostLedger(Protocol):
    """One row per (group, day) posted or given up: what makes a daily post happen once."""

    async def claim_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime, *, late: bool
    ) -> Post | None:
        """Claim (group, day) before sending. ``None`` if it was already claimed."""
        ...

    async def confirm_post(
        self, guild_id: int, group_id: int, day: int, message_id: int, now: datetime
    ) -> None:
        """The day was sent as ``message_id``: state ``sent``, error cleared."""
        ...

    async def record_post_attempt(
        self, guild_id: int, group_id: int, day: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        """A send attempt of a claimed post starts now (``attempt_at``); a message of an earlier
        attempt not seen in the channel carries ``search_from`` or later. Committed before the
        request leaves."""
        ...

    async def mark_post(
        self, guild_id: int, group_id: int, day: int, state: PostState, error: str | None
    ) -> None: ...
    async def reclaim_post(self, guild_id: int, group_id: int, day: int) -> Post | None:
        """Turn a failed post back into a claim, to retry it (same nonce); ``None`` unless it
        was failed."""
        ...

    async def record_missed_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime
    ) -> bool:
        """Mark a day that was never posted; False if the day has a row already."""
        ...

    async def posts(self, guild_id: int, group_id: int) -> list[Post]:
        """By day."""
        ...


class TickStore(Protocol):
    """Tasks ticked off. A click is one read (``tick_target``) and at most one write."""

    async def tick_target(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str
    ) -> TickTarget | None:
        """The group (of this server only) behind a tick button, with the clicker's membership
        and ticks on ``day``; ``None`` if the server has no such group."""
        ...

    async def add_tick_counted(
        self,
        guild_id: int,
        group_id: int,
        channel_id: int,
        user_id: int,
        day: int,
        task_id: str,
        now: datetime,
    ) -> int | None:
        """Tick a task if the clicker is an active member of this channel's unstopped group,
        checked in the same statement as the write. The member's count of ticks on ``day``
        afterwards, or ``None`` if nothing was written (already ticked, left, or the group was
        stopped). Never part of another caller's open transaction."""
        ...

    async def remove_tick_counted(
        self, guild_id: int, group_id: int, channel_id: int, user_id: int, day: int, task_id: str
    ) -> int | None:
        """Undo a tick under the same conditions as ``add_tick_counted``; the count after, or
        ``None`` if nothing was deleted."""
        ...

    async def ticks(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Tick]:
        """By user, day and task."""
        ...

    async def tick_counts_between(
        self, guild_id: int, group_id: int, first_day: int, last_day: int
    ) -> dict[int, int]:
        """Tasks done per user on days first_day..last_day."""
        ...

    async def tick_days(self, guild_id: int, group_id: int, user_id: int) -> dict[int, int]:
        """Tasks done per day by one user."""
        ...


class CheckinStore(Protocol):
    """Daily check-ins, one per member and local date."""

    async def upsert_checkin(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        local_date: date,
        note: str | None,
        minutes: int | None,
        now: datetime,
    ) -> tuple[Checkin, bool]:
        """Check in for a local date; a second call the same date edits it, keeping a note or
        minutes it does not give. (row, created)."""
        ...

    async def checkins(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[Checkin]:
        """By user and date."""
        ...

    async def checkin_counts_since(
        self, guild_id: int, group_id: int, since: date
    ) -> dict[int, int]:
        """Check-ins per user on local dates from ``since`` on."""
        ...

    async def checkin_dates_of(
        self, guild_id: int, group_id: int, user_ids: Sequence[int]
    ) -> dict[int, set[date]]:
        """The check-in local dates of the given users (every one of them a key)."""
        ...


EVERY_SHARD = ShardSet.all()


class StartupReads(Protocol):
    """Batch reads over every server of ``shards`` (all by default), for start-up scheduling
    and reconciliation only; the shard filter is applied in SQL."""

    async def running_groups_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> list[Group]:
        """Every active or paused group of every server, by id."""
        ...

    async def pauses_all_guilds(
        self, shards: ShardSet = EVERY_SHARD
    ) -> dict[int, list[GroupPause]]:
        """Every pause of every running group, by group id, oldest first."""
        ...

    async def post_spans_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> dict[int, PostSpan]:
        """The shape of every active group's post ledger, by group id; a group without any
        post row has no entry."""
        ...


class GroupLeases(Protocol):
    """Which process is posting for a group right now, so that two processes serving the same
    servers (a rolling deploy) never work on one group at once; the ledger's claim then always
    belongs to a process that is running or gone, never to one still sending."""

    async def take_group_lease(self, guild_id: int, group_id: int, now: datetime) -> bool:
        """Take the group for this process: True if it was free, already this process's, or
        held by a process that no longer runs; False while another running process holds it."""
        ...

    async def release_group_lease(self, guild_id: int, group_id: int) -> None: ...


class RowImport(Protocol):
    async def import_rows(self, batch: ImportBatch, now: datetime) -> None:
        """Write ``batch`` as it is, in one transaction; servers it adds are created ``now``.
        ``RowsRejectedError`` if a row is there already or names what is not; then nothing is
        written."""
        ...

    async def import_all(
        self,
        batches: AsyncIterable[ImportBatch],
        now: datetime,
        *,
        replace: bool = False,
        expect: Mapping[str, int] | None = None,
    ) -> None:
        """Write every batch, in order, in one transaction (as ``import_rows``); with
        ``replace``, every row already there is deleted first in that transaction; with
        ``expect``, ``row_counts`` must equal it before the commit (``check_counts``).
        Nothing is written if anything fails, including the iteration of ``batches``."""
        ...


class RowExport(Protocol):
    """Every row, for copying a database into another backend (``studybot db copy``)."""

    async def row_counts(self) -> dict[str, int]:
        """Rows per kind (``TABLES``) and the members' totals (``ticks_done``,
        ``checkins_done`` summed): equal in two databases holding the same rows."""
        ...

    def export_rows(self, chunk: int) -> AsyncIterator[ImportBatch]:
        """Every row as ``ImportBatch``es of one kind and at most ``chunk`` rows each, in
        ``TABLES`` order (what ``import_all`` needs), each kind in key order."""
        ...


def check_counts(expected: Mapping[str, int], found: Mapping[str, int]) -> None:
    """``RowsRejectedError`` naming every count that differs."""
    wrong = [f"{k}: {found.get(k)} != {v}" for k, v in expected.items() if found.get(k) != v]
    if wrong:
        raise RowsRejectedError("copy incomplete, nothing written: " + "; ".join(wrong))


async def one_batch(batch: ImportBatch) -> AsyncIterator[ImportBatch]:
    yield batch


@dataclass(frozen=True, slots=True)
class Backend:
    """One opened database's implementation of every aggregate; ``Store(backend)`` serves
    them behind one object. A backend module's ``open`` yields one and closes it after."""

    guilds: GuildStore
    groups: GroupStore
    members: MemberStore
    posts: PostLedger
    ticks: TickStore
    checkins: CheckinStore
    startup: StartupReads
    imports: RowImport
    exports: RowExport
    leases: GroupLeases
    reminders: ReminderStore
    settings: SettingsQueries
    milestones: MilestoneStore
    announcements: AnnouncementQueries
    live: LiveQueries
    threads: DayThreadQueries
    boards: BoardQueries
    digests: DigestLedger
