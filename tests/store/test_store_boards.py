"""Groups' pinned leaderboards (``group_boards``), on every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group

DAY = timedelta(days=1)


async def test_a_board_is_claimed_once_attempted_sent_and_pinned(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.board_of(GUILD_A, group.id) is None
    row = await store.claim_board(GUILD_A, group.id, "n1", NOW)
    assert row is not None
    assert (row.generation, row.state, row.nonce, row.message_id) == (1, "claimed", "n1", None)
    assert await store.claim_board(GUILD_A, group.id, "n2", NOW) is None  # one claim
    await store.board_attempting(GUILD_A, group.id, 1, NOW - DAY, NOW)
    row = await store.board_of(GUILD_A, group.id)
    assert row is not None and (row.search_from, row.attempt_at) == (NOW - DAY, NOW)
    assert await store.board_sent(GUILD_A, group.id, 1, 555, NOW)
    assert not await store.board_sent(GUILD_A, group.id, 1, 556, NOW)  # settled once
    await store.board_pinned(GUILD_A, group.id, 555, True)
    row = await store.board_of(GUILD_A, group.id)
    assert row is not None
    assert (row.state, row.message_id, row.pinned, row.sent_at) == ("sent", 555, True, NOW)


async def test_gone_recreates_once_then_is_left_removed(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.claim_board(GUILD_A, group.id, "n1", NOW)
    await store.board_sent(GUILD_A, group.id, 1, 555, NOW)
    # two workers saw message 555 gone at once: one decision
    first, second = await asyncio.gather(
        store.board_gone(GUILD_A, group.id, 555, "n2", NOW, NOW - DAY),
        store.board_gone(GUILD_A, group.id, 555, "n3", NOW, NOW - DAY),
    )
    assert sorted([first, second], key=str) == [None, "recreate"]
    row = await store.board_of(GUILD_A, group.id)
    assert row is not None
    assert (row.generation, row.state, row.message_id, row.recreated_at) == (
        2,
        "claimed",
        None,
        NOW,
    )
    assert await store.board_sent(GUILD_A, group.id, 2, 777, NOW)
    # gone again soon after the recreation: removed, never recreated in a loop
    later = NOW + timedelta(minutes=5)
    assert await store.board_gone(GUILD_A, group.id, 777, "n4", later, later - DAY) == "removed"
    row = await store.board_of(GUILD_A, group.id)
    assert row is not None and (row.state, row.generation, row.message_id) == ("removed", 2, None)
    assert await store.board_gone(GUILD_A, group.id, 777, "n5", later, later - DAY) is None


async def test_gone_long_after_a_recreation_recreates_again(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.claim_board(GUILD_A, group.id, "n1", NOW)
    await store.board_sent(GUILD_A, group.id, 1, 555, NOW)
    assert await store.board_gone(GUILD_A, group.id, 555, "n2", NOW, NOW - DAY) == "recreate"
    await store.board_sent(GUILD_A, group.id, 2, 777, NOW)
    much_later = NOW + 3 * DAY
    gone = await store.board_gone(GUILD_A, group.id, 777, "n3", much_later, much_later - DAY)
    assert gone == "recreate"


async def test_boards_are_scoped_by_server_and_forgotten(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.claim_board(GUILD_B, group.id, "n", NOW) is None
    assert await store.claim_board(GUILD_A, 2**70, "n", NOW) is None
    await store.claim_board(GUILD_A, group.id, "n", NOW)
    await store.board_sent(GUILD_A, group.id, 1, 555, NOW)
    assert await store.board_of(GUILD_B, group.id) is None
    assert await store.board_gone(GUILD_B, group.id, 555, "x", NOW, NOW) is None
    assert not await store.forget_board(GUILD_B, group.id)
    assert await store.forget_board(GUILD_A, group.id)
    assert await store.board_of(GUILD_A, group.id) is None
