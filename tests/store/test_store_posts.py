"""The post ledger, on every backend."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group


async def test_posts_are_claimed_once(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    claimed = await store.claim_post(GUILD_A, group.id, 1, "n1", NOW, late=False)
    assert claimed is not None
    assert (claimed.day, claimed.state, claimed.nonce, claimed.late) == (1, "claimed", "n1", False)
    assert (claimed.claimed_at, claimed.message_id, claimed.sent_at) == (NOW, None, None)
    assert await store.claim_post(GUILD_A, group.id, 1, "n2", NOW, late=False) is None
    assert (await store.post_spans_all_guilds())[group.id].claimed == {1}
    await store.confirm_post(GUILD_A, group.id, 1, 555, NOW + timedelta(seconds=1))
    [post] = await store.posts(GUILD_A, group.id)
    assert (post.state, post.message_id, post.nonce) == ("sent", 555, "n1")
    assert post.sent_at == NOW + timedelta(seconds=1)
    assert (await store.post_spans_all_guilds())[group.id].claimed == frozenset()


async def test_a_failed_post_is_reclaimed_with_its_nonce(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.claim_post(GUILD_A, group.id, 1, "n1", NOW, late=True)
    assert await store.reclaim_post(GUILD_A, group.id, 1) is None  # only a failed post
    await store.mark_post(GUILD_A, group.id, 1, "failed", "no access")
    [failed] = await store.posts(GUILD_A, group.id)
    assert (failed.state, failed.error) == ("failed", "no access")
    again = await store.reclaim_post(GUILD_A, group.id, 1)
    assert again is not None
    assert (again.state, again.nonce, again.late, again.claimed_at) == ("claimed", "n1", True, NOW)
    await store.confirm_post(GUILD_A, group.id, 1, 9, NOW)
    [sent] = await store.posts(GUILD_A, group.id)
    assert (sent.state, sent.error) == ("sent", None)


async def test_missed_days_are_recorded_once_and_never_claimed(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.record_missed_post(GUILD_A, group.id, 2, "n2", NOW)
    assert not await store.record_missed_post(GUILD_A, group.id, 2, "n2", NOW)
    assert await store.claim_post(GUILD_A, group.id, 2, "n2", NOW, late=False) is None
    await store.claim_post(GUILD_A, group.id, 1, "n1", NOW, late=False)
    assert [(p.day, p.state) for p in await store.posts(GUILD_A, group.id)] == [
        (1, "claimed"),
        (2, "missed"),
    ]
    assert await store.posts(GUILD_B, group.id) == []


async def test_a_send_attempt_is_recorded_on_a_claimed_post_only(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    claimed = await store.claim_post(GUILD_A, group.id, 1, "n1", NOW, late=False)
    assert claimed is not None and (claimed.search_from, claimed.attempt_at) == (None, None)
    later = NOW + timedelta(minutes=3)
    await store.record_post_attempt(GUILD_A, group.id, 1, NOW, later)
    await store.record_post_attempt(GUILD_B, group.id, 1, later, later)  # another server's: no
    [post] = await store.posts(GUILD_A, group.id)
    assert (post.state, post.search_from, post.attempt_at) == ("claimed", NOW, later)
    await store.confirm_post(GUILD_A, group.id, 1, 7, later)
    await store.record_post_attempt(GUILD_A, group.id, 1, later, later + timedelta(hours=1))
    [sent] = await store.posts(GUILD_A, group.id)
    assert (sent.state, sent.attempt_at) == ("sent", later)
    await store.mark_post(GUILD_A, group.id, 1, "failed", "gone")
    again = await store.reclaim_post(GUILD_A, group.id, 1)
    assert again is not None and again.attempt_at == later  # the failed attempt stays known
