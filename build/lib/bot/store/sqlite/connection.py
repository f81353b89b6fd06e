"""The one aiosqlite connection every SQLite query object shares: reads, writes, transactions
and the write lock.

The connection runs in autocommit mode; every write takes ``write_lock`` so that a
multi-statement transaction (``BEGIN IMMEDIATE``) of one coroutine never swallows another
coroutine's write. ``write_in_one_trip`` takes it only while someone holds it (see there).

Rows are ``sqlite3.Row``: query objects read columns by name.

Reads and tick writes are one trip to aiosqlite's worker thread each (``execute_fetchall``, not
execute, fetch, close): under load every trip costs a hand-over of the GIL and a wake-up of the
event loop.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.errors import StorageUnavailableError
from bot.store.sqlite.files import BUSY_TIMEOUT_S, migrate_file

log = logging.getLogger(__name__)

Params = Sequence[Any] | Mapping[str, Any]

_UNWRITABLE = ("readonly", "read-only", "disk is full", "database or disk is full", "disk i/o")


@contextmanager
def writes_refused_cleanly() -> Iterator[None]:
    """Turn SQLite's "cannot write" errors into ``StorageUnavailableError``."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if any(marker in str(exc).lower() for marker in _UNWRITABLE):
            log.error("database write refused: %s", exc)
            raise StorageUnavailableError(exc) from exc
        raise


class SqliteDb:
    """Small helpers over the connection; open with ``async with SqliteDb.open(path)``."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.write_lock = asyncio.Lock()

    @classmethod
    @asynccontextmanager
    async def open(cls, path: Path) -> AsyncIterator[SqliteDb]:
        """Migrate, then open the one connection with the pragmas the bot relies on."""
        await asyncio.to_thread(migrate_file, path)
        conn = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        try:
            conn.row_factory = sqlite3.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            yield cls(conn)
        finally:
            await conn.close()

    async def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a query that selects at most one row (by key)."""
        return next(iter(await self.conn.execute_fetchall(sql, params)), None)

    async def all(self, sql: str, params: Params = ()) -> Iterable[sqlite3.Row]:
        return await self.conn.execute_fetchall(sql, params)

    async def write(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own implicit transaction; return rows changed."""
        with writes_refused_cleanly():
            async with self.write_lock, self.conn.execute(sql, params) as cur:
                return cur.rowcount

    async def write_returning(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """One write statement with ``RETURNING``; the first returned row."""
        with writes_refused_cleanly():
            async with self.write_lock, self.conn.execute(sql, params) as cur:
                row: sqlite3.Row | None = await cur.fetchone()
        return row

    async def write_in_one_trip(self, sql: str, params: Params) -> sqlite3.Row | None:
        """One autocommit write with ``RETURNING``, in one trip: ``execute_fetchall`` steps the
        statement to its end, so it is committed when this returns. The first returned row.

        It takes ``write_lock`` only when someone holds it. The lock exists so that no write
        lands inside another coroutine's ``BEGIN IMMEDIATE`` ... ``COMMIT``; aiosqlite runs
        calls one at a time in the order they were queued, and ``execute_fetchall`` queues its
        call before it first yields to the loop. So a statement queued while the lock is free
        runs before the ``BEGIN`` of any transaction that takes the lock afterwards, and
        concurrent writes do not wait for each other's round trip through the event loop (a
        queue that caps ticks at a few hundred per second under load; bench row 1).
        """
        with writes_refused_cleanly():
            if self.write_lock.locked():
                async with self.write_lock:
                    rows = await self.conn.execute_fetchall(sql, params)
            else:
                rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` under the write lock; rolled back on any error."""
        async with self.write_lock:
            with writes_refused_cleanly():
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
                await self.conn.execute("COMMIT")
