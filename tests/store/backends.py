"""The storage backends the store tests run on, and how each makes a fresh database.

A backend is added here: ``fresh_database`` creates an empty database for one test, yields a
``Database`` whose ``open`` connects a ``Store`` to it (as often as a test likes, to see what
another connection sees), and drops it afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.store import Store

BACKENDS = ["sqlite"]


@dataclass(frozen=True)
class Database:
    backend: str
    open: Callable[[], AbstractAsyncContextManager[Store]]


@asynccontextmanager
async def fresh_database(backend: str, scratch: Path) -> AsyncIterator[Database]:
    if backend == "sqlite":
        path = scratch / "store.db"
        yield Database(backend, lambda: Store.open(path))
        return
    raise AssertionError(f"no way to create a {backend} database")
