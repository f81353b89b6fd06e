"""The announcements ledger, on every backend: rows scoped by server, pending until settled,
attempts recorded, the start-up batch read filtered by shard."""

from __future__ import annotations

from datetime import timedelta

from bot.shards import ShardSet
from bot.store import Store
from bot.store.interface import EVERY_SHARD
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group


async def test_a_row_is_pending_until_settled(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    row = await store.add_announcement(GUILD_A, group.id, "schedule", "", "n1", NOW)
    assert row is not None
    assert (row.kind, row.detail, row.nonce, row.attempt_at, row.message_id) == (
        "schedule", "", "n1", None, None,
    )  # fmt: skip
    later = await store.add_announcement(GUILD_A, group.id, "setting", "digest", "n2", NOW)
    assert later is not None and later.id > row.id
    pending = await store.pending_announcements(GUILD_A, group.id)
    assert [p.id for p in pending] == [row.id, later.id]

    attempt = NOW + timedelta(seconds=5)
    await store.record_announcement_attempt(GUILD_A, row.id, NOW, attempt)
    (first, _) = await store.pending_announcements(GUILD_A, group.id)
    assert (first.search_from, first.attempt_at) == (NOW, attempt)
    await store.settle_announcement(GUILD_A, row.id, 123456789012345678, attempt)
    await store.settle_announcement(GUILD_A, later.id, None, attempt)  # superseded, unsent
    assert await store.pending_announcements(GUILD_A, group.id) == []


async def test_rows_are_scoped_by_server(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.add_announcement(GUILD_B, group.id, "paused", "", "n1", NOW) is None
    assert await store.add_announcement(GUILD_A, 2**70, "paused", "", "n2", NOW) is None
    row = await store.add_announcement(GUILD_A, group.id, "paused", "", "n3", NOW)
    assert row is not None
    assert await store.pending_announcements(GUILD_B, group.id) == []
    assert await store.pending_announcements(GUILD_A, 2**70) == []
    await store.settle_announcement(GUILD_B, row.id, 1, NOW)  # another server's: no effect
    assert len(await store.pending_announcements(GUILD_A, group.id)) == 1


async def test_pending_rows_in_one_read_by_shard(store: Store) -> None:
    first = await store.create_group(new_group(channel=1), NOW)
    far = (1 << 22) + GUILD_A  # shard 1 of 2; GUILD_A is on shard 0
    other = await store.create_group(new_group(far, channel=2), NOW)
    a = await store.add_announcement(GUILD_A, first.id, "resumed", "", "n1", NOW)
    b = await store.add_announcement(far, other.id, "resumed", "", "n2", NOW)
    assert a is not None and b is not None
    found = await store.pending_announcements_all_guilds(EVERY_SHARD)
    assert [r.id for r in found] == [a.id, b.id]
    zero = await store.pending_announcements_all_guilds(ShardSet(frozenset({0}), 2))
    one = await store.pending_announcements_all_guilds(ShardSet(frozenset({1}), 2))
    assert ([r.id for r in zero], [r.id for r in one]) == ([a.id], [b.id])
