"""``/roadmap``: list, preview, start, pause, resume, stop, status; milestones (milestone roles,
answered by ``cogs.milestones``)."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.render import ids, messages
from bot.render.commands import language_choices
from bot.roadmaps import search
from bot.services import groups, zones
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, public, reader, send, update
from cogs.milestones import MILESTONE_CHOICES, configure_milestones

SERVER_LANGUAGE = app_commands.Choice(name="the server's language", value=groups.SERVER_LANGUAGE)


async def roadmap_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    lang = reader(interaction)
    found = search(bot_of(interaction).roadmaps.values(), current, lang)
    return messages.roadmap_choices(found, lang)


async def timezone_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    found = zones.timezone_choices(current, reader(interaction), bot_of(interaction).clock())
    return messages.timezone_choices(found)


NEEDED = ("view_channel", "send_messages", "embed_links", "read_message_history")
"""The permission flags the bot needs in a channel to post days there."""


def missing_permissions(perms: discord.Permissions) -> list[str]:
    """The flags of ``NEEDED`` that ``perms`` lacks."""
    return [flag for flag in NEEDED if not getattr(perms, flag)]


class StopButton(PersistentButton[ids.GroupRef], spec=ids.stop):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        group = await groups.stop_group(
            bot.store, actor_of(interaction), self.ref.group, bot.clock()
        )
        async with bot.daily.changed(group):
            await update(interaction, messages.stopped(group.roadmap_id, reader(interaction)))


class CancelButton(PersistentButton[ids.NoRef], spec=ids.cancel):
    async def handle(self, interaction: discord.Interaction) -> None:
        await update(interaction, messages.cancelled(reader(interaction)))


@app_commands.guild_only()
class RoadmapCommands(
    commands.GroupCog,
    group_name="roadmap",
    group_description="Study roadmaps and this channel's group",
):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="list", description="Every roadmap you can join or start")
    async def list_(self, interaction: discord.Interaction) -> None:
        infos = groups.list_roadmaps(bot_of(interaction).roadmaps)
        await send(interaction, messages.roadmap_list(infos, reader(interaction)))

    @app_commands.command(name="preview", description="Show one day of a roadmap (only you see it)")
    @app_commands.describe(id="The roadmap, e.g. 14day", day="Day number (default 1)")
    @app_commands.autocomplete(id=roadmap_autocomplete)
    async def preview(
        self,
        interaction: discord.Interaction,
        id: str,
        day: app_commands.Range[int, 1, limits.ROADMAP_DAYS_MAX] | None = None,
    ) -> None:
        p = groups.preview(bot_of(interaction).roadmaps, id, day)
        await send(interaction, messages.day_preview(p, reader(interaction)))

    @app_commands.command(
        name="start", description="Start a roadmap in this channel (Manage Server)"
    )
    @app_commands.describe(
        roadmap="Which roadmap, e.g. 3month",
        time="Daily post time: 09:00, 21:30, 9am or 9:30pm (default 09:00)",
        timezone="A city, zone or offset: Shanghai, Asia/Shanghai, UTC+8 (default UTC)",
        start="First day: today, tomorrow, next monday, Dec 1 or YYYY-MM-DD (default today)",
        pace="Calendar days per roadmap day (default 1)",
        days="Study every day or weekdays only (default every day)",
        catch_up="Post days missed while the bot was offline all day (default off)",
        language="Language of the group's posts (default: the server's)",
    )
    @app_commands.autocomplete(roadmap=roadmap_autocomplete, timezone=timezone_autocomplete)
    @app_commands.choices(language=language_choices())
    async def start(
        self,
        interaction: discord.Interaction,
        roadmap: str,
        time: str | None = None,
        timezone: str | None = None,
        start: str | None = None,
        pace: app_commands.Range[int, 1, groups.PACE_MAX] = 1,
        days: Literal["every day", "weekdays"] = "every day",
        catch_up: bool = False,
        language: str | None = None,
    ) -> None:
        bot = bot_of(interaction)
        options = groups.StartOptions(
            roadmap=roadmap,
            time=time,
            timezone=timezone,
            start=start,
            pace=pace,
            weekdays_only=days == "weekdays",
            catch_up=catch_up,
            language=language,
        )
        status = await groups.start_group(
            bot.store, bot.roadmaps, actor_of(interaction), options, bot.clock()
        )
        lang = public(interaction, status.group.language)
        message = messages.status(status, lang, started=True)
        missing = missing_permissions(interaction.app_permissions)
        if missing:
            message.content = messages.missing_permissions_warning(missing, lang)
        async with bot.daily.changed(status.group):
            await send(interaction, message, ephemeral=False)

    @app_commands.command(
        name="pause", description="Pause this channel's group; paused days are not counted"
    )
    async def pause(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        status = await groups.pause_group(
            bot.store, bot.roadmaps, actor_of(interaction), bot.clock()
        )
        message = messages.status(status, public(interaction, status.group.language))
        async with bot.daily.changed(status.group):
            await send(interaction, message, ephemeral=False)

    @app_commands.command(name="resume", description="Resume this channel's paused group")
    async def resume(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        status = await groups.resume_group(
            bot.store, bot.roadmaps, actor_of(interaction), bot.clock()
        )
        message = messages.status(status, public(interaction, status.group.language))
        async with bot.daily.changed(status.group):
            await send(interaction, message, ephemeral=False)

    @app_commands.command(
        name="edit",
        description="Change this channel's post time, timezone or language (Manage Server)",
    )
    @app_commands.describe(
        time="New daily post time: 09:00, 21:30, 9am or 9:30pm",
        timezone="New city, zone or offset: Shanghai, Asia/Shanghai, UTC+8",
        language="New language of the group's posts",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @app_commands.choices(language=[*language_choices(), SERVER_LANGUAGE])
    async def edit(
        self,
        interaction: discord.Interaction,
        time: str | None = None,
        timezone: str | None = None,
        language: str | None = None,
    ) -> None:
        bot = bot_of(interaction)
        status = await groups.edit_group(
            bot.store, bot.roadmaps, actor_of(interaction), time, timezone, bot.clock(), language
        )
        async with bot.daily.changed(status.group):
            await send(interaction, messages.status(status, reader(interaction)))

    @app_commands.command(
        name="stop", description="Stop this channel's group (asks to confirm; data is kept)"
    )
    async def stop(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        group = await groups.group_to_stop(bot.store, actor_of(interaction))
        question = messages.stop_question(group.roadmap_id, group.id, reader(interaction))
        await send(interaction, question)

    @app_commands.command(
        name="status", description="Day N of M, next post, members, today's completion"
    )
    async def status(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        status = await groups.group_status(
            bot.store, bot.roadmaps, actor_of(interaction), bot.clock()
        )
        await send(interaction, messages.status(status, reader(interaction)))

    @app_commands.command(
        name="milestones",
        description="Give server roles for milestones, or show them (Manage Server)",
    )
    @app_commands.describe(
        milestone="The milestone to set or, without a role, to clear",
        role="The role members get when they reach it (below the bot's own role)",
    )
    @app_commands.choices(milestone=MILESTONE_CHOICES)
    async def milestones(
        self,
        interaction: discord.Interaction,
        milestone: str | None = None,
        role: discord.Role | None = None,
    ) -> None:
        await configure_milestones(interaction, milestone, role)


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(StopButton, CancelButton)
    await bot.add_cog(RoadmapCommands(bot))
