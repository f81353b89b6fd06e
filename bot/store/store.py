"""The only place with SQL: small named queries over one aiosqlite connection.

Every method that touches a group's data takes the ``guild_id`` and puts it in the ``WHERE``
clause, so a group of one server is invisible from another. The few reads that span all
servers (start-up scheduling and reconciliation) say so in their names.

The connection runs in autocommit mode; every write takes ``_write_lock`` so that a multi-statement
transaction (``BEGIN IMMEDIATE``) of one coroutine never swallows another coroutine's write.
(Tick writes take it only while someone holds it: see ``_tick_write``.)
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, cast

import aiosqlite

from bot.errors import UserFacingError
from bot.store.migrations import migrate
from bot.store.models import (
    Checkin,
    Group,
    GroupPause,
    GroupState,
    Guild,
    Member,
    MemberTotals,
    NewGroup,
    Post,
    PostSpan,
    PostState,
    Tick,
    TickTarget,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 15.0

_GROUP_COLS = (
    "id, guild_id, channel_id, roadmap_id, start_date, post_time, timezone, pace, weekdays_only, "
    "catch_up, state, created_by, created_at, ended_at, problem"
)
_MEMBER_COLS = "guild_id, group_id, user_id, joined_at, left_at, timezone"
_POST_COLS = "guild_id, group_id, day, state, nonce, message_id, late, claimed_at, sent_at, error"
_CHECKIN_COLS = "guild_id, group_id, user_id, local_date, note, minutes, created_at, updated_at"


class StorageUnavailableError(UserFacingError):
    """The database refuses writes (disk full, read-only file): nothing was changed."""

    def __init__(self, cause: sqlite3.Error) -> None:
        super().__init__(
            "I can't save anything right now (the bot's storage is full or read-only), so "
            "nothing was changed. Please tell a server admin; try again later."
        )
        self.cause = cause


_UNWRITABLE = ("readonly", "read-only", "disk is full", "database or disk is full", "disk i/o")


@contextmanager
def _writes_refused_cleanly() -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        if any(marker in str(exc).lower() for marker in _UNWRITABLE):
            log.error("database write refused: %s", exc)
            raise StorageUnavailableError(exc) from exc
        raise


class ChannelBusyError(Exception):
    """A channel already has a running group; ``existing`` is that group."""

    def __init__(self, existing: Group) -> None:
        super().__init__(f"channel {existing.channel_id} already runs group {existing.id}")
        self.existing = existing


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return value.isoformat()


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _group(row: sqlite3.Row | tuple[Any, ...]) -> Group:
    return Group(
        id=row[0],
        guild_id=row[1],
        channel_id=row[2],
        roadmap_id=row[3],
        start_date=date.fromisoformat(row[4]),
        post_time=time.fromisoformat(row[5]),
        timezone=row[6],
        pace=row[7],
        weekdays_only=bool(row[8]),
        catch_up=bool(row[9]),
        state=cast(GroupState, row[10]),
        created_by=row[11],
        created_at=datetime.fromisoformat(row[12]),
        ended_at=_dt(row[13]),
        problem=row[14],
    )


def _member(row: sqlite3.Row | tuple[Any, ...]) -> Member:
    return Member(
        guild_id=row[0],
        group_id=row[1],
        user_id=row[2],
        joined_at=datetime.fromisoformat(row[3]),
        left_at=_dt(row[4]),
        timezone=row[5],
    )


def _post(row: sqlite3.Row | tuple[Any, ...]) -> Post:
    return Post(
        guild_id=row[0],
        group_id=row[1],
        day=row[2],
        state=cast(PostState, row[3]),
        nonce=row[4],
        message_id=row[5],
        late=bool(row[6]),
        claimed_at=datetime.fromisoformat(row[7]),
        sent_at=_dt(row[8]),
        error=row[9],
    )


def _checkin(row: sqlite3.Row | tuple[Any, ...]) -> Checkin:
    return Checkin(
        guild_id=row[0],
        group_id=row[1],
        user_id=row[2],
        local_date=date.fromisoformat(row[3]),
        note=row[4],
        minutes=row[5],
        created_at=datetime.fromisoformat(row[6]),
        updated_at=datetime.fromisoformat(row[7]),
    )


def _migrate_file(path: Path) -> list[int]:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return migrate(conn)
    finally:
        conn.close()


def migrate_file(path: Path) -> list[int]:
    """Apply pending migrations to the file at ``path`` (created if missing)."""
    return _migrate_file(path)


def backup_file(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API (safe while the bot writes)."""
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


class Store:
    """All persistence. Open with ``async with Store.open(path) as store``."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._write_lock = asyncio.Lock()

    @classmethod
    @asynccontextmanager
    async def open(cls, path: Path) -> AsyncIterator[Store]:
        """Migrate, then open the one connection with the pragmas the bot relies on."""
        await asyncio.to_thread(_migrate_file, path)
        conn = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            yield cls(conn)
        finally:
            await conn.close()

    # -- plumbing ---------------------------------------------------------------------------

    # Reads take one trip to aiosqlite's thread (``execute_fetchall``), not three (execute,
    # fetch, close): start-up reconciliation of 10,000 groups went from 21 s to 15 s
    # (bench/README.md, row 4).

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query that selects at most one row (by key)."""
        rows = list(await self._conn.execute_fetchall(sql, params))
        return tuple(rows[0]) if rows else None

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in await self._conn.execute_fetchall(sql, params)]

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own implicit transaction; return rows changed."""
        with _writes_refused_cleanly():
            async with self._write_lock, self._conn.execute(sql, params) as cur:
                return cur.rowcount

    async def _write_returning(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[Any, ...] | None:
        """One write statement with ``RETURNING``; the first returned row."""
        with _writes_refused_cleanly():
            async with self._write_lock, self._conn.execute(sql, params) as cur:
                row = await cur.fetchone()
        return None if row is None else tuple(row)

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            with _writes_refused_cleanly():
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise
                await self._conn.execute("COMMIT")

    async def pragma(self, name: str) -> Any:
        row = await self._one(f"PRAGMA {name}")
        return None if row is None else row[0]

    async def get_meta(self, key: str) -> str | None:
        row = await self._one("SELECT value FROM bot_meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    async def set_meta(self, key: str, value: str) -> None:
        await self._write(
            "INSERT INTO bot_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- guilds -----------------------------------------------------------------------------

    async def upsert_guild(self, guild_id: int, locale: str, now: datetime) -> Guild:
        await self._write(
            "INSERT INTO guilds (id, locale, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET locale = excluded.locale",
            (guild_id, locale, _iso(now)),
        )
        return Guild(guild_id, locale)

    async def get_guild(self, guild_id: int) -> Guild | None:
        row = await self._one("SELECT id, locale FROM guilds WHERE id = ?", (guild_id,))
        return None if row is None else Guild(row[0], row[1])

    # -- groups -----------------------------------------------------------------------------

    async def create_group(self, new: NewGroup, now: datetime) -> Group:
        """Insert an active group; ``ChannelBusyError`` if the channel already runs one."""
        async with self._transaction() as conn:
            existing = await self.running_group_in_channel(new.guild_id, new.channel_id)
            if existing is not None:
                raise ChannelBusyError(existing)
            await conn.execute(
                "INSERT INTO guilds (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                (new.guild_id, _iso(now)),
            )
            async with conn.execute(
                "INSERT INTO groups (guild_id, channel_id, roadmap_id, start_date, post_time, "
                "timezone, pace, weekdays_only, catch_up, created_by, created_at) "
                f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_GROUP_COLS}",
                (
                    new.guild_id,
                    new.channel_id,
                    new.roadmap_id,
                    new.start_date.isoformat(),
                    new.post_time.strftime("%H:%M"),
                    new.timezone,
                    new.pace,
                    int(new.weekdays_only),
                    int(new.catch_up),
                    new.created_by,
                    _iso(now),
                ),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _group(tuple(row))

    async def get_group(self, guild_id: int, group_id: int) -> Group | None:
        if not 0 < group_id < 2**63:  # a forged button id; SQLite would overflow on it
            return None
        row = await self._one(
            f"SELECT {_GROUP_COLS} FROM groups WHERE guild_id = ? AND id = ?", (guild_id, group_id)
        )
        return None if row is None else _group(row)

    async def running_group_in_channel(self, guild_id: int, channel_id: int) -> Group | None:
        row = await self._one(
            f"SELECT {_GROUP_COLS} FROM groups WHERE guild_id = ? AND channel_id = ? "
            "AND state IN ('active', 'paused')",
            (guild_id, channel_id),
        )
        return None if row is None else _group(row)

    async def groups_in_guild(
        self, guild_id: int, states: Iterable[GroupState] = ("active", "paused")
    ) -> list[Group]:
        wanted = list(states)
        marks = ", ".join("?" for _ in wanted)
        rows = await self._all(
            f"SELECT {_GROUP_COLS} FROM groups WHERE guild_id = ? AND state IN ({marks}) "
            "ORDER BY id",
            (guild_id, *wanted),
        )
        return [_group(r) for r in rows]

    async def running_groups_all_guilds(self) -> list[Group]:
        """Every active or paused group of every server: for the scheduler at start-up only."""
        rows = await self._all(
            f"SELECT {_GROUP_COLS} FROM groups WHERE state IN ('active', 'paused') ORDER BY id"
        )
        return [_group(r) for r in rows]

    async def set_group_state(
        self, guild_id: int, group_id: int, state: GroupState, now: datetime
    ) -> bool:
        """Change the state; pausing opens a pause, resuming closes it. Returns False if absent."""
        async with self._transaction() as conn:
            async with conn.execute(
                "UPDATE groups SET state = ?, ended_at = CASE WHEN ? IN ('stopped', 'finished') "
                "THEN ? ELSE ended_at END WHERE guild_id = ? AND id = ?",
                (state, state, _iso(now), guild_id, group_id),
            ) as cur:
                changed = cur.rowcount
            if not changed:
                return False
            await conn.execute(
                "UPDATE group_pauses SET ended_at = ? "
                "WHERE guild_id = ? AND group_id = ? AND ended_at IS NULL",
                (_iso(now), guild_id, group_id),
            )
            if state == "paused":
                await conn.execute(
                    "INSERT INTO group_pauses (guild_id, group_id, started_at) VALUES (?, ?, ?)",
                    (guild_id, group_id, _iso(now)),
                )
        return True

    async def set_group_problem(self, guild_id: int, group_id: int, problem: str | None) -> None:
        await self._write(
            "UPDATE groups SET problem = ? WHERE guild_id = ? AND id = ?",
            (problem, guild_id, group_id),
        )

    async def update_group_schedule(
        self, guild_id: int, group_id: int, post_time: time, timezone: str
    ) -> bool:
        changed = await self._write(
            "UPDATE groups SET post_time = ?, timezone = ? WHERE guild_id = ? AND id = ?",
            (post_time.strftime("%H:%M"), timezone, guild_id, group_id),
        )
        return changed > 0

    async def pauses(self, guild_id: int, group_id: int) -> list[GroupPause]:
        rows = await self._all(
            "SELECT group_id, started_at, ended_at FROM group_pauses "
            "WHERE guild_id = ? AND group_id = ? ORDER BY started_at",
            (guild_id, group_id),
        )
        return [GroupPause(r[0], datetime.fromisoformat(r[1]), _dt(r[2])) for r in rows]

    # -- members ----------------------------------------------------------------------------

    async def add_member(
        self, guild_id: int, group_id: int, user_id: int, now: datetime
    ) -> tuple[Member, bool]:
        """Join (or re-join, keeping progress). Returns the member and whether anything changed."""
        async with self._transaction() as conn:
            async with conn.execute(
                "INSERT INTO members (guild_id, group_id, user_id, joined_at) "
                "SELECT ?, ?, ?, ? WHERE EXISTS "
                "(SELECT 1 FROM groups WHERE guild_id = ? AND id = ?) "
                "ON CONFLICT (group_id, user_id) DO UPDATE SET left_at = NULL "
                "WHERE left_at IS NOT NULL",
                (guild_id, group_id, user_id, _iso(now), guild_id, group_id),
            ) as cur:
                changed = cur.rowcount > 0
            async with conn.execute(
                f"SELECT {_MEMBER_COLS} FROM members "
                "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
                (guild_id, group_id, user_id),
            ) as cur:
                row = await cur.fetchone()
        if row is None:
            raise LookupError(f"group {group_id} does not exist in guild {guild_id}")
        return _member(tuple(row)), changed

    async def leave_member(self, guild_id: int, group_id: int, user_id: int, now: datetime) -> bool:
        changed = await self._write(
            "UPDATE members SET left_at = ? "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ? AND left_at IS NULL",
            (_iso(now), guild_id, group_id, user_id),
        )
        return changed > 0

    async def get_member(self, guild_id: int, group_id: int, user_id: int) -> Member | None:
        row = await self._one(
            f"SELECT {_MEMBER_COLS} FROM members "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (guild_id, group_id, user_id),
        )
        return None if row is None else _member(row)

    async def members(
        self, guild_id: int, group_id: int, *, include_left: bool = False
    ) -> list[Member]:
        rows = await self._all(
            f"SELECT {_MEMBER_COLS} FROM members WHERE guild_id = ? AND group_id = ? "
            + ("" if include_left else "AND left_at IS NULL ")
            + "ORDER BY joined_at, user_id",
            (guild_id, group_id),
        )
        return [_member(r) for r in rows]

    async def memberships_in_guild(self, guild_id: int, user_id: int) -> list[Member]:
        rows = await self._all(
            f"SELECT {_MEMBER_COLS} FROM members WHERE guild_id = ? AND user_id = ? "
            "AND left_at IS NULL ORDER BY group_id",
            (guild_id, user_id),
        )
        return [_member(r) for r in rows]

    async def member_totals(self, guild_id: int, group_id: int) -> list[MemberTotals]:
        """Current members' totals in join order (ties by user id): the leaderboard's input."""
        rows = await self._all(
            "SELECT user_id, ticks_done, checkins_done, last_checkin, streak, streak_date "
            "FROM members WHERE guild_id = ? AND group_id = ? AND left_at IS NULL "
            "ORDER BY joined_at, user_id",
            (guild_id, group_id),
        )
        return [MemberTotals(r[0], r[1], r[2], _date(r[3]), r[4], _date(r[5])) for r in rows]

    async def set_streak(
        self, guild_id: int, group_id: int, user_id: int, through: date, streak: int
    ) -> None:
        """Store the member's check-in streak as of ``through`` (their latest check-in)."""
        await self._write(
            "UPDATE members SET streak = ?, streak_date = ? "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (streak, through.isoformat(), guild_id, group_id, user_id),
        )

    async def set_member_timezone(self, guild_id: int, user_id: int, timezone: str | None) -> int:
        """Set the user's own zone in every group of this server; returns how many."""
        return await self._write(
            "UPDATE members SET timezone = ? WHERE guild_id = ? AND user_id = ?",
            (timezone, guild_id, user_id),
        )

    # -- posts ------------------------------------------------------------------------------

    async def claim_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime, *, late: bool
    ) -> Post | None:
        """Claim (group, day) before sending. ``None`` if it was already claimed."""
        row = await self._write_returning(
            "INSERT INTO posts (guild_id, group_id, day, state, nonce, late, claimed_at) "
            "VALUES (?, ?, ?, 'claimed', ?, ?, ?) ON CONFLICT (group_id, day) DO NOTHING "
            f"RETURNING {_POST_COLS}",
            (guild_id, group_id, day, nonce, int(late), _iso(now)),
        )
        return None if row is None else _post(row)

    async def confirm_post(
        self, guild_id: int, group_id: int, day: int, message_id: int, now: datetime
    ) -> None:
        await self._write(
            "UPDATE posts SET state = 'sent', message_id = ?, sent_at = ?, error = NULL "
            "WHERE guild_id = ? AND group_id = ? AND day = ?",
            (message_id, _iso(now), guild_id, group_id, day),
        )

    async def mark_post(
        self, guild_id: int, group_id: int, day: int, state: PostState, error: str | None
    ) -> None:
        await self._write(
            "UPDATE posts SET state = ?, error = ? WHERE guild_id = ? AND group_id = ? AND day = ?",
            (state, error, guild_id, group_id, day),
        )

    async def reclaim_post(self, guild_id: int, group_id: int, day: int) -> Post | None:
        """Turn a failed post back into a claim, to retry it (same nonce)."""
        row = await self._write_returning(
            "UPDATE posts SET state = 'claimed', claimed_at = claimed_at "
            "WHERE guild_id = ? AND group_id = ? AND day = ? AND state = 'failed' "
            f"RETURNING {_POST_COLS}",
            (guild_id, group_id, day),
        )
        return None if row is None else _post(row)

    async def record_missed_post(
        self, guild_id: int, group_id: int, day: int, nonce: str, now: datetime
    ) -> bool:
        """Mark a day that was never posted (bot down all day, catch-up off)."""
        changed = await self._write(
            "INSERT INTO posts (guild_id, group_id, day, state, nonce, claimed_at) "
            "VALUES (?, ?, ?, 'missed', ?, ?) ON CONFLICT (group_id, day) DO NOTHING",
            (guild_id, group_id, day, nonce, _iso(now)),
        )
        return changed > 0

    async def get_post(self, guild_id: int, group_id: int, day: int) -> Post | None:
        row = await self._one(
            f"SELECT {_POST_COLS} FROM posts WHERE guild_id = ? AND group_id = ? AND day = ?",
            (guild_id, group_id, day),
        )
        return None if row is None else _post(row)

    async def posts(self, guild_id: int, group_id: int) -> list[Post]:
        rows = await self._all(
            f"SELECT {_POST_COLS} FROM posts WHERE guild_id = ? AND group_id = ? ORDER BY day",
            (guild_id, group_id),
        )
        return [_post(r) for r in rows]

    async def add_tick(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str, now: datetime
    ) -> bool:
        """Mark a task done, committed before returning. False if it was already done."""
        changed = await self._write(
            "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, group_id, user_id, day, task_id, _iso(now)),
        )
        return changed > 0

    async def remove_tick(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str
    ) -> bool:
        changed = await self._write(
            "DELETE FROM ticks WHERE guild_id = ? AND group_id = ? AND user_id = ? "
            "AND day = ? AND task_id = ?",
            (guild_id, group_id, user_id, day, task_id),
        )
        return changed > 0

    # A click on a task button is one read (``tick_target``) and, when it changes something, one
    # guarded write (``add_tick_counted`` / ``remove_tick_counted``): two trips to aiosqlite's
    # thread instead of six (bench/README.md, row 1). Under load every trip costs a hand-over of
    # the GIL and a wake-up of the event loop, which is what the tick rate was spent on.

    _TICK_TARGET = (
        "SELECT g.id, g.channel_id, g.roadmap_id, g.state, g.start_date, g.post_time, "
        "g.timezone, g.pace, g.weekdays_only, "
        "(SELECT group_concat(p.started_at || ' ' || COALESCE(p.ended_at, ''), ',') "
        " FROM group_pauses p WHERE p.guild_id = g.guild_id AND p.group_id = g.id), "
        "EXISTS (SELECT 1 FROM members m WHERE m.group_id = g.id AND m.user_id = :user "
        " AND m.guild_id = g.guild_id AND m.left_at IS NULL), "
        "EXISTS (SELECT 1 FROM ticks t WHERE t.group_id = g.id AND t.user_id = :user "
        " AND t.day = :day AND t.task_id = :task AND t.guild_id = g.guild_id), "
        "(SELECT COUNT(*) FROM ticks t WHERE t.group_id = g.id AND t.guild_id = g.guild_id "
        " AND t.user_id = :user AND t.day = :day) "
        "FROM groups g WHERE g.guild_id = :guild AND g.id = :group"
    )

    # The write re-checks, in the same statement, what may have changed since the read: the
    # clicker is still an active member and the group is still this channel's and not stopped.
    # The day's count comes back from ``RETURNING``, whose subquery sees the statement's own
    # change (and is unaffected by triggers that write other tables).
    _TICK_GUARD = (
        "EXISTS (SELECT 1 FROM members WHERE group_id = :group AND user_id = :user "
        " AND guild_id = :guild AND left_at IS NULL) "
        "AND EXISTS (SELECT 1 FROM groups WHERE id = :group AND guild_id = :guild "
        " AND channel_id = :channel AND state <> 'stopped')"
    )
    _DAY_COUNT = (
        "(SELECT COUNT(*) FROM ticks WHERE group_id = :group AND guild_id = :guild "
        " AND user_id = :user AND day = :day)"
    )

    async def tick_target(
        self, guild_id: int, group_id: int, user_id: int, day: int, task_id: str
    ) -> TickTarget | None:
        """The group (of this server only) behind a tick button, with the clicker's membership
        and ticks on ``day``; ``None`` if the server has no such group. One read."""
        if not 0 < group_id < 2**63:  # a forged button id; SQLite would overflow on it
            return None
        params = {
            "guild": guild_id,
            "group": group_id,
            "user": user_id,
            "day": day,
            "task": task_id,
        }
        row = next(iter(await self._conn.execute_fetchall(self._TICK_TARGET, params)), None)
        if row is None:
            return None
        # "start end,start end" (end empty while paused), in the order ``pauses`` returns
        pauses = (
            tuple(
                GroupPause(group_id, datetime.fromisoformat(start), _dt(end or None))
                for start, _, end in (p.partition(" ") for p in sorted(row[9].split(",")))
            )
            if row[9]
            else ()
        )
        return TickTarget(
            group_id=row[0],
            channel_id=row[1],
            roadmap_id=row[2],
            state=cast(GroupState, row[3]),
            start_date=date.fromisoformat(row[4]),
            post_time=time.fromisoformat(row[5]),
            timezone=row[6],
            pace=row[7],
            weekdays_only=bool(row[8]),
            pauses=pauses,
            member_active=bool(row[10]),
            task_done=bool(row[11]),
            done_today=row[12],
        )

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
        """Tick a task if the clicker is an active member of this channel's unstopped group;
        committed before returning. The member's count of ticks on ``day`` afterwards, or
        ``None`` if nothing was written (already ticked, left, or the group was stopped)."""
        return await self._tick_write(
            "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
            f"SELECT :guild, :group, :user, :day, :task, :now WHERE {self._TICK_GUARD} "
            f"ON CONFLICT DO NOTHING RETURNING {self._DAY_COUNT}",
            {
                "guild": guild_id,
                "group": group_id,
                "channel": channel_id,
                "user": user_id,
                "day": day,
                "task": task_id,
                "now": _iso(now),
            },
        )

    async def remove_tick_counted(
        self, guild_id: int, group_id: int, channel_id: int, user_id: int, day: int, task_id: str
    ) -> int | None:
        """Undo a tick under the same conditions as ``add_tick_counted``; the count after, or
        ``None`` if nothing was deleted."""
        return await self._tick_write(
            "DELETE FROM ticks WHERE group_id = :group AND user_id = :user AND day = :day "
            f"AND task_id = :task AND guild_id = :guild AND {self._TICK_GUARD} "
            f"RETURNING {self._DAY_COUNT}",
            {
                "guild": guild_id,
                "group": group_id,
                "channel": channel_id,
                "user": user_id,
                "day": day,
                "task": task_id,
            },
        )

    async def _tick_write(self, sql: str, params: dict[str, Any]) -> int | None:
        """One autocommit write with ``RETURNING``, in one trip: ``execute_fetchall`` steps the
        statement to its end, so it is committed when this returns.

        It takes ``_write_lock`` only when someone holds it. The lock exists so that no write
        lands inside another coroutine's ``BEGIN IMMEDIATE`` ... ``COMMIT``; aiosqlite runs
        calls one at a time in the order they were queued, and ``execute_fetchall`` queues its
        call before it first yields to the loop. So a statement queued while the lock is free
        runs before the ``BEGIN`` of any transaction that takes the lock afterwards, and
        concurrent clicks no longer wait for each other's round trip through the event loop
        (that queue capped ticks at a few hundred per second under load; bench row 1).
        """
        with _writes_refused_cleanly():
            if self._write_lock.locked():
                async with self._write_lock:
                    rows = list(await self._conn.execute_fetchall(sql, params))
            else:
                rows = list(await self._conn.execute_fetchall(sql, params))
        return int(rows[0][0]) if rows else None

    async def ticks(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Tick]:
        sql = (
            "SELECT guild_id, group_id, user_id, day, task_id, done_at FROM ticks "
            "WHERE guild_id = ? AND group_id = ?"
        )
        params: list[Any] = [guild_id, group_id]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = await self._all(sql + " ORDER BY user_id, day, task_id", params)
        return [Tick(r[0], r[1], r[2], r[3], r[4], datetime.fromisoformat(r[5])) for r in rows]

    async def tick_counts_between(
        self, guild_id: int, group_id: int, first_day: int, last_day: int
    ) -> dict[int, int]:
        """Tasks done per user on days first_day..last_day."""
        rows = await self._all(
            "SELECT user_id, COUNT(*) FROM ticks WHERE guild_id = ? AND group_id = ? "
            "AND day BETWEEN ? AND ? GROUP BY user_id",
            (guild_id, group_id, first_day, last_day),
        )
        return {r[0]: r[1] for r in rows}

    async def tick_days(self, guild_id: int, group_id: int, user_id: int) -> dict[int, int]:
        """Tasks done per day by one user."""
        rows = await self._all(
            "SELECT day, COUNT(*) FROM ticks WHERE guild_id = ? AND group_id = ? AND user_id = ? "
            "GROUP BY day",
            (guild_id, group_id, user_id),
        )
        return {r[0]: r[1] for r in rows}

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
        """Check in for a local date; a second call the same date edits it. (row, created)."""
        async with self._transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM checkins WHERE guild_id = ? AND group_id = ? AND user_id = ? "
                "AND local_date = ?",
                (guild_id, group_id, user_id, local_date.isoformat()),
            ) as cur:
                existed = await cur.fetchone() is not None
            async with conn.execute(
                "INSERT INTO checkins (guild_id, group_id, user_id, local_date, note, minutes, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (group_id, user_id, local_date) DO UPDATE SET "
                "note = COALESCE(excluded.note, note), "
                "minutes = COALESCE(excluded.minutes, minutes), updated_at = excluded.updated_at "
                f"RETURNING {_CHECKIN_COLS}",
                (
                    guild_id,
                    group_id,
                    user_id,
                    local_date.isoformat(),
                    note,
                    minutes,
                    _iso(now),
                    _iso(now),
                ),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _checkin(tuple(row)), not existed

    async def checkins(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[Checkin]:
        sql = f"SELECT {_CHECKIN_COLS} FROM checkins WHERE guild_id = ? AND group_id = ?"
        params: list[Any] = [guild_id, group_id]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = await self._all(sql + " ORDER BY user_id, local_date", params)
        return [_checkin(r) for r in rows]

    async def checkin_counts_since(
        self, guild_id: int, group_id: int, since: date
    ) -> dict[int, int]:
        """Check-ins per user on local dates from ``since`` on."""
        rows = await self._all(
            "SELECT user_id, COUNT(*) FROM checkins WHERE guild_id = ? AND group_id = ? "
            "AND local_date >= ? GROUP BY user_id",
            (guild_id, group_id, since.isoformat()),
        )
        return {r[0]: r[1] for r in rows}

    async def checkin_dates_of(
        self, guild_id: int, group_id: int, user_ids: Sequence[int]
    ) -> dict[int, set[date]]:
        """The check-in local dates of the given users (the leaderboard's rare slow path)."""
        out: dict[int, set[date]] = {u: set() for u in user_ids}
        for chunk in range(0, len(user_ids), 500):
            ids = user_ids[chunk : chunk + 500]
            marks = ", ".join("?" for _ in ids)
            rows = await self._all(
                "SELECT user_id, local_date FROM checkins WHERE guild_id = ? AND group_id = ? "
                f"AND user_id IN ({marks})",
                (guild_id, group_id, *ids),
            )
            for user_id, day in rows:
                out[user_id].add(date.fromisoformat(day))
        return out

    # -- start-up reconciliation: batch reads over every server ------------------------------
    # One block, appended (bench row 4): start-up checks every running group with these two
    # queries and ``running_groups_all_guilds`` instead of several round trips per group.

    async def pauses_all_guilds(self) -> dict[int, list[GroupPause]]:
        """Every pause of every running group, by group id, oldest first: start-up only."""
        rows = await self._all(
            "SELECT p.group_id, p.started_at, p.ended_at FROM group_pauses AS p "
            "JOIN groups AS g ON g.guild_id = p.guild_id AND g.id = p.group_id "
            "WHERE g.state IN ('active', 'paused') ORDER BY p.group_id, p.started_at"
        )
        pauses: dict[int, list[GroupPause]] = {}
        for group_id, started_at, ended_at in rows:
            pauses.setdefault(group_id, []).append(
                GroupPause(group_id, datetime.fromisoformat(started_at), _dt(ended_at))
            )
        return pauses

    async def post_spans_all_guilds(self) -> dict[int, PostSpan]:
        """The shape of every active group's post ledger, by group id: start-up only.

        A group without any post row has no entry. One row per group, however many days it
        has posted, so the caller can tell which groups have nothing left to do without
        loading their rows.
        """
        rows = await self._all(
            "SELECT p.group_id, MIN(p.day), MAX(p.day), COUNT(*), "
            "group_concat(CASE WHEN p.state = 'claimed' THEN p.day END), "
            "group_concat(CASE WHEN p.state = 'failed' THEN p.day END) "
            "FROM posts AS p WHERE p.group_id IN (SELECT id FROM groups WHERE state = 'active') "
            "GROUP BY p.group_id"  # in the posts' key order: no temporary B-tree (~2x faster)
        )
        return {
            group_id: PostSpan(
                first_day,
                last_day,
                count,
                _days(claimed),
                _days(failed),
            )
            for group_id, first_day, last_day, count, claimed, failed in rows
        }


def _days(text: str | None) -> frozenset[int]:
    return frozenset() if text is None else frozenset(int(d) for d in text.split(","))
