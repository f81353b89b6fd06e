"""``Store``: the one object the bot and its services persist through, whatever the backend.

It serves every aggregate of a ``Backend`` (``interface.py``) behind one flat set of methods,
so callers name what they want (``store.get_group``) and never which part holds it. Each method
forwards to its aggregate; the contracts are on the protocols in ``interface.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime, time
from pathlib import Path

from bot.shards import ShardSet
from bot.store.features.announcements import AnnouncementsStore
from bot.store.features.boards import BoardsStore
from bot.store.features.digests import DigestsFacade
from bot.store.features.live import LiveStore
from bot.store.features.milestones import MilestoneFacade
from bot.store.features.reminders import ReminderFacade
from bot.store.features.settings import SettingsStore
from bot.store.features.threads import DayThreadsStore
from bot.store.interface import EVERY_SHARD, Backend
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
from bot.store.postgres import DEFAULT_POOL_SIZE, open_postgres
from bot.store.sqlite import open_sqlite
from bot.store.target import DbTarget, PostgresTarget, SqliteTarget, parse_target


class Store(
    SettingsStore,
    MilestoneFacade,
    AnnouncementsStore,
    ReminderFacade,
    LiveStore,
    DayThreadsStore,
    BoardsStore,
    DigestsFacade,
):
    """All persistence. Open a database with ``async with Store.open(target) as store``."""

    def __init__(self, backend: Backend) -> None:
        self._guilds = backend.guilds
        self._groups = backend.groups
        self._members = backend.members
        self._posts = backend.posts
        self._ticks = backend.ticks
        self._checkins = backend.checkins
        self._startup = backend.startup
        self._imports = backend.imports
        self._exports = backend.exports
        self._leases = backend.leases
        self._init_settings(backend.settings)
        self._init_milestones(backend.milestones)
        self._init_announcements(backend.announcements)
        self._init_reminders(backend.reminders)
        self._init_live(backend.live)
        self._init_threads(backend.threads)
        self._init_boards(backend.boards)
        self._init_digests(backend.digests)

    @classmethod
    @asynccontextmanager
    async def open(
        cls, target: DbTarget | Path | str, *, pool_size: int = DEFAULT_POOL_SIZE
    ) -> AsyncIterator[Store]:
        """Migrate and open the database ``target`` names (a SQLite path, or a
        ``postgresql://`` URL, see ``target.py``); closed on exit. PostgreSQL keeps a pool of
        at most ``pool_size`` connections; ``StoreUnreachableError`` if it cannot be opened."""
        parsed = (
            target if isinstance(target, SqliteTarget | PostgresTarget) else parse_target(target)
        )
        if isinstance(parsed, SqliteTarget):
            async with open_sqlite(parsed.path) as backend:
                yield cls(backend)
        else:
            async with open_postgres(parsed, pool_size=pool_size) as opened:
                yield cls(opened.backend)

    # -- servers and the bot's settings -----------------------------------------------------

    async def upsert_guild(self, guild_id: int, locale: str, now: datetime) -> Guild:
        return await self._guilds.upsert_guild(guild_id, locale, now)

    async def get_guild(self, guild_id: int) -> Guild | None:
        return await self._guilds.get_guild(guild_id)

    async def get_meta(self, key: str) -> str | None:
        return await self._guilds.get_meta(key)

    async def set_meta(self, key: str, value: str) -> None:
        await self._guilds.set_meta(key, value)

    # -- groups -----------------------------------------------------------------------------

    async def create_group(self, new: NewGroup, now: datetime) -> Group:
        return await self._groups.create_group(new, now)

    async def get_group(self, guild_id: int, group_id: int) -> Group | None:
        return await self._groups.get_group(guild_id, group_id)

    async def running_group_in_channel(self, guild_id: int, channel_id: int) -> Group | None:
        return await self._groups.running_group_in_channel(guild_id, channel_id)

    async def groups_in_guild(
        self, guild_id: int, states: Iterable[GroupState] = ("active", "paused")
    ) -> list[Group]:
        return await self._groups.groups_in_guild(guild_id, states)

    async def set_group_state(
        self, guild_id: int, group_id: int, state: GroupState, now: datetime
    ) -> bool:
        return await self._groups.set_group_state(guild_id, group_id, state, now)

    async def set_group_problem(self, guild_id: int, group_id: int, problem: str | None) -> None:
        await self._groups.set_group_problem(guild_id, group_id, problem)

    async def update_group_schedule(
        self, guild_id: int, group_id: int, post_time: time, timezone: str
    ) -> bool:
        return await self._groups.update_group_schedule(guild_id, group_id, post_time, timezone)

    async def set_group_language(self, guild_id: int, group_id: int, language: str | None) -> bool:
        """Set the public posts' language (None: follow the server's preferred locale)."""
        return await self._groups.set_group_language(guild_id, group_id, language)

    async def pauses(self, guild_id: int, group_id: int) -> list[GroupPause]:
        return await self._groups.pauses(guild_id, group_id)

    # -- members ----------------------------------------------------------------------------

    async def add_member(
        self, guild_id: int, group_id: int, user_id: int, now: datetime
    ) -> tuple[Member, bool]:
        return await self._members.add_member(guild_id, group_id, user_id, now)

    async def leave_member(self, guild_id: int, group_id: int, user_id: int, now: datetime) -> bool:
        return await self._members.leave_member(guild_id, group_id, user_id, now)

    async def get_member(self, guild_id: int, group_id: int, user_id: int) -> Member | None:
        return await self._members.get_member(guild_id, group_id, user_id)

    async def members(
        self, guild_id: int, group_id: int, *, include_left: bool = False
    ) -> list[Member]:
        return await self._members.members(guild_id, group_id, include_left=include_left)

    async def memberships_in_guild(self, guild_id: int, user_id: int) -> list[Member]:
        return await self._members.memberships_in_guild(guild_id, user_id)

    async def member_totals(self, guild_id: int, group_id: int) -> list[MemberTotals]:
        return await self._members.member_totals(guild_id, group_id)

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
        await self._members.set_streak(
            guild_id, group_id, user_id, through, streak, freezes_used, rule
        )

    async def set_member_timezone(self, guild_id: int, user_id: int, timezone: str | None) -> int:
        return await self._members.set_member_timezone(guild_id, user_id, timezone)

    # -- the post ledger --------------------------------------------------------------------

    async def claim_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime, *, late: bool
    ) -> Post | None:
        return await self._posts.claim_post(guild_id, group_id, day, nonce, now, late=late)

    async def confirm_post(
        self, guild_id: int, group_id: int, day: int, message_id: int, now: datetime
    ) -> None:
        await self._posts.confirm_post(guild_id, group_id, day, message_id, now)

    async def record_post_attempt(
        self, guild_id: int, group_id: int, day: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._posts.record_post_attempt(guild_id, group_id, day, search_from, attempt_at)

    async def mark_post(
        self, guild_id: int, group_id: int, day: int, state: PostState, error: str | None
    ) -> None:
        await self._posts.mark_post(guild_id, group_id, day, state, error)

    async def reclaim_post(self, guild_id: int, group_id: int, day: int) -> Post | None:
        return await self._posts.reclaim_post(guild_id, group_id, day)

    async def record_missed_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime
    ) -> bool:
        return await self._posts.record_missed_post(guild_id, group_id, day, nonce, now)

    async def posts(self, guild_id: int, group_id: int) -> list[Post]:
        return await self._posts.posts(guild_id, group_id)

    # -- ticks ------------------------------------------------------------------------------

    async def tick_target(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str
    ) -> TickTarget | None:
        return await self._ticks.tick_target(guild_id, group_id, user_id, day, task_id)

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
        return await self._ticks.add_tick_counted(
            guild_id, group_id, channel_id, user_id, day, task_id, now
        )

    async def remove_tick_counted(
        self, guild_id: int, group_id: int, channel_id: int, user_id: int, day: int, task_id: str
    ) -> int | None:
        return await self._ticks.remove_tick_counted(
            guild_id, group_id, channel_id, user_id, day, task_id
        )

    async def ticks(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Tick]:
        return await self._ticks.ticks(guild_id, group_id, user_id)

    async def tick_counts_between(
        self, guild_id: int, group_id: int, first_day: int, last_day: int
    ) -> dict[int, int]:
        return await self._ticks.tick_counts_between(guild_id, group_id, first_day, last_day)

    async def tick_days(self, guild_id: int, group_id: int, user_id: int) -> dict[int, int]:
        return await self._ticks.tick_days(guild_id, group_id, user_id)

    # -- check-ins --------------------------------------------------------------------------

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
        return await self._checkins.upsert_checkin(
            guild_id, group_id, user_id, local_date, note, minutes, now
        )

    async def checkins(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[Checkin]:
        return await self._checkins.checkins(guild_id, group_id, user_id)

    async def checkin_counts_since(
        self, guild_id: int, group_id: int, since: date
    ) -> dict[int, int]:
        return await self._checkins.checkin_counts_since(guild_id, group_id, since)

    async def checkin_dates_of(
        self, guild_id: int, group_id: int, user_ids: Sequence[int]
    ) -> dict[int, set[date]]:
        return await self._checkins.checkin_dates_of(guild_id, group_id, user_ids)

    # -- start-up: batch reads over every server --------------------------------------------

    async def running_groups_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> list[Group]:
        return await self._startup.running_groups_all_guilds(shards)

    async def pauses_all_guilds(
        self, shards: ShardSet = EVERY_SHARD
    ) -> dict[int, list[GroupPause]]:
        return await self._startup.pauses_all_guilds(shards)

    async def post_spans_all_guilds(self, shards: ShardSet = EVERY_SHARD) -> dict[int, PostSpan]:
        return await self._startup.post_spans_all_guilds(shards)

    # -- which process posts for a group ----------------------------------------------------

    @asynccontextmanager
    async def group_lease(self, guild_id: int, group_id: int, now: datetime) -> AsyncIterator[bool]:
        """Hold the group for this process while the block runs; yields False (and holds
        nothing) while another running process holds it (``GroupLeases``)."""
        taken = await self._leases.take_group_lease(guild_id, group_id, now)
        try:
            yield taken
        finally:
            if taken:
                await self._leases.release_group_lease(guild_id, group_id)

    # -- many rows at once ------------------------------------------------------------------

    async def import_rows(self, batch: ImportBatch, now: datetime) -> None:
        await self._imports.import_rows(batch, now)

    async def import_all(
        self,
        batches: AsyncIterable[ImportBatch],
        now: datetime,
        *,
        replace: bool = False,
        expect: Mapping[str, int] | None = None,
    ) -> None:
        await self._imports.import_all(batches, now, replace=replace, expect=expect)

    async def row_counts(self) -> dict[str, int]:
        return await self._exports.row_counts()

    def export_rows(self, chunk: int) -> AsyncIterator[ImportBatch]:
        return self._exports.export_rows(chunk)
