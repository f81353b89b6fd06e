"""Rows written as they are, many at a time, in one transaction (``import_rows``,
``import_all``)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.errors import RowsRejectedError
from bot.store.interface import check_counts, one_batch
from bot.store.models import ImportBatch
from bot.store.sqlite.codec import clock, iso
from bot.store.sqlite.connection import SqliteDb
from bot.store.sqlite.exports import COUNTS
from bot.store.sqlite.import_statements import STATEMENTS

_WIPE_ORDER = (
    "message_edits",
    "milestone_grants",
    "milestone_roles",
    "rollcalls",
    "reminders",
    "reminder_prefs",
    "day_threads",
    "member_breaks",
    "group_settings",
    "digests",
    "checkins",
    "ticks",
    "posts",
    "members",
    "group_pauses",
    "groups",
    "guilds",
)


def _opt(value: datetime | None) -> str | None:
    return None if value is None else iso(value)


def _rows(batch: ImportBatch, now: datetime) -> Iterable[tuple[str, Sequence[tuple[Any, ...]]]]:
    """(statement, parameter rows) in an order that satisfies every reference."""
    listed = {g.id for g in batch.guilds}
    yield "guilds", [(g.id, g.locale, iso(now)) for g in batch.guilds]
    named = sorted({g.guild_id for g in batch.groups} - listed)
    yield "named guilds", [(guild_id, iso(now)) for guild_id in named]
    yield (
        "groups",
        [
            (
                g.id,
                g.guild_id,
                g.channel_id,
                g.roadmap_id,
                g.start_date.isoformat(),
                clock(g.post_time),
                g.timezone,
                g.pace,
                int(g.weekdays_only),
                int(g.catch_up),
                g.state,
                g.created_by,
                iso(g.created_at),
                _opt(g.ended_at),
                g.problem,
                g.language,
            )
            for g in batch.groups
        ],
    )
    yield "pauses", [(iso(p.started_at), _opt(p.ended_at), p.group_id) for p in batch.pauses]
    yield (
        "members",
        [
            (m.guild_id, m.group_id, m.user_id, iso(m.joined_at), _opt(m.left_at), m.timezone)
            for m in batch.members
        ],
    )
    yield (
        "posts",
        [
            (
                p.guild_id,
                p.group_id,
                p.day,
                p.state,
                p.nonce,
                p.message_id,
                int(p.late),
                iso(p.claimed_at),
                _opt(p.sent_at),
                p.error,
                _opt(p.search_from),
                _opt(p.attempt_at),
            )
            for p in batch.posts
        ],
    )
    yield (
        "ticks",
        [
            (t.guild_id, t.group_id, t.user_id, t.day, t.task_id, iso(t.done_at))
            for t in batch.ticks
        ],
    )
    yield (
        "checkins",
        [
            (
                c.guild_id,
                c.group_id,
                c.user_id,
                c.local_date.isoformat(),
                c.note,
                c.minutes,
                iso(c.created_at),
                iso(c.updated_at),
            )
            for c in batch.checkins
        ],
    )
    yield (
        "streaks",
        [
            (
                s.count,
                s.through.isoformat(),
                s.freezes_used,
                s.rule,
                s.guild_id,
                s.group_id,
                s.user_id,
            )
            for s in batch.streaks
        ],
    )
    yield "settings", [(s.guild_id, s.group_id, s.key, s.value) for s in batch.settings]
    yield (
        "breaks",
        [
            (
                b.guild_id,
                b.group_id,
                b.user_id,
                b.start.isoformat(),
                b.end.isoformat(),
                iso(b.created_at),
            )
            for b in batch.breaks
        ],
    )
    yield (
        "milestone_roles",
        [
            (r.guild_id, r.group_id, r.milestone, r.role_id, r.set_by, iso(r.set_at))
            for r in batch.milestone_roles
        ],
    )
    yield (
        "milestone_grants",
        [
            (
                g.guild_id,
                g.group_id,
                g.user_id,
                g.milestone,
                g.role_id,
                g.detail,
                g.state,
                g.nonce,
                iso(g.claimed_at),
                _opt(g.granted_at),
                _opt(g.search_from),
                _opt(g.attempt_at),
                g.message_id,
                _opt(g.announced_at),
                g.error,
            )
            for g in batch.milestone_grants
        ],
    )
    yield (
        "reminder_prefs",
        [
            (
                p.guild_id,
                p.group_id,
                p.user_id,
                int(p.enabled),
                None if p.remind_at is None else clock(p.remind_at),
                p.locale,
                p.dm_channel_id,
                int(p.dms_closed),
                iso(now),
            )
            for p in batch.reminder_prefs
        ],
    )
    yield (
        "reminders",
        [
            (
                r.guild_id,
                r.group_id,
                r.user_id,
                r.local_date.isoformat(),
                r.state,
                r.nonce,
                r.streak,
                r.channel_id,
                r.message_id,
                iso(r.claimed_at),
                _opt(r.sent_at),
                _opt(r.search_from),
                _opt(r.attempt_at),
                r.error,
            )
            for r in batch.reminders
        ],
    )
    yield (
        "rollcalls",
        [
            (
                c.guild_id,
                c.group_id,
                c.local_date.isoformat(),
                c.state,
                c.nonce,
                " ".join(map(str, c.user_ids)),
                c.message_id,
                iso(c.claimed_at),
                _opt(c.sent_at),
                _opt(c.search_from),
                _opt(c.attempt_at),
                c.error,
            )
            for c in batch.rollcalls
        ],
    )
    yield (
        "edits",
        [
            (
                e.guild_id,
                e.group_id,
                e.kind,
                e.item,
                _opt(e.dirty_at),
                _opt(e.edited_at),
                e.shown,
                int(e.stopped),
            )
            for e in batch.edits
        ],
    )
    yield (
        "threads",
        [
            (
                t.guild_id,
                t.group_id,
                t.day,
                t.message_id,
                t.thread_id,
                t.problem,
                iso(t.created_at),
            )
            for t in batch.threads
        ],
    )
    yield (
        "digests",
        [
            (
                d.guild_id,
                d.group_id,
                d.week_start.isoformat(),
                d.state,
                d.nonce,
                d.message_id,
                int(d.late),
                iso(d.claimed_at),
                _opt(d.sent_at),
                d.error,
                _opt(d.search_from),
                _opt(d.attempt_at),
            )
            for d in batch.digests
        ],
    )


class SqliteImports:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def import_rows(self, batch: ImportBatch, now: datetime) -> None:
        await self.import_all(one_batch(batch), now)

    async def import_all(
        self,
        batches: AsyncIterable[ImportBatch],
        now: datetime,
        *,
        replace: bool = False,
        expect: Mapping[str, int] | None = None,
    ) -> None:
        try:
            async with self._db.transaction() as conn:
                if replace:
                    for table in _WIPE_ORDER:
                        await conn.execute(f"DELETE FROM {table}")
                async for batch in batches:
                    for kind, rows in _rows(batch, now):
                        await _write_all(conn, kind, rows)
                if expect is not None:
                    async with conn.execute(COUNTS) as cur:
                        row = await cur.fetchone()
                    assert row is not None
                    check_counts(expect, {k: int(row[k]) for k in row.keys()})  # noqa: SIM118
        except sqlite3.IntegrityError as exc:
            raise RowsRejectedError(f"import refused, nothing written: {exc}") from exc


async def _write_all(
    conn: aiosqlite.Connection, kind: str, rows: Sequence[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    async with conn.executemany(STATEMENTS[kind], rows) as cur:
        written = cur.rowcount
    if kind in ("pauses", "streaks") and written != len(rows):
        # these find their row by key: a key that names nothing writes nothing
        raise RowsRejectedError(f"import refused, nothing written: {kind} of unknown rows")
