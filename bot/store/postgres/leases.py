"""Which process posts for a group right now (``group_leases``), and the presence that says a
process still runs.

A process is a *holder*: a random positive 31-bit id, held as the session advisory lock
``(21332, holder)`` on one connection of its own for as long as the process lives. PostgreSQL
releases that lock the moment the process dies (SIGKILL included: the kernel closes its socket),
so ``studybot_holder_alive`` (migration 0001) tells a lease of a running process from one left
behind. Taking a lease is one statement: insert, or take over a row whose holder is this
process or gone.

If the presence connection itself is lost the lock is gone too, and this process's leases look
abandoned until it is back: ``Presence`` reconnects at once with the same id. In that window
another process may resume a group this one is sending; the ledger's claim, the history search
and the post's nonce are then what keep the post single.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import datetime

import asyncpg

from bot.store.postgres.codec import aware
from bot.store.postgres.connection import LOST_CONNECTION, Conn, PgDb, connect

log = logging.getLogger(__name__)

PRESENCE_LOCK = 21332


class Presence:
    """This process's holder id, held on a connection of its own; re-taken if it drops."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self.holder = 0
        self._con: asyncpg.Connection | None = None
        self._closing = False
        self._reconnect: asyncio.Task[None] | None = None
        self.taken = 0
        """How many times the lock was taken (1 at start, +1 after each reconnect)."""
        self._taken_again = asyncio.Event()

    async def start(self) -> None:
        self._con = await connect(self._dsn)
        while True:
            holder = 1 + secrets.randbelow(2**31 - 2)
            if await self._con.fetchval(
                "SELECT pg_try_advisory_lock($1, $2)", PRESENCE_LOCK, holder
            ):
                self.holder = holder
                break
        self.taken = 1
        self._con.add_termination_listener(self._lost)

    def _lost(self, _: Conn) -> None:
        if not self._closing and self._reconnect is None:
            log.warning("database presence connection lost; reconnecting")
            self._reconnect = asyncio.get_running_loop().create_task(self._take_again())

    async def _take_again(self) -> None:
        delay = 0.05
        while not self._closing:
            try:
                con = await connect(self._dsn)
                await con.execute("SELECT pg_advisory_lock($1, $2)", PRESENCE_LOCK, self.holder)
            except LOST_CONNECTION as exc:
                log.warning("database presence: still unreachable (%s)", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            self._con = con
            con.add_termination_listener(self._lost)
            self.taken += 1
            self._taken_again.set()
            self._taken_again = asyncio.Event()
            log.info("database presence restored")
            break
        self._reconnect = None

    async def wait_taken_again(self) -> None:
        """Until the lock is taken again after a loss (tests wait on this)."""
        await self._taken_again.wait()

    @property
    def server_pid(self) -> int | None:
        """The presence connection's backend (tests end it to play a lost connection)."""
        return None if self._con is None or self._con.is_closed() else self._con.get_server_pid()

    async def close(self) -> None:
        self._closing = True
        if self._reconnect is not None:
            self._reconnect.cancel()
        if self._con is not None and not self._con.is_closed():
            await self._con.close()


class PgLeases:
    def __init__(self, db: PgDb, presence: Presence) -> None:
        self._db = db
        self._presence = presence

    async def take_group_lease(self, guild_id: int, group_id: int, now: datetime) -> bool:
        # idempotent: taken again by its holder, a lease answers the same
        row = await self._db.write_idempotent_returning(
            "INSERT INTO group_leases (group_id, holder, taken_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (group_id) DO UPDATE SET holder = EXCLUDED.holder, "
            "taken_at = EXCLUDED.taken_at WHERE group_leases.holder = EXCLUDED.holder "
            "OR NOT studybot_holder_alive(group_leases.holder) RETURNING holder",
            group_id,
            self._presence.holder,
            aware(now),
        )
        return row is not None

    async def release_group_lease(self, guild_id: int, group_id: int) -> None:
        await self._db.write_idempotent(
            "DELETE FROM group_leases WHERE group_id = $1 AND holder = $2",
            group_id,
            self._presence.holder,
        )
