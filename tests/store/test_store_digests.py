"""The weekly digest's ledger, on every backend: one claim per (group, week), attempts and
confirmation as the post ledger, missed weeks, scoping by server, the start-up batch read."""

from __future__ import annotations

from datetime import date, timedelta

from bot.shards import ShardSet
from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group

WEEK = date(2026, 3, 2)


async def test_a_week_is_claimed_once_then_attempted_and_confirmed(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    row = await store.claim_digest(GUILD_A, group.id, WEEK, "sbw1", NOW, late=True)
    assert row is not None and row.state == "claimed" and row.late and row.attempt_at is None
    assert row.week_start == WEEK and row.claimed_at == NOW
    assert await store.claim_digest(GUILD_A, group.id, WEEK, "sbw1", NOW, late=False) is None
    later = NOW + timedelta(seconds=5)
    await store.record_digest_attempt(GUILD_A, group.id, WEEK, NOW, later)
    (attempted,) = await store.digests(GUILD_A, group.id)
    assert (attempted.search_from, attempted.attempt_at) == (NOW, later)
    await store.confirm_digest(GUILD_A, group.id, WEEK, 4242, later)
    (sent,) = await store.digests(GUILD_A, group.id)
    assert (sent.state, sent.message_id, sent.sent_at) == ("sent", 4242, later)


async def test_missed_weeks_and_marks(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    earlier = WEEK - timedelta(days=7)
    assert await store.record_missed_digest(GUILD_A, group.id, earlier, "sbw0", NOW)
    assert not await store.record_missed_digest(GUILD_A, group.id, earlier, "sbw0", NOW)
    await store.claim_digest(GUILD_A, group.id, WEEK, "sbw1", NOW, late=False)
    await store.mark_digest(GUILD_A, group.id, WEEK, "failed", "Missing Access")
    rows = await store.digests(GUILD_A, group.id)
    assert [(r.week_start, r.state, r.error) for r in rows] == [
        (earlier, "missed", None),
        (WEEK, "failed", "Missing Access"),
    ]


async def test_another_server_sees_and_changes_nothing(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.claim_digest(GUILD_A, group.id, WEEK, "sbw1", NOW, late=False)
    assert await store.digests(GUILD_B, group.id) == []
    await store.confirm_digest(GUILD_B, group.id, WEEK, 1, NOW)
    await store.mark_digest(GUILD_B, group.id, WEEK, "missed", None)
    (row,) = await store.digests(GUILD_A, group.id)
    assert row.state == "claimed"


async def test_latest_digest_of_every_active_group(store: Store) -> None:
    a = await store.create_group(new_group(), NOW)
    b = await store.create_group(new_group(GUILD_B, 12), NOW)
    await store.record_missed_digest(GUILD_A, a.id, WEEK - timedelta(days=7), "x", NOW)
    await store.claim_digest(GUILD_A, a.id, WEEK, "y", NOW, late=False)
    await store.claim_digest(GUILD_B, b.id, WEEK, "z", NOW, late=False)
    await store.set_group_state(GUILD_B, b.id, "paused", NOW)
    latest = await store.latest_digests_all_guilds(ShardSet.all())
    assert list(latest) == [a.id] and latest[a.id].week_start == WEEK


async def test_latest_digests_of_one_shard_only(store: Store) -> None:
    odd_guild = 1 << 22  # shard 1 of 2; GUILD_A is on shard 0
    a = await store.create_group(new_group(), NOW)
    b = await store.create_group(new_group(odd_guild, 12), NOW)
    await store.claim_digest(GUILD_A, a.id, WEEK, "y", NOW, late=False)
    await store.claim_digest(odd_guild, b.id, WEEK, "z", NOW, late=False)
    assert list(await store.latest_digests_all_guilds(ShardSet(frozenset({0}), 2))) == [a.id]
    assert list(await store.latest_digests_all_guilds(ShardSet(frozenset({1}), 2))) == [b.id]
