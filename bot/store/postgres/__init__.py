"""The PostgreSQL backend: an asyncpg pool, numbered migrations in ``migrations/`` recorded in
``studybot_migrations``, and a presence connection that makes the group leases work across
processes (``leases.py``)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from bot.store.errors import StoreUnreachableError
from bot.store.interface import Backend
from bot.store.postgres.announcements import PgAnnouncements
from bot.store.postgres.boards import PgBoards
from bot.store.postgres.checkins import PgCheckins
from bot.store.postgres.connection import APPLICATION_NAME, CONNECT_TIMEOUT_S, PgDb, connect
from bot.store.postgres.digests import PgDigests
from bot.store.postgres.exports import PgExports
from bot.store.postgres.groups import PgGroups
from bot.store.postgres.guilds import PgGuilds
from bot.store.postgres.imports import PgImports
from bot.store.postgres.leases import PgLeases, Presence
from bot.store.postgres.live import PgLive
from bot.store.postgres.members import PgMembers
from bot.store.postgres.migrate import migrate, schema_version
from bot.store.postgres.milestones import PgMilestones
from bot.store.postgres.posts import PgPosts
from bot.store.postgres.reminders import PgReminders
from bot.store.postgres.settings import PgSettings
from bot.store.postgres.startup import PgStartup
from bot.store.postgres.threads import PgDayThreads
from bot.store.postgres.ticks import PgTicks
from bot.store.target import PostgresTarget

__all__ = ["PgDb", "PgOpened", "backend_over", "migrate_postgres", "open_postgres"]

log = logging.getLogger(__name__)

DEFAULT_POOL_SIZE = 10
_REFUSALS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    ValueError,  # a malformed URL
)


@dataclass(frozen=True, slots=True)
class PgOpened:
    """An opened PostgreSQL database: its pool and this process's presence."""

    db: PgDb
    presence: Presence
    backend: Backend


def backend_over(db: PgDb, presence: Presence) -> Backend:
    return Backend(
        guilds=PgGuilds(db),
        groups=PgGroups(db),
        members=PgMembers(db),
        posts=PgPosts(db),
        ticks=PgTicks(db),
        checkins=PgCheckins(db),
        startup=PgStartup(db),
        imports=PgImports(db),
        exports=PgExports(db),
        leases=PgLeases(db, presence),
        reminders=PgReminders(db),
        settings=PgSettings(db),
        milestones=PgMilestones(db),
        announcements=PgAnnouncements(db),
        live=PgLive(db),
        threads=PgDayThreads(db),
        boards=PgBoards(db),
        digests=PgDigests(db),
    )


def _unreachable(target: PostgresTarget, exc: BaseException) -> StoreUnreachableError:
    if isinstance(
        exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
    ):
        hint = "check the user and password in STUDYBOT_DB"
    elif isinstance(exc, asyncpg.InvalidCatalogNameError):
        hint = "create the database first (createdb) or fix its name in STUDYBOT_DB"
    elif isinstance(exc, OSError | TimeoutError):
        hint = "is the server running and reachable at that host and port?"
    else:
        hint = "check STUDYBOT_DB"
    said = target.scrub(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return StoreUnreachableError(f"cannot open the database {target}: {said} ({hint})")


async def _connect(target: PostgresTarget) -> asyncpg.Connection:
    try:
        return await connect(target.dsn)
    except _REFUSALS as exc:
        raise _unreachable(target, exc) from None


async def migrate_postgres(target: PostgresTarget) -> list[int]:
    """Apply pending migrations; the versions run."""
    con = await _connect(target)
    try:
        return await migrate(con)
    finally:
        await con.close()


async def current_version(target: PostgresTarget) -> int:
    con = await _connect(target)
    try:
        return await schema_version(con)
    finally:
        await con.close()


async def _keep_session(con: asyncpg.Connection) -> None:
    """What a connection given back to the pool needs beyond asyncpg's own rollback of an open
    transaction: nothing. The store keeps no session state on pool connections (no ``SET``,
    ``LISTEN``, advisory lock or cursor outside a transaction: the leases' lock has its own
    connection), so asyncpg's default reset query would undo nothing, at the cost of one more
    round trip per statement."""


@asynccontextmanager
async def open_postgres(
    target: PostgresTarget, *, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncIterator[PgOpened]:
    """Migrate, open a pool of at most ``pool_size`` connections and the presence connection;
    closed on exit. ``StoreUnreachableError`` if the server cannot be reached or refuses."""
    await migrate_postgres(target)
    try:
        pool = await asyncpg.create_pool(
            target.dsn,
            min_size=1,
            max_size=max(1, pool_size),
            timeout=CONNECT_TIMEOUT_S,
            server_settings={"application_name": APPLICATION_NAME},
            reset=_keep_session,
        )
    except _REFUSALS as exc:
        raise _unreachable(target, exc) from None
    presence = Presence(target.dsn)
    try:
        try:
            await presence.start()
        except _REFUSALS as exc:
            raise _unreachable(target, exc) from None
        db = PgDb(pool)
        log.info("database: %s (pool of up to %d connections)", target, pool_size)
        yield PgOpened(db, presence, backend_over(db, presence))
    finally:
        await presence.close()
        await pool.close()
