"""Milestone roles: ``/roadmap milestones`` (declared in ``cogs.roadmap``, answered by
``configure_milestones``), the announcement's button, and the facts about a role and about the
bot's own roles that the service checks before a role is set."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.render import ids
from bot.render.milestones import member_milestones, milestones_setup
from bot.services import milestones
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, reader, send

MILESTONE_CHOICES = [
    app_commands.Choice(name="First week completed", value="first_week"),
    app_commands.Choice(name="7-day streak", value="streak_7"),
    app_commands.Choice(name="30-day streak", value="streak_30"),
    app_commands.Choice(name="A phase completed", value="phase"),
    app_commands.Choice(name="Roadmap completed", value="roadmap"),
]
"""The choices of ``milestone:``, one per ``services.milestones.MILESTONES`` (same order)."""


def role_facts(role: discord.Role) -> milestones.RoleFacts:
    return milestones.RoleFacts(
        id=role.id, position=role.position, managed=role.managed, everyone=role.is_default()
    )


def bot_facts(guild: discord.Guild | None) -> milestones.BotFacts:
    """What the bot may do with roles in ``guild``, from the gateway's cache (kept current by
    GUILD_ROLE_UPDATE and the bot's own member updates)."""
    me = guild.me if guild is not None else None
    if guild is None or me is None:
        return milestones.BotFacts(manage_roles=False, top_position=0, top_id=0)
    top = me.top_role
    return milestones.BotFacts(
        manage_roles=me.guild_permissions.manage_roles,
        top_position=top.position,
        top_id=top.id,
        owner=guild.owner_id == me.id,
    )


async def configure_milestones(
    interaction: discord.Interaction, milestone: str | None, role: discord.Role | None
) -> None:
    bot = bot_of(interaction)
    setup = await milestones.configure(
        bot.store,
        actor_of(interaction),
        milestone,
        role_facts(role) if role is not None else None,
        bot_facts(interaction.guild),
        bot.clock(),
    )
    bot.milestones.roles_changed(setup.group.id)
    await send(interaction, milestones_setup(setup, reader(interaction)))


class BadgeButton(PersistentButton[ids.BadgeRef], spec=ids.badge):
    """Under an announcement: the group's milestone roles and which the clicker has."""

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        view = await milestones.member_milestones(bot.store, actor_of(interaction), self.ref.group)
        await send(interaction, member_milestones(view, reader(interaction)))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(BadgeButton)
