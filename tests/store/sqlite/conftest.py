"""The SQLite backend's own machinery, on a real file: a ``Store`` over a connection the test
can also reach (``sqlite_db``), and the file's path (``db_path``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.sqlite import SqliteDb, backend_over


@pytest.fixture
async def sqlite_db(db_path: Path) -> AsyncIterator[SqliteDb]:
    async with SqliteDb.open(db_path) as db:
        yield db


@pytest.fixture
def store(sqlite_db: SqliteDb) -> Store:
    return Store(backend_over(sqlite_db))
