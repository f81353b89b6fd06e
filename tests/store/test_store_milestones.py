"""Milestone roles: mappings and the grants ledger, on every backend."""

from __future__ import annotations

from datetime import date, timedelta

from bot.shards import ShardSet
from bot.store import Store
from tests.conftest import NOW
from tests.store.samples import CHANNEL, GUILD_A, GUILD_B, USER, new_group

ROLE, OTHER_ROLE = 900, 901


async def test_a_mapping_is_set_replaced_cleared_and_scoped_by_server(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    assert await store.milestone_roles(GUILD_A, group.id) == []
    await store.set_milestone_role(GUILD_A, group.id, "streak_7", ROLE, 77, NOW)
    await store.set_milestone_role(GUILD_A, group.id, "first_week", ROLE, 77, NOW)
    later = NOW + timedelta(hours=1)
    await store.set_milestone_role(GUILD_A, group.id, "streak_7", OTHER_ROLE, 78, later)
    roles = await store.milestone_roles(GUILD_A, group.id)
    assert [(r.milestone, r.role_id, r.set_by) for r in roles] == [
        ("first_week", ROLE, 77),
        ("streak_7", OTHER_ROLE, 78),
    ]
    assert roles[1].set_at == later
    assert await store.milestone_roles(GUILD_B, group.id) == []
    assert not await store.clear_milestone_role(GUILD_B, group.id, "streak_7")
    assert await store.clear_milestone_role(GUILD_A, group.id, "streak_7")
    assert not await store.clear_milestone_role(GUILD_A, group.id, "streak_7")
    assert [r.milestone for r in await store.milestone_roles(GUILD_A, group.id)] == ["first_week"]


async def test_standing_reads_nothing_more_without_mappings(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    await store.add_tick_counted(GUILD_A, group.id, CHANNEL, USER, 1, "a", NOW)
    bare = await store.milestone_standing(GUILD_A, group.id, USER)
    assert (bare.roles, bare.done, bare.active) == ((), frozenset(), False)
    await store.set_milestone_role(GUILD_A, group.id, "roadmap", ROLE, 77, NOW)
    await store.set_streak(GUILD_A, group.id, USER, date(2026, 3, 4), 3)
    standing = await store.milestone_standing(GUILD_A, group.id, USER)
    assert [r.milestone for r in standing.roles] == ["roadmap"]
    assert (standing.done, standing.streak, standing.active) == ({(1, "a")}, 3, True)
    assert standing.ledger == frozenset()
    assert (await store.milestone_standing(GUILD_B, group.id, USER)).roles == ()


async def test_a_grant_is_claimed_once_granted_then_announced(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, USER, NOW)
    claim = await store.claim_grant(GUILD_A, group.id, USER, "phase", ROLE, 2, "g1", NOW)
    assert claim is not None
    assert (claim.state, claim.detail, claim.nonce, claim.claimed_at) == ("claimed", 2, "g1", NOW)
    assert await store.claim_grant(GUILD_A, group.id, USER, "phase", ROLE, 3, "g2", NOW) is None
    assert await store.claim_grant(GUILD_B, group.id, USER, "roadmap", ROLE, None, "x", NOW) is None
    # the announcement's attempt is recorded only once the role was given
    await store.record_grant_attempt(claim.key, NOW, NOW)
    [still] = await store.grants(GUILD_A, group.id)
    assert still.attempt_at is None
    t1, t2, t3 = (NOW + timedelta(seconds=s) for s in (1, 2, 3))
    await store.mark_granted(claim.key, t1)
    await store.record_grant_attempt(claim.key, NOW, t2)
    [granted] = await store.grants(GUILD_A, group.id, USER)
    assert (granted.state, granted.granted_at, granted.search_from, granted.attempt_at) == (
        "granted",
        t1,
        NOW,
        t2,
    )
    assert [g.key for g in await store.unsettled_grants_all_guilds(ShardSet.all())] == [claim.key]
    await store.confirm_grant_announced(claim.key, 4242, t3)
    [done] = await store.grants(GUILD_A, group.id)
    assert (done.state, done.message_id, done.announced_at) == ("announced", 4242, t3)
    assert await store.unsettled_grants_all_guilds(ShardSet.all()) == []
    assert await store.grants(GUILD_B, group.id) == []
    assert (await store.milestone_standing(GUILD_A, group.id, USER)).ledger == frozenset()
    await store.set_milestone_role(GUILD_A, group.id, "phase", ROLE, 77, NOW)
    assert (await store.milestone_standing(GUILD_A, group.id, USER)).ledger == {"phase"}


async def test_a_refused_grant_is_forgotten_when_its_role_is_set_again(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.set_milestone_role(GUILD_A, group.id, "streak_7", ROLE, 77, NOW)
    claim = await store.claim_grant(GUILD_A, group.id, USER, "streak_7", ROLE, None, "g", NOW)
    other = await store.claim_grant(GUILD_A, group.id, USER, "roadmap", ROLE, None, "h", NOW)
    assert claim is not None and other is not None
    await store.refuse_grant(claim.key, "Missing Permissions")
    await store.refuse_grant(other.key, "Missing Permissions")
    assert await store.refused_grants(GUILD_A, group.id) == {"streak_7": 1, "roadmap": 1}
    assert await store.refused_grants(GUILD_B, group.id) == {}
    [refused, _] = sorted(await store.grants(GUILD_A, group.id), key=lambda g: g.milestone)
    assert (refused.milestone, refused.state, refused.error) == (
        "roadmap",
        "refused",
        "Missing Permissions",
    )
    await store.set_milestone_role(GUILD_A, group.id, "streak_7", OTHER_ROLE, 77, NOW)
    assert [g.milestone for g in await store.grants(GUILD_A, group.id)] == ["roadmap"]
    assert await store.refused_grants(GUILD_A, group.id) == {"roadmap": 1}
    again = await store.claim_grant(GUILD_A, group.id, USER, "streak_7", OTHER_ROLE, None, "i", NOW)
    assert again is not None and again.role_id == OTHER_ROLE


async def test_start_up_reads_cover_running_groups_with_mappings_only(store: Store) -> None:
    mapped = await store.create_group(new_group(), NOW)
    bare = await store.create_group(new_group(channel=12), NOW)
    stopped = await store.create_group(new_group(channel=13), NOW)
    finished = await store.create_group(new_group(channel=14), NOW)
    for group in (mapped, bare, stopped, finished):
        await store.add_member(GUILD_A, group.id, USER, NOW)
        await store.add_member(GUILD_A, group.id, USER + 1, NOW)
        await store.set_milestone_role(GUILD_A, group.id, "roadmap", ROLE, 77, NOW)
        await store.claim_grant(GUILD_A, group.id, USER, "roadmap", ROLE, None, "n", NOW)
    await store.clear_milestone_role(GUILD_A, bare.id, "roadmap")
    await store.set_group_state(GUILD_A, stopped.id, "stopped", NOW)
    await store.set_group_state(GUILD_A, finished.id, "finished", NOW)
    await store.leave_member(GUILD_A, mapped.id, USER + 1, NOW)
    assert await store.milestone_members_all_guilds(ShardSet.all()) == [(GUILD_A, mapped.id, USER)]
    unsettled = await store.unsettled_grants_all_guilds(ShardSet.all())
    assert sorted(g.group_id for g in unsettled) == [mapped.id, bare.id, finished.id]
    nobody = ShardSet.of({((GUILD_A >> 22) + 1) % 4}, 4)
    assert await store.milestone_members_all_guilds(nobody) == []
    assert await store.unsettled_grants_all_guilds(nobody) == []
