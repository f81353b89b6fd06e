"""Throw-away PostgreSQL databases for tests and the bench.

The server is ``STUDYBOT_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``,
the development and CI machines' server with trust authentication); ``STUDYBOT_TEST_PG=off``
turns the PostgreSQL runs off. Each database gets a unique name and is dropped after use (the
server is shared with other test runs). Where no server answers, ``skip_without_server`` skips
with one line saying how to enable it.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import cache
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
HOW_TO_ENABLE = (
    "no PostgreSQL server at {server}: start one (user postgres, trust authentication) or set "
    "STUDYBOT_TEST_PG to a server URL; README.md, Development, says how"
)
TEST_POOL_SIZE = 3
"""Connections per test database: the server is shared (max_connections is often 100)."""


def server_url() -> str | None:
    value = os.environ.get("STUDYBOT_TEST_PG", DEFAULT_SERVER).strip()
    return None if value.lower() in ("", "off", "0", "no") else value


@cache
def server_answers() -> bool:
    url = server_url()
    if url is None:
        return False

    async def probe() -> bool:
        try:
            con = await asyncpg.connect(url, timeout=3)
        except (OSError, TimeoutError, asyncpg.PostgresError):
            return False
        await con.close()
        return True

    # asked from inside running event loops too: in a thread with a loop of its own
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, probe()).result()


def skip_without_server() -> None:
    if not server_answers():
        pytest.skip(HOW_TO_ENABLE.format(server=server_url() or "(STUDYBOT_TEST_PG=off)"))


def database_url(name: str) -> str:
    url = server_url()
    assert url is not None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def create_database(prefix: str = "studybot_test") -> str:
    """A new empty database; its URL."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url(), timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return database_url(name)


async def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = await asyncpg.connect(server_url(), timeout=10)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@asynccontextmanager
async def fresh_pg_database(prefix: str = "studybot_test") -> AsyncIterator[str]:
    """Create a database, yield its URL, drop it (even if the test failed)."""
    url = await create_database(prefix)
    try:
        yield url
    finally:
        await drop_database(url)
