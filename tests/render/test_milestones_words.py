"""Milestone roles in words: every milestone named and explained in every language, and every
message within Discord's limits at its largest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.locale import LANGS
from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.milestones import (
    announcement,
    member_milestones,
    milestone_name,
    milestone_rule,
    milestones_setup,
)
from bot.services.milestones import MILESTONES, MemberMilestones, MilestoneSetup
from bot.store.features.milestones import Grant, MilestoneRole
from tests.render.checks import MAX_GROUP, ROADMAPS, check, make_group

BIG_ID = 2**64 - 1
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
GROUP = make_group("foundations")
ROLES = tuple(
    MilestoneRole(GROUP.guild_id, MAX_GROUP, key, BIG_ID, BIG_ID, NOW) for key in MILESTONES
)


def grant(milestone: str, detail: int | None = None) -> Grant:
    return Grant(GROUP.guild_id, MAX_GROUP, BIG_ID, milestone, BIG_ID, detail, "granted", "n", NOW)


@pytest.mark.parametrize("lang", LANGS)
def test_every_milestone_has_a_name_and_a_rule(lang: str) -> None:
    t = for_lang(lang)
    names = [milestone_name(key, t) for key in MILESTONES]
    assert len(set(names)) == len(MILESTONES) and all(names)
    assert all(milestone_rule(key, t) for key in MILESTONES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("changed", [None, *MILESTONES])
def test_the_setup_reply_fits(lang: str, changed: str | None) -> None:
    refused = {key: 10**6 for key in MILESTONES}
    setup = MilestoneSetup(GROUP, ROLES, changed, False, False, refused)  # type: ignore[arg-type]
    message = milestones_setup(setup, lang)
    check(message)
    assert message.content is not None and message.content.count("⚠️") == 2
    cleared = MilestoneSetup(GROUP, (), changed, True, True, refused)  # type: ignore[arg-type]
    message = milestones_setup(cleared, lang)
    check(message)
    assert message.content is not None and "⚠️" not in message.content


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("milestone", MILESTONES)
def test_an_announcement_names_member_milestone_and_role_and_carries_its_marker(
    lang: str, milestone: str
) -> None:
    roadmap = ROADMAPS["foundations"]
    phase = roadmap.phases[-1].number
    message = announcement(grant(milestone, phase if milestone == "phase" else None), roadmap, lang)
    [component] = check(message)
    assert component["custom_id"] == ids.badge(MAX_GROUP, BIG_ID, milestone)
    assert message.content is not None
    assert f"<@{BIG_ID}>" in message.content and f"<@&{BIG_ID}>" in message.content
    if milestone == "phase":
        assert roadmap.phases[-1].title.get(lang) in message.content


@pytest.mark.parametrize("lang", LANGS)
def test_a_members_milestones_fit(lang: str) -> None:
    mine = MemberMilestones(GROUP, ROLES, frozenset({"streak_7"}))
    message = member_milestones(mine, lang)
    check(message)
    assert message.embeds[0].description is not None
    assert message.embeds[0].description.count("✅") == 1
    none = member_milestones(MemberMilestones(GROUP, (), frozenset()), lang)
    assert none.content
