"""A lost connection is retried without losing or doubling a write: the backend is ended with
``pg_terminate_backend`` at each point a write can be interrupted, and the write is there
exactly once, with the answer it would have had (``postgres/connection.py``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg
import pytest

from bot.store import StorageUnavailableError, Store
from bot.store.postgres import PgOpened
from bot.store.postgres import connection as pg_connection
from bot.store.postgres.connection import Conn
from tests.conftest import NOW
from tests.store.samples import CHANNEL, GUILD_A, USER, new_group

Hook = Callable[[str, Conn], Awaitable[None]]


def kill_once_at(point: str, admin: asyncpg.Connection, *, lose_reply: bool = False) -> Hook:
    """End the connection's backend the first time ``point`` is reached. With ``lose_reply``
    (at ``commit``: COMMIT was answered) the reply is also reported lost, as when the network
    drops it, so the backend must find out whether it committed."""
    fired: list[str] = []

    async def hook(at: str, con: Conn) -> None:
        if at != point or fired:
            return
        fired.append(at)
        await admin.execute("SELECT pg_terminate_backend($1)", con.get_server_pid())
        if lose_reply:
            raise asyncpg.ConnectionDoesNotExistError("the reply to COMMIT was lost")

    return hook


async def tick(store: Store, group_id: int, task: str) -> int | None:
    return await store.add_tick_counted(GUILD_A, group_id, CHANNEL, USER, 1, task, NOW)


@pytest.fixture
async def group_id(store: Store) -> int:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    return group.id


@pytest.mark.parametrize(
    ("point", "lose_reply"),
    [("statements", False), ("commit", True)],
    ids=["lost-before-commit", "commit-reply-lost"],
)
async def test_a_tick_is_written_once_and_counted_right(
    opened: PgOpened,
    store: Store,
    group_id: int,
    admin: asyncpg.Connection,
    point: str,
    lose_reply: bool,
) -> None:
    assert await tick(store, group_id, "d01-a") == 1
    opened.db.fault = kill_once_at(point, admin, lose_reply=lose_reply)
    # not idempotent by itself: run blindly again, it would answer None (already ticked)
    assert await tick(store, group_id, "d01-b") == 2
    opened.db.fault = None
    assert [t.task_id for t in await store.ticks(GUILD_A, group_id)] == ["d01-a", "d01-b"]
    (totals,) = await store.member_totals(GUILD_A, group_id)
    assert totals.ticks_done == 2  # the trigger ran once


@pytest.mark.parametrize(
    ("point", "lose_reply"),
    [("statements", False), ("commit", True)],
    ids=["lost-before-commit", "commit-reply-lost"],
)
async def test_a_claim_returns_its_row_once(
    opened: PgOpened,
    store: Store,
    group_id: int,
    admin: asyncpg.Connection,
    point: str,
    lose_reply: bool,
) -> None:
    opened.db.fault = kill_once_at(point, admin, lose_reply=lose_reply)
    claimed = await store.claim_post(GUILD_A, group_id, 1, "n1", NOW, late=False)
    opened.db.fault = None
    assert claimed is not None and claimed.state == "claimed"  # ours, not "already claimed"
    assert await store.claim_post(GUILD_A, group_id, 1, "n1", NOW, late=False) is None
    assert [p.day for p in await store.posts(GUILD_A, group_id)] == [1]


async def test_an_idempotent_write_whose_reply_was_lost_is_run_again_with_the_same_answer(
    opened: PgOpened, store: Store, group_id: int, admin: asyncpg.Connection, pg_url: str
) -> None:
    """Taking a lease and confirming a post are lone statements: each committed as it ended,
    its reply lost; run again, each answers as the first run would have."""
    assert await store.claim_post(GUILD_A, group_id, 1, "n1", NOW, late=False) is not None
    opened.db.fault = kill_once_at("statement", admin, lose_reply=True)
    async with store.group_lease(GUILD_A, group_id, NOW) as ours:
        assert ours  # its own lease, taken again: still ours
        opened.db.fault = kill_once_at("statement", admin, lose_reply=True)
        await store.confirm_post(GUILD_A, group_id, 1, 555, NOW)
        opened.db.fault = None
        con = await asyncpg.connect(pg_url)
        try:
            assert await con.fetchval("SELECT COUNT(*) FROM group_leases") == 1
        finally:
            await con.close()
    (post,) = await store.posts(GUILD_A, group_id)
    assert (post.state, post.message_id) == ("sent", 555)


async def test_a_multi_statement_write_is_all_or_nothing_across_a_loss(
    opened: PgOpened, store: Store, group_id: int, admin: asyncpg.Connection
) -> None:
    opened.db.fault = kill_once_at("statements", admin)
    assert await store.set_group_state(GUILD_A, group_id, "paused", NOW) is True
    opened.db.fault = None
    assert len(await store.pauses(GUILD_A, group_id)) == 1
    group = await store.get_group(GUILD_A, group_id)
    assert group is not None and group.state == "paused"


async def test_reads_come_back_after_the_pool_lost_every_connection(
    store: Store, group_id: int, admin: asyncpg.Connection, pg_url: str
) -> None:
    name = pg_url.rsplit("/", 1)[-1]
    await admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = $1 AND application_name = 'studybot'",
        name,
    )
    group = await store.get_group(GUILD_A, group_id)
    assert group is not None and group.id == group_id
    assert await tick(store, group_id, "d01-a") == 1


async def test_a_server_that_stays_away_ends_in_storage_unavailable(
    opened: PgOpened,
    store: Store,
    group_id: int,
    admin: asyncpg.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pg_connection, "RECONNECT_BUDGET_S", 0.3)

    async def always(at: str, con: Conn) -> None:
        if at == "statements":
            await admin.execute("SELECT pg_terminate_backend($1)", con.get_server_pid())

    opened.db.fault = always
    with pytest.raises(StorageUnavailableError):
        await tick(store, group_id, "d01-a")
    opened.db.fault = None
    assert await store.ticks(GUILD_A, group_id) == []  # nothing half-written
