"""Milestone roles in words: each milestone's name and rule, the admin's view of the mappings,
the announcement of a role granted (public, in the group's language) with the button that shows
a member the group's milestones, and the answers to a role that cannot be set."""

from __future__ import annotations

import discord

from bot.errors import ManageRolesMissing, MilestoneNeeded, RoleNotGrantable, UserFacingError
from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import ComponentsView, Message, add_field, clip, embed
from bot.roadmaps import Roadmap
from bot.services.milestones import (
    FIRST_WEEK_DAYS,
    MILESTONES,
    Grant,
    MemberMilestones,
    MilestoneRole,
    MilestoneSetup,
)


def milestone_name(key: str, t: Catalog) -> str:
    names = {
        "first_week": t.gettext("First week completed"),
        "streak_7": t.gettext("7-day streak"),
        "streak_30": t.gettext("30-day streak"),
        "phase": t.gettext("A phase completed"),
        "roadmap": t.gettext("Roadmap completed"),
    }
    return names[key]


def milestone_rule(key: str, t: Catalog) -> str:
    """How a member reaches the milestone, in one sentence."""
    rules = {
        "first_week": t.gettext(
            "Every task of the roadmap's first {n} days done.", n=t.number(FIRST_WEEK_DAYS)
        ),
        "streak_7": t.gettext("Checked in 7 study days in a row."),
        "streak_30": t.gettext("Checked in 30 study days in a row."),
        "phase": t.gettext("Every task of one phase done (the first phase completed)."),
        "roadmap": t.gettext("Every task of the roadmap done."),
    }
    return rules[key]


def _role_of(roles: tuple[MilestoneRole, ...], key: str) -> int | None:
    return next((r.role_id for r in roles if r.milestone == key), None)


def milestones_setup(setup: MilestoneSetup, lang: Lang) -> Message:
    """``/roadmap milestones``: what changed, then every milestone with its role or none."""
    t = for_lang(lang)
    if setup.changed is None:
        said = t.gettext("Milestone roles of this channel's group:")
    elif _role_of(setup.roles, setup.changed) is not None:
        said = t.gettext(
            "Members who reach **{milestone}** now get <@&{role}>.",
            milestone=milestone_name(setup.changed, t),
            role=_role_of(setup.roles, setup.changed),
        )
    elif setup.cleared:
        said = t.gettext(
            "**{milestone}** no longer gives a role.", milestone=milestone_name(setup.changed, t)
        )
    else:
        said = t.gettext(
            "**{milestone}** gives no role; nothing changed.",
            milestone=milestone_name(setup.changed, t),
        )
    if setup.roles and not setup.manage_roles:
        said += "\n" + t.gettext(
            "⚠️ I do not have the **Manage Roles** permission, so I cannot grant these roles. "
            "Give it to my role in Server Settings."
        )
    refused = sum(n for key, n in setup.refused.items() if _role_of(setup.roles, key))
    if refused:
        said += "\n" + t.ngettext(
            "⚠️ Discord refused {n} grant (the role moved above mine, or I lost Manage Roles). "
            "Fix that, then set the milestone's role again to retry.",
            "⚠️ Discord refused {n} grants (the role moved above mine, or I lost Manage Roles). "
            "Fix that, then set the milestone's role again to retry.",
            refused,
        )
    card = embed(
        t.gettext("Milestone roles"),
        t.gettext(
            "Each role is granted once to each member who reaches its milestone, and announced "
            "in this channel. Set one with `/roadmap milestones milestone:… role:…`; give only "
            "the milestone to clear it."
        ),
    )
    for key in MILESTONES:
        role = _role_of(setup.roles, key)
        value = f"<@&{role}>" if role is not None else t.gettext("no role")
        add_field(card, milestone_name(key, t), f"{value}\n{milestone_rule(key, t)}")
    return Message(content=clip(said, CONTENT_MAX), embeds=[card])


def announcement(grant: Grant, roadmap: Roadmap | None, lang: Lang) -> Message:
    """The public message for a role granted: who, which milestone (and phase), which role;
    its button (``ids.badge``) shows the clicker the group's milestones and marks the message
    as this grant's announcement."""
    t = for_lang(lang)
    phase = None
    if grant.milestone == "phase" and roadmap is not None:
        phase = next((p for p in roadmap.phases if p.number == grant.detail), None)
    if phase is not None:
        text = t.gettext(
            "🏅 <@{user}> completed phase {n}, **{phase}**, and earned <@&{role}>!",
            user=grant.user_id,
            n=t.number(phase.number),
            phase=phase.title.get(lang),
            role=grant.role_id,
        )
    else:
        text = t.gettext(
            "🏅 <@{user}> reached **{milestone}** and earned <@&{role}>!",
            user=grant.user_id,
            milestone=milestone_name(grant.milestone, t),
            role=grant.role_id,
        )
    view = ComponentsView()
    view.button(
        t.pgettext("button", "Milestones"),
        ids.badge(grant.group_id, grant.user_id, grant.milestone),
        discord.ButtonStyle.secondary,
        emoji="🏅",
    )
    return Message(content=clip(text, CONTENT_MAX), view=view)


def member_milestones(view: MemberMilestones, lang: Lang) -> Message:
    """The announcement's button: the group's milestone roles, ✅ for those the clicker has."""
    t = for_lang(lang)
    lines = []
    for key in MILESTONES:
        role = _role_of(view.roles, key)
        if role is None:
            continue
        mark = "✅" if key in view.earned else "⬜"
        lines.append(f"{mark} **{milestone_name(key, t)}** → <@&{role}>: {milestone_rule(key, t)}")
    if not lines:
        return Message(content=t.gettext("This group gives no milestone roles now."))
    card = embed(
        t.gettext("Milestone roles"),
        "\n".join(lines),
        footer=t.gettext("✅ earned · ⬜ not yet. Each role is granted once."),
    )
    return Message(embeds=[card])


def explain_milestone(error: UserFacingError, t: Catalog) -> str | None:
    """The answer to a milestone role that cannot be set; None for other errors."""
    match error:
        case MilestoneNeeded():
            return t.gettext(
                "Pick a milestone from the list, e.g. "
                "`/roadmap milestones milestone:7-day streak role:@Streaker`."
            )
        case ManageRolesMissing():
            return t.gettext(
                "I need the **Manage Roles** permission to grant milestone roles. Give it to my "
                "role in Server Settings → Roles, then set the role again. Nothing was changed."
            )
        case RoleNotGrantable(role_id=role, reason="above"):
            return t.gettext(
                "I cannot grant <@&{role}>: it is not below my highest role. In Server Settings "
                "→ Roles, drag my role above it (or pick a lower role). Nothing was changed.",
                role=role,
            )
        case RoleNotGrantable(role_id=role, reason="managed"):
            return t.gettext(
                "<@&{role}> is managed by an integration or a bot, so nobody can grant it. "
                "Pick another role. Nothing was changed.",
                role=role,
            )
        case RoleNotGrantable():
            return t.gettext(
                "Everyone has @everyone already; pick another role. Nothing was changed."
            )
    return None
