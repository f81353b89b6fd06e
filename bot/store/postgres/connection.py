"""The pool every PostgreSQL query object shares: reads, writes, transactions, and what a lost
connection does to each.

A lost connection (the server restarted, a proxy dropped it, ``pg_terminate_backend``) is
retried on a fresh connection for up to ``RECONNECT_BUDGET_S``; after that the caller gets
``StorageUnavailableError``. What is retried:

- A read (``one``, ``all``) is run again: it changes nothing.
- A write always runs in a transaction (``run``) that learns its transaction id before
  ``COMMIT``. If the connection is lost before the result of ``COMMIT`` is known, the server
  is asked, on a new connection, what became of that transaction (``txid_status``) after
  ending the old backend (so the answer is final): ``committed`` returns the result the
  statements produced, ``aborted`` runs the work again. A write is therefore applied exactly
  once whether or not it is idempotent (a tick's "done N of M" count, a claim that returns
  its row), and no write is retried blindly. A transaction that wrote nothing has no id and is
  simply run again.
- A write that is idempotent by itself (``write_idempotent``: a second application changes
  nothing and answers the same, such as taking a lease the process already holds, a delete,
  setting fixed values) is one statement on its own, which PostgreSQL commits as it ends: one
  round trip instead of four (``BEGIN``, the statement, the transaction id, ``COMMIT``). A lost
  connection runs it again.

Rows are ``asyncpg.Record``: query objects read columns by name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any, TypeVar

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.store.errors import StorageUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")
Conn = asyncpg.Connection | PoolConnectionProxy
"""A connection, on its own or borrowed from the pool."""
Work = Callable[[Conn], Awaitable[T]]

CONNECT_TIMEOUT_S = 10.0
APPLICATION_NAME = "studybot"

RECONNECT_BUDGET_S = 30.0
"""How long a statement keeps trying to reach the server again after losing its connection."""
_BACKOFF_S = (0.05, 0.2, 0.5, 1.0, 2.0)

LOST_CONNECTION: tuple[type[Exception], ...] = (
    asyncpg.PostgresConnectionError,  # class 08, and ConnectionDoesNotExistError
    asyncpg.InterfaceError,  # "connection is closed"
    asyncpg.InternalClientError,  # the protocol met the server's goodbye mid-operation
    asyncpg.exceptions.AdminShutdownError,  # 57P01: pg_terminate_backend, a fast shutdown
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,  # 57P03: the server is starting up
    OSError,  # refused, reset, unreachable
    TimeoutError,
)
_REFUSED_WRITES: tuple[type[Exception], ...] = (
    asyncpg.exceptions.DiskFullError,
    asyncpg.exceptions.ReadOnlySQLTransactionError,
    asyncpg.exceptions.InsufficientPrivilegeError,
    asyncpg.exceptions.OutOfMemoryError,
)


async def connect(dsn: str) -> asyncpg.Connection:
    """A connection of its own (migrations, the presence), named like the pool's."""
    con: asyncpg.Connection = await asyncpg.connect(
        dsn, timeout=CONNECT_TIMEOUT_S, server_settings={"application_name": APPLICATION_NAME}
    )
    return con


class CommitUnknownError(Exception):
    """Internal: the connection was lost while ``COMMIT`` was under way."""


_ABANDONED: tuple[type[Exception], ...] = (*LOST_CONNECTION, CommitUnknownError)
"""Errors after which a borrowed connection is not used again."""


class PgDb:
    """Small helpers over an ``asyncpg`` pool. ``fault`` is a test hook (see ``run``)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.fault: Callable[[str, Conn], Awaitable[None]] | None = None
        """Called at ``"statements"`` (work done, before COMMIT), ``"commit"`` (COMMIT
        answered) and ``"statement"`` (an idempotent write answered): the lost-connection tests
        end the backend there."""

    async def _hook(self, point: str, con: Conn) -> None:
        if self.fault is not None:
            await self.fault(point, con)

    async def one(self, sql: str, *args: Any) -> asyncpg.Record | None:
        """The first row of a query that selects at most one row (by key)."""
        row: asyncpg.Record | None = await self._read(lambda con: con.fetchrow(sql, *args))
        return row

    async def all(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        rows: list[asyncpg.Record] = await self._read(lambda con: con.fetch(sql, *args))
        return rows

    async def _read(self, work: Work[T], what: str = "read") -> T:
        waited = _Backoff(self.pool)
        while True:
            try:
                async with self._borrowed() as con:
                    return await work(con)
            except LOST_CONNECTION as exc:
                await waited.next(exc, what)

    async def write(self, sql: str, *args: Any) -> int:
        """One write statement in its own transaction; the number of rows it changed."""

        async def work(con: Conn) -> int:
            status: str = await con.execute(sql, *args)
            return int(status.rsplit(" ", 1)[-1]) if status[-1:].isdigit() else 0

        return await self.run(work)

    async def write_returning(self, sql: str, *args: Any) -> asyncpg.Record | None:
        """One write statement with ``RETURNING`` in its own transaction; the first row."""

        async def work(con: Conn) -> asyncpg.Record | None:
            row: asyncpg.Record | None = await con.fetchrow(sql, *args)
            return row

        return await self.run(work)

    async def write_idempotent(self, sql: str, *args: Any) -> int:
        """One idempotent write statement on its own (module docstring); the number of rows it
        changed. Run again after a lost connection, so only for a statement whose second run
        changes nothing and answers the same (the caller's promise)."""

        async def work(con: Conn) -> int:
            status: str = await con.execute(sql, *args)
            await self._hook("statement", con)
            return int(status.rsplit(" ", 1)[-1]) if status[-1:].isdigit() else 0

        return await self._idempotent(work)

    async def write_idempotent_returning(self, sql: str, *args: Any) -> asyncpg.Record | None:
        """``write_idempotent`` for a statement with ``RETURNING``: its first row."""

        async def work(con: Conn) -> asyncpg.Record | None:
            row: asyncpg.Record | None = await con.fetchrow(sql, *args)
            await self._hook("statement", con)
            return row

        return await self._idempotent(work)

    async def _idempotent(self, work: Work[T]) -> T:
        try:
            return await self._read(work, "idempotent write")
        except _REFUSED_WRITES as exc:
            log.error("database write refused: %s", exc)
            raise StorageUnavailableError(exc) from exc

    async def run(self, work: Work[T]) -> T:
        """Run ``work`` in one transaction and commit it, exactly once (module docstring);
        rolled back on any error it raises. ``work`` may run again after a lost connection,
        so it must not keep state of its own between runs."""
        result: T = await self._exactly_once(work, xid_given=False)
        return result

    async def run_with_xid(self, work: Work[tuple[T, int | None]]) -> T:
        """``run`` for work whose last statement also returns ``txid_current_if_assigned()``:
        one round trip fewer (the tick button's write)."""
        result: T = await self._exactly_once(work, xid_given=True)
        return result

    async def _exactly_once(self, work: Work[Any], *, xid_given: bool) -> Any:
        waited = _Backoff(self.pool)
        while True:
            try:
                return await self._run_once(work, xid_given)
            except CommitUnknownError as unknown:
                xid, pid, result, cause = unknown.args
                if await self._committed(xid, pid, waited):
                    log.warning("connection lost during COMMIT; the transaction had committed")
                    return result
                await waited.next(cause, "write")
            except LOST_CONNECTION as exc:
                await waited.next(exc, "write")
            except _REFUSED_WRITES as exc:
                log.error("database write refused: %s", exc)
                raise StorageUnavailableError(exc) from exc

    @asynccontextmanager
    async def _borrowed(self) -> AsyncIterator[Conn]:
        """A pool connection. Giving back one that died must not replace the error the block
        raised (asyncpg's release re-raises a failed reset): the pool replaces it anyway."""
        con = await self.pool.acquire()
        try:
            yield con
        except _ABANDONED:
            with suppress(asyncpg.InterfaceError):  # the pool may have taken it back already
                con.terminate()  # whatever state it is in, it is not used again
            raise
        finally:
            try:
                await self.pool.release(con)
            except Exception as exc:  # its reset failed: the pool drops it
                log.debug("a lost connection went back to the pool: %s", exc)

    async def _run_once(self, work: Work[Any], xid_given: bool) -> Any:
        async with self._borrowed() as con:
            tx = con.transaction()
            await tx.start()
            try:
                result = await work(con)
                if xid_given:
                    result, xid = result
                else:
                    xid = await con.fetchval("SELECT txid_current_if_assigned()")
                await self._hook("statements", con)
            except BaseException:
                if not con.is_closed():
                    await tx.rollback()
                raise
            pid = con.get_server_pid()
            try:
                await tx.commit()
                await self._hook("commit", con)
            except LOST_CONNECTION as exc:
                if xid is None:
                    raise  # it wrote nothing: running it again is harmless
                raise CommitUnknownError(xid, pid, result, exc) from exc
            return result

    async def _committed(self, xid: int, pid: int, waited: _Backoff) -> bool:
        """Whether transaction ``xid`` of backend ``pid`` committed, asked on a new connection
        once that backend is gone (a transaction cannot change state after it)."""
        while True:
            try:
                async with self._borrowed() as con:
                    await con.execute(
                        "SELECT pg_terminate_backend($1) WHERE $1 <> pg_backend_pid()", pid
                    )
                    for _ in range(200):
                        status = await con.fetchval("SELECT txid_status($1)", xid)
                        if status != "in progress":
                            return bool(status == "committed")
                        await asyncio.sleep(0.01)
                    raise TimeoutError(f"transaction {xid} is still in progress")
            except LOST_CONNECTION as exc:
                await waited.next(exc, "commit check")


class _Backoff:
    """Waits between attempts; raises ``StorageUnavailableError`` once the budget is spent or
    when the pool is closing (the store is being shut: nothing to wait for)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._attempt = 0
        self._spent = 0.0

    async def next(self, exc: Exception, what: str) -> None:
        if self._pool.is_closing():
            raise StorageUnavailableError(exc) from exc
        delay = _BACKOFF_S[min(self._attempt, len(_BACKOFF_S) - 1)]
        if self._spent + delay > RECONNECT_BUDGET_S:
            log.error("database unreachable for %.0f s (%s): %s", self._spent, what, exc)
            raise StorageUnavailableError(exc) from exc
        if self._attempt == 0:
            log.warning("database connection lost (%s: %s); retrying", what, exc)
        self._attempt += 1
        self._spent += delay
        await asyncio.sleep(delay)


def placeholders(start: int, count: int) -> str:
    """``$start, $start+1, ...``: ``count`` numbered parameters."""
    return ", ".join(f"${n}" for n in range(start, start + count))
