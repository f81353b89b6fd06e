"""Rows written as they are, many at a time, in one transaction (``import_rows``,
``import_all``): one statement per kind and batch, over arrays (``unnest``)."""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable, Mapping
from datetime import datetime
from typing import Any

import asyncpg

from bot.store.errors import RowsRejectedError
from bot.store.interface import check_counts, one_batch
from bot.store.models import ImportBatch
from bot.store.postgres.codec import aware, aware_or_none, clock
from bot.store.postgres.connection import Conn, PgDb
from bot.store.postgres.exports import COUNTS
from bot.store.postgres.import_statements import STATEMENTS

_WIPE = (
    "TRUNCATE guilds, groups, group_pauses, members, posts, ticks, checkins, group_leases, "
    "digests CASCADE"
)
_NEXT_GROUP_ID = (
    "SELECT setval(pg_get_serial_sequence('groups', 'id'), COALESCE(MAX(id), 0) + 1, false) "
    "FROM groups"
)
_REJECTED = (
    asyncpg.IntegrityConstraintViolationError,  # unique, foreign key, not null, check
    asyncpg.DataError,
)


def _columns(rows: Iterable[tuple[Any, ...]], width: int) -> list[list[Any]]:
    cols: list[list[Any]] = [[] for _ in range(width)]
    for row in rows:
        for col, value in zip(cols, row, strict=True):
            col.append(value)
    return cols


def _rows(batch: ImportBatch, now: datetime) -> Iterable[tuple[str, list[tuple[Any, ...]]]]:
    """(kind, rows) in an order that satisfies every reference."""
    listed = {g.id for g in batch.guilds}
    yield "guilds", [(g.id, g.locale, aware(now)) for g in batch.guilds]
    yield "named guilds", [(i,) for i in sorted({g.guild_id for g in batch.groups} - listed)]
    yield (
        "groups",
        [
            (
                g.id,
                g.guild_id,
                g.channel_id,
                g.roadmap_id,
                g.start_date,
                clock(g.post_time),
                g.timezone,
                g.pace,
                g.weekdays_only,
                g.catch_up,
                g.state,
                g.created_by,
                aware(g.created_at),
                aware_or_none(g.ended_at),
                g.problem,
                g.language,
            )
            for g in batch.groups
        ],
    )
    yield (
        "pauses",
        [(aware(p.started_at), aware_or_none(p.ended_at), p.group_id) for p in batch.pauses],
    )
    yield (
        "members",
        [
            (
                m.guild_id,
                m.group_id,
                m.user_id,
                aware(m.joined_at),
                aware_or_none(m.left_at),
                m.timezone,
            )
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
                p.late,
                aware(p.claimed_at),
                aware_or_none(p.sent_at),
                p.error,
                aware_or_none(p.search_from),
                aware_or_none(p.attempt_at),
            )
            for p in batch.posts
        ],
    )
    yield (
        "ticks",
        [
            (t.guild_id, t.group_id, t.user_id, t.day, t.task_id, aware(t.done_at))
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
                c.local_date,
                c.note,
                c.minutes,
                aware(c.created_at),
                aware(c.updated_at),
            )
            for c in batch.checkins
        ],
    )
    yield (
        "streaks",
        [
            (s.count, s.through, s.guild_id, s.group_id, s.user_id, s.freezes_used, s.rule)
            for s in batch.streaks
        ],
    )
    yield "settings", [(s.guild_id, s.group_id, s.key, s.value) for s in batch.settings]
    yield (
        "breaks",
        [
            (b.guild_id, b.group_id, b.user_id, b.start, b.end, aware(b.created_at))
            for b in batch.breaks
        ],
    )
    yield (
        "milestone_roles",
        [
            (r.guild_id, r.group_id, r.milestone, r.role_id, r.set_by, aware(r.set_at))
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
                aware(g.claimed_at),
                aware_or_none(g.granted_at),
                aware_or_none(g.search_from),
                aware_or_none(g.attempt_at),
                g.message_id,
                aware_or_none(g.announced_at),
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
                p.enabled,
                None if p.remind_at is None else clock(p.remind_at),
                p.locale,
                p.dm_channel_id,
                p.dms_closed,
                aware(now),
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
                r.local_date,
                r.state,
                r.nonce,
                r.streak,
                r.channel_id,
                r.message_id,
                aware(r.claimed_at),
                aware_or_none(r.sent_at),
                aware_or_none(r.search_from),
                aware_or_none(r.attempt_at),
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
                c.local_date,
                c.state,
                c.nonce,
                " ".join(map(str, c.user_ids)),
                c.message_id,
                aware(c.claimed_at),
                aware_or_none(c.sent_at),
                aware_or_none(c.search_from),
                aware_or_none(c.attempt_at),
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
                aware_or_none(e.dirty_at),
                aware_or_none(e.edited_at),
                e.shown,
                e.stopped,
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
                aware(t.created_at),
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
                d.week_start,
                d.state,
                d.nonce,
                d.message_id,
                d.late,
                aware(d.claimed_at),
                aware_or_none(d.sent_at),
                d.error,
                aware_or_none(d.search_from),
                aware_or_none(d.attempt_at),
            )
            for d in batch.digests
        ],
    )


async def _write(con: Conn, batch: ImportBatch, now: datetime) -> None:
    for kind, rows in _rows(batch, now):
        if not rows:
            continue
        if kind == "named guilds":
            await con.execute(STATEMENTS[kind], [r[0] for r in rows], aware(now))
            continue
        status: str = await con.execute(STATEMENTS[kind], *_columns(rows, len(rows[0])))
        if kind == "streaks" and int(status.rsplit(" ", 1)[-1]) != len(rows):
            raise RowsRejectedError("import refused, nothing written: streaks of unknown members")


class PgImports:
    def __init__(self, db: PgDb) -> None:
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
        """Not retried after a lost connection (``batches`` can be read once): the server
        rolls the transaction back and the error reaches the caller."""
        try:
            async with self._db.pool.acquire() as con, con.transaction():
                if replace:
                    await con.execute(_WIPE)
                async for batch in batches:
                    await _write(con, batch, now)
                await con.execute(_NEXT_GROUP_ID)
                if expect is not None:
                    row = await con.fetchrow(COUNTS)
                    assert row is not None
                    check_counts(expect, {k: int(v) for k, v in row.items()})
        except _REJECTED as exc:
            raise RowsRejectedError(f"import refused, nothing written: {exc}") from exc
