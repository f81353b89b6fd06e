"""Copying a whole database into another backend (``studybot db copy SRC DST``), through the
store API: every row as it is (ids included), in one transaction of the destination.

Guarantees: the source is only read (never migrated, never created: a source behind the
current schema is refused and must be migrated first); a destination holding rows is refused
unless ``replace``; the destination commits only if its row counts and members' totals equal
the source's (``row_counts``), checked inside its transaction, so any failure leaves it as it
was. Not copied: the bot's own settings (``bot_meta``: the next start re-syncs commands once)
and servers' creation instants (set to the copy's time).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Protocol

from bot.store.models import ImportBatch
from bot.store.postgres import current_version
from bot.store.postgres.migrate import load_migrations as pg_migrations
from bot.store.sqlite.files import load_migrations as sqlite_migrations
from bot.store.store import Store
from bot.store.tables import TABLES
from bot.store.target import DbTarget, PostgresTarget, SqliteTarget

COPY_CHUNK_ROWS = 5000
COPY_POOL_SIZE = 2


class CopyRefusedError(Exception):
    """The copy did not start, for the reason in the message; nothing was written."""


class CopyProgress(Protocol):
    def started(self, totals: dict[str, int]) -> None:
        """Rows to copy per kind (``TABLES``)."""
        ...

    def copied(self, kind: str, rows: int) -> None:
        """``rows`` more of ``kind`` were written (not committed yet)."""
        ...


async def schema_versions(target: DbTarget) -> tuple[int, int]:
    """(the database's schema version, this studybot's latest); reads only. A SQLite file that
    does not exist is at version 0."""
    if isinstance(target, PostgresTarget):
        return await current_version(target), len(pg_migrations())
    latest = len(sqlite_migrations())
    if not target.path.exists():
        return 0, latest

    def read() -> int:
        conn = sqlite3.connect(f"file:{target.path}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()

    return await asyncio.to_thread(read), latest


async def copy_database(
    source: DbTarget,
    dest: DbTarget,
    now: datetime,
    *,
    replace: bool = False,
    progress: CopyProgress | None = None,
    chunk: int = COPY_CHUNK_ROWS,
) -> dict[str, int]:
    """Copy every row of ``source`` into ``dest`` (module docstring); the counts copied.
    ``CopyRefusedError`` before anything is written; ``RowsRejectedError`` (destination
    unchanged) if the rows do not fit or the counts differ at the end."""
    if str(source) == str(dest) and type(source) is type(dest):
        raise CopyRefusedError("the source and the destination are the same database")
    version, latest = await schema_versions(source)
    if isinstance(source, SqliteTarget) and not source.path.exists():
        raise CopyRefusedError(f"no database at {source}")
    if version != latest:
        raise CopyRefusedError(
            f"the source {source} is at schema version {version}, this studybot at {latest}: "
            "run `studybot db migrate` on it first (with STUDYBOT_DB set to it)"
            if version < latest
            else f"the source {source} was written by a newer studybot (version {version})"
        )
    async with (
        Store.open(source, pool_size=COPY_POOL_SIZE) as src,
        Store.open(dest, pool_size=COPY_POOL_SIZE) as dst,
    ):
        present = await dst.row_counts()
        held = sum(present[kind] for kind in TABLES)
        if held and not replace:
            raise CopyRefusedError(
                f"the destination {dest} already holds {held} rows; pass --replace to replace "
                "them (in the same transaction as the copy)"
            )
        totals = await src.row_counts()
        if progress is not None:
            progress.started({kind: totals[kind] for kind in TABLES})

        async def reported() -> AsyncIterator[ImportBatch]:
            async for batch in src.export_rows(chunk):
                if progress is not None:
                    for kind in TABLES:
                        if rows := len(getattr(batch, kind)):
                            progress.copied(kind, rows)
                yield batch

        await dst.import_all(reported(), now, replace=replace, expect=totals)
    return totals
