"""The PostgreSQL backend's migrations and ledger, its start-up errors, and the group leases
between processes (a holder is alive while its presence connection holds its lock)."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.store import DatabaseTooNewError, Store, StoreUnreachableError
from bot.store.postgres import PgOpened, migrate_postgres, open_postgres
from bot.store.postgres.migrate import load_migrations
from bot.store.sqlite.files import load_migrations as sqlite_migrations
from bot.store.target import PostgresTarget
from tests.conftest import NOW
from tests.pg import TEST_POOL_SIZE, database_url
from tests.store.samples import GUILD_A, USER, new_group


def test_the_same_migration_numbers_as_sqlite() -> None:
    assert [m.name for m in load_migrations()] == [m.name for m in sqlite_migrations()]


async def test_migrations_are_recorded_once_even_when_processes_start_together(
    pg_url: str,
) -> None:
    target = PostgresTarget(pg_url)
    runs = await asyncio.gather(*(migrate_postgres(target) for _ in range(4)))
    assert sorted(runs, key=len)[-1] == [m.version for m in load_migrations()]
    assert sum(len(r) for r in runs) == len(load_migrations())  # each applied by one of them
    con = await asyncpg.connect(pg_url)
    try:
        ledger = await con.fetch("SELECT version, name FROM studybot_migrations ORDER BY version")
    finally:
        await con.close()
    assert [(r["version"], r["name"]) for r in ledger] == [
        (m.version, m.name) for m in load_migrations()
    ]
    assert await migrate_postgres(target) == []


async def test_a_newer_database_is_refused_untouched(pg_url: str) -> None:
    target = PostgresTarget(pg_url)
    await migrate_postgres(target)
    con = await asyncpg.connect(pg_url)
    try:
        await con.execute("INSERT INTO studybot_migrations (version, name) VALUES (99, 'x')")
        with pytest.raises(DatabaseTooNewError):
            await migrate_postgres(target)
        assert (
            await con.fetchval("SELECT COUNT(*) FROM studybot_migrations")
            == len(load_migrations()) + 1
        )
    finally:
        await con.close()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://postgres:s3cret-pw@127.0.0.1:1/studybot", "is the server running"),
        ("postgresql://nobody_here:s3cret-pw@127.0.0.1:5432/postgres", "user and password"),
        ("postgresql://postgres:s3cret-pw@127.0.0.1:5432/no_such_db_here", "create the database"),
    ],
)
async def test_start_up_errors_are_one_line_without_the_password(
    pg_url: str, url: str, says: str
) -> None:
    with pytest.raises(StoreUnreachableError) as info:
        async with Store.open(url, pool_size=1):
            pass
    message = str(info.value)
    assert says in message and "\n" not in message
    assert "s3cret-pw" not in message and ":***@" in message


async def test_a_lease_is_exclusive_between_live_processes(
    opened: PgOpened, store: Store, pg_url: str
) -> None:
    group = await store.create_group(new_group(), NOW)
    async with open_postgres(PostgresTarget(pg_url), pool_size=TEST_POOL_SIZE) as other_process:
        other = Store(other_process.backend)
        async with store.group_lease(GUILD_A, group.id, NOW) as mine:
            assert mine
            async with other.group_lease(GUILD_A, group.id, NOW) as theirs:
                assert not theirs
            async with store.group_lease(GUILD_A, group.id, NOW) as again:
                assert again  # a process may take its own lease again
        async with other.group_lease(GUILD_A, group.id, NOW) as theirs:
            assert theirs  # released: free for anyone


async def test_the_lease_of_a_process_that_died_can_be_taken_over(
    opened: PgOpened, store: Store, pg_url: str, admin: asyncpg.Connection
) -> None:
    group = await store.create_group(new_group(), NOW)
    async with open_postgres(PostgresTarget(pg_url), pool_size=TEST_POOL_SIZE) as doomed:
        assert await doomed.backend.leases.take_group_lease(GUILD_A, group.id, NOW)
        async with store.group_lease(GUILD_A, group.id, NOW) as mine:
            assert not mine  # held by a live process
        await doomed.presence.close()  # the process is gone: its lock with it
        async with store.group_lease(GUILD_A, group.id, NOW) as mine:
            assert mine


async def test_a_lost_presence_connection_comes_back_with_the_same_holder(
    opened: PgOpened, store: Store, pg_url: str, admin: asyncpg.Connection
) -> None:
    group = await store.create_group(new_group(), NOW)
    holder, pid = opened.presence.holder, opened.presence.server_pid
    taken_again = asyncio.create_task(opened.presence.wait_taken_again())
    await admin.execute("SELECT pg_terminate_backend($1)", pid)
    await asyncio.wait_for(taken_again, 10)
    assert opened.presence.taken == 2
    assert opened.presence.holder == holder and opened.presence.server_pid != pid
    async with (
        open_postgres(PostgresTarget(pg_url), pool_size=TEST_POOL_SIZE) as other_process,
        store.group_lease(GUILD_A, group.id, NOW) as mine,
    ):
        assert mine
        async with Store(other_process.backend).group_lease(GUILD_A, group.id, NOW) as theirs:
            assert not theirs  # the lock is held again


async def test_member_totals_follow_concurrent_writes_on_separate_connections(
    store: Store,
) -> None:
    group = await store.create_group(new_group(), NOW)
    users = list(range(USER, USER + 6))
    for user in users:
        await store.add_member(GUILD_A, group.id, user, NOW)
    await asyncio.gather(
        *(
            store.add_tick_counted(GUILD_A, group.id, group.channel_id, u, 1, f"t{k}", NOW)
            for u in users
            for k in range(5)
        )
    )
    totals = await store.member_totals(GUILD_A, group.id)
    assert [t.ticks_done for t in totals] == [5] * len(users)


def test_database_urls_name_the_database() -> None:
    assert database_url("x_1").endswith("/x_1")
