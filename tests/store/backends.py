"""The storage backends the store tests run on, and how each makes a fresh database.

A backend is added here: ``fresh_database`` creates a database for one test (empty, or with the
current schema and no rows: what a store sees once it opened an empty one), yields a
``Database`` whose ``open`` connects a ``Store`` to it (as often as a test likes, to see what
another connection sees), and drops it afterwards. PostgreSQL runs skip with one line where no
server answers (``tests/pg.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.store import Store
from tests.pg import TEST_POOL_SIZE, fresh_migrated_pg_database, skip_without_server

BACKENDS = ["sqlite", "postgresql"]


@dataclass(frozen=True)
class Database:
    backend: str
    open: Callable[[], AbstractAsyncContextManager[Store]]
    target: str
    """What ``STUDYBOT_DB`` would say: the file's path or the server URL."""


@asynccontextmanager
async def fresh_database(backend: str, scratch: Path) -> AsyncIterator[Database]:
    if backend == "sqlite":
        path = scratch / "store.db"
        yield Database(backend, lambda: Store.open(path), str(path))
        return
    if backend == "postgresql":
        skip_without_server()
        async with fresh_migrated_pg_database() as url:
            yield Database(backend, lambda: Store.open(url, pool_size=TEST_POOL_SIZE), url)
        return
    raise AssertionError(f"no way to create a {backend} database")
