"""Milestone roles: the rules for each milestone, the checks when a role is set, and claims that
happen once per member and milestone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import (
    ForeignButton,
    ManageRolesMissing,
    MilestoneNeeded,
    NotManager,
    RoleNotGrantable,
)
from bot.roadmaps import Roadmap, load_roadmaps
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group, status_of
from bot.services.membership import join_group_id, leave
from bot.services.milestones import (
    BotFacts,
    RoleFacts,
    check_grantable,
    claim_due,
    configure,
    member_milestones,
    reached,
)
from bot.store import Group, Store
from tests.conftest import REPO

GUILD, HERE = 1001, 11
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
ME = Actor(GUILD, HERE, 50)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
BOT = BotFacts(manage_roles=True, top_position=5, top_id=500)
BELOW = RoleFacts(id=600, position=3, managed=False, everyone=False)


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


@pytest.fixture
async def group(store: Store, roadmaps: dict[str, Roadmap]) -> Group:
    started = await start_group(store, roadmaps, ADMIN, StartOptions("14day"), T0)
    await join_group_id(store, roadmaps, ME, started.group.id, T0)
    return started.group


def tasks(roadmap: Roadmap, days: range) -> frozenset[tuple[int, str]]:
    return frozenset((d, t.id) for d in days for t in roadmap.day(d).tasks)


# -- the rules ---------------------------------------------------------------------------------


def test_first_week_is_every_task_of_days_one_to_seven(roadmaps: dict[str, Roadmap]) -> None:
    fourteen = roadmaps["14day"]
    week = tasks(fourteen, range(1, 8))
    assert "first_week" in reached(fourteen, week, 0)
    one_short = week - {next(iter(sorted(week)))}
    assert "first_week" not in reached(fourteen, one_short, 0)
    assert "first_week" not in reached(fourteen, tasks(fourteen, range(2, 9)), 0)


def test_a_phase_is_the_first_one_completed_and_the_roadmap_is_every_task(
    roadmaps: dict[str, Roadmap],
) -> None:
    fourteen = roadmaps["14day"]  # phases 1-3, 4-7, 8-11, 12-14
    assert reached(fourteen, tasks(fourteen, range(4, 8)), 0) == {"phase": 2}
    assert reached(fourteen, tasks(fourteen, range(1, 8)), 0) == {"first_week": None, "phase": 1}
    everything = tasks(fourteen, range(1, 15))
    assert reached(fourteen, everything, 0) == {"first_week": None, "phase": 1, "roadmap": None}
    assert "roadmap" not in reached(fourteen, everything - {(14, fourteen.day(14).tasks[0].id)}, 0)
    assert reached(fourteen, frozenset({(1, "nope")}), 0) == {}


def test_streaks_count_from_the_stored_check_in_streak(roadmaps: dict[str, Roadmap]) -> None:
    fourteen = roadmaps["14day"]
    assert reached(fourteen, frozenset(), 6) == {}
    assert reached(fourteen, frozenset(), 7) == {"streak_7": None}
    assert reached(fourteen, frozenset(), 30) == {"streak_7": None, "streak_30": None}


# -- checks when a role is set -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "reason"),
    [
        (RoleFacts(700, 6, False, False), "above"),
        (RoleFacts(500, 5, False, False), "above"),  # the bot's own top role
        (RoleFacts(499, 5, False, False), "above"),  # same position, lower id: above
        (RoleFacts(701, 2, True, False), "managed"),
        (RoleFacts(GUILD, 0, False, True), "everyone"),
    ],
)
def test_roles_the_bot_cannot_grant_are_refused(role: RoleFacts, reason: str) -> None:
    with pytest.raises(RoleNotGrantable) as caught:
        check_grantable(role, BOT)
    assert caught.value.reason == reason


def test_a_role_of_equal_position_and_higher_id_is_below_and_the_owner_outranks_all() -> None:
    check_grantable(RoleFacts(501, 5, False, False), BOT)
    check_grantable(RoleFacts(700, 9, False, False), BotFacts(True, 5, 500, owner=True))
    with pytest.raises(ManageRolesMissing):
        check_grantable(BELOW, BotFacts(False, 5, 500))


async def test_configure_sets_clears_and_shows(store: Store, group: Group) -> None:
    setup = await configure(store, ADMIN, "streak_7", BELOW, BOT, T0)
    assert (setup.changed, setup.cleared, setup.manage_roles) == ("streak_7", False, True)
    assert [(r.milestone, r.role_id, r.set_by) for r in setup.roles] == [("streak_7", 600, 1)]
    shown = await configure(store, ADMIN, None, None, BotFacts(False, 0, 0), T0)
    assert shown.changed is None and not shown.manage_roles and len(shown.roles) == 1
    cleared = await configure(store, ADMIN, "streak_7", None, BOT, T0)
    assert cleared.cleared and cleared.roles == ()
    again = await configure(store, ADMIN, "streak_7", None, BOT, T0)
    assert not again.cleared


async def test_configure_refuses_and_changes_nothing(store: Store, group: Group) -> None:
    above = RoleFacts(700, 9, False, False)
    with pytest.raises(RoleNotGrantable):
        await configure(store, ADMIN, "roadmap", above, BOT, T0)
    with pytest.raises(ManageRolesMissing):
        await configure(store, ADMIN, "roadmap", BELOW, BotFacts(False, 5, 500), T0)
    with pytest.raises(MilestoneNeeded):
        await configure(store, ADMIN, None, BELOW, BOT, T0)
    with pytest.raises(MilestoneNeeded):
        await configure(store, ADMIN, "streak_1000", BELOW, BOT, T0)
    with pytest.raises(NotManager):
        await configure(store, ME, "roadmap", BELOW, BOT, T0)
    assert await store.milestone_roles(GUILD, group.id) == []


# -- claims ------------------------------------------------------------------------------------


async def test_a_milestone_is_claimed_once_and_only_when_mapped(
    store: Store, group: Group, roadmaps: dict[str, Roadmap]
) -> None:
    fourteen = roadmaps["14day"]
    for day, task in sorted(tasks(fourteen, range(1, 4))):
        await store.add_tick_counted(GUILD, group.id, HERE, ME.user_id, day, task, T0)
    assert await claim_due(store, fourteen, GUILD, group.id, ME.user_id, T0) is None
    await configure(store, ADMIN, "phase", BELOW, BOT, T0)
    await configure(store, ADMIN, "roadmap", BELOW, BOT, T0)
    [claim] = await claim_due(store, fourteen, GUILD, group.id, ME.user_id, T0) or []
    assert (claim.milestone, claim.detail, claim.role_id, claim.state) == (
        "phase",
        1,
        600,
        "claimed",
    )
    assert len(claim.nonce) <= 25
    assert await claim_due(store, fourteen, GUILD, group.id, ME.user_id, T0) == []
    # completing phase 2 later does not grant "a phase completed" again
    for day, task in sorted(tasks(fourteen, range(4, 8))):
        await store.add_tick_counted(GUILD, group.id, HERE, ME.user_id, day, task, T0)
    assert await claim_due(store, fourteen, GUILD, group.id, ME.user_id, T0) == []
    assert [g.milestone for g in await store.grants(GUILD, group.id)] == ["phase"]


async def test_a_member_who_left_is_not_claimed_for(
    store: Store, group: Group, roadmaps: dict[str, Roadmap]
) -> None:
    await configure(store, ADMIN, "streak_7", BELOW, BOT, T0)
    await store.set_streak(GUILD, group.id, ME.user_id, T0.date(), 7)
    await leave(store, ME, group.id, T0)
    assert await claim_due(store, roadmaps["14day"], GUILD, group.id, ME.user_id, T0) == []
    assert await store.grants(GUILD, group.id) == []


async def test_the_announcement_button_shows_the_clickers_milestones(
    store: Store, group: Group, roadmaps: dict[str, Roadmap]
) -> None:
    await configure(store, ADMIN, "streak_7", BELOW, BOT, T0)
    await store.set_streak(GUILD, group.id, ME.user_id, T0.date(), 7)
    await claim_due(store, roadmaps["14day"], GUILD, group.id, ME.user_id, T0)
    mine = await member_milestones(store, ME, group.id)
    assert mine.earned == {"streak_7"} and [r.milestone for r in mine.roles] == ["streak_7"]
    assert (await member_milestones(store, ADMIN, group.id)).earned == frozenset()
    with pytest.raises(ForeignButton):
        await member_milestones(store, Actor(GUILD, 99, 50), group.id)
    with pytest.raises(ForeignButton):
        await member_milestones(store, Actor(2002, HERE, 50), group.id)


async def test_status_counts_the_refused_grants_of_milestones_that_give_a_role(
    store: Store, group: Group, roadmaps: dict[str, Roadmap]
) -> None:
    assert (await status_of(store, roadmaps, group, T0)).milestones_refused == 0
    fourteen = roadmaps["14day"]
    for day, task in sorted(tasks(fourteen, range(1, 8))):
        await store.add_tick_counted(GUILD, group.id, HERE, ME.user_id, day, task, T0)
    await configure(store, ADMIN, "phase", BELOW, BOT, T0)
    await configure(store, ADMIN, "first_week", BELOW, BOT, T0)
    claims = await claim_due(store, fourteen, GUILD, group.id, ME.user_id, T0) or []
    assert sorted(c.milestone for c in claims) == ["first_week", "phase"]
    for claim in claims:
        await store.refuse_grant(claim.key, "Missing Permissions")
    assert (await status_of(store, roadmaps, group, T0)).milestones_refused == 2
    await configure(store, ADMIN, "phase", None, BOT, T0)  # cleared: its refusal is not a problem
    assert (await status_of(store, roadmaps, group, T0)).milestones_refused == 1
