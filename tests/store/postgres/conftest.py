"""The PostgreSQL backend's own machinery on a real server: a fresh database per test
(``pg_url``), opened with its pool and presence reachable (``opened``), and a connection of
the test's own to end backends with (``admin``). Skipped where no server answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.store import Store
from bot.store.postgres import PgOpened, open_postgres
from bot.store.target import PostgresTarget
from tests.pg import TEST_POOL_SIZE, fresh_pg_database, server_url, skip_without_server


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    skip_without_server()
    async with fresh_pg_database() as url:
        yield url


@pytest.fixture
async def opened(pg_url: str) -> AsyncIterator[PgOpened]:
    async with open_postgres(PostgresTarget(pg_url), pool_size=TEST_POOL_SIZE) as handles:
        yield handles


@pytest.fixture
def store(opened: PgOpened) -> Store:
    return Store(opened.backend)


@pytest.fixture
async def admin() -> AsyncIterator[asyncpg.Connection]:
    con = await asyncpg.connect(server_url())
    try:
        yield con
    finally:
        await con.close()
