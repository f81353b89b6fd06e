"""Every test here runs once per storage backend (``backends.py``), each time on a fresh
database. Tests of one backend's own machinery live in its folder (``sqlite/``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.store.backends import BACKENDS, Database, fresh_database


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    async with fresh_database(request.param, tmp_path) as fresh:
        yield fresh


@pytest.fixture
async def store(database: Database) -> AsyncIterator[Store]:
    async with database.open() as opened:
        yield opened
