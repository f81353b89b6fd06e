"""A throw-away PostgreSQL database for the bench rows that need one, or None (the row then
skips) where no server answers; the same server and switch as the tests (``tests/pg.py``)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tests.pg import fresh_pg_database, server_answers


@contextlib.asynccontextmanager
async def bench_database(prefix: str) -> AsyncIterator[str | None]:
    if not server_answers():
        yield None
        return
    async with fresh_pg_database(prefix) as url:
        yield url


def skipped(key: str, title: str) -> object:
    """The row of a step that needs PostgreSQL where none answers."""
    from bench.rows.context import Row

    return Row(
        key,
        title,
        "skipped: no PostgreSQL server",
        "-",
        None,
        "-",
        "set STUDYBOT_TEST_PG (README, Development)",
        None,
    )
