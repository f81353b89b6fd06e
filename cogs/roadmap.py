"""``/roadmap``: list, preview, start, pause, resume, stop, status."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.render import ids, messages
from bot.roadmaps import lang_for, search
from bot.services import groups, zones
from cogs.buttons import PersistentButton
from cogs.common import actor_of, bot_of, send, update


async def roadmap_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    lang = lang_for(str(interaction.locale))
    found = search(bot_of(interaction).roadmaps.values(), current, lang)
    return messages.roadmap_choices(found, lang)


async def timezone_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    lang = lang_for(str(interaction.locale))
    found = zones.timezone_choices(current, lang, bot_of(interaction).clock())
    return messages.timezone_choices(found)


def missing_permissions(perms: discord.Permissions) -> list[str]:
    """What the bot lacks in a channel to post days there."""
    needed = {
        "View Channel": perms.view_channel,
        "Send Messages": perms.send_messages,
        "Embed Links": perms.embed_links,
        "Read Message History": perms.read_message_history,
    }
    return [name for name, ok in needed.items() if not ok]


class StopButton(PersistentButton[ids.GroupRef], spec=ids.stop, label="Stop"):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        group = await groups.stop_group(
            bot.store, actor_of(interaction), self.ref.group, bot.clock()
        )
        async with bot.daily.changed(group):
            await update(interaction, messages.stopped(group.roadmap_id))


class CancelButton(PersistentButton[ids.NoRef], spec=ids.cancel, label="Cancel"):
    async def handle(self, interaction: discord.Interaction) -> None:
        await update(interaction, messages.cancelled())


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
        await send(interaction, messages.roadmap_list(infos, lang_for(str(interaction.locale))))

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
        await send(interaction, messages.day_preview(p, lang_for(str(interaction.locale))))

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
    )
    @app_commands.autocomplete(roadmap=roadmap_autocomplete, timezone=timezone_autocomplete)
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
        )
        status = await groups.start_group(
            bot.store, bot.roadmaps, actor_of(interaction), options, bot.clock()
        )
        message = messages.status(status, lang_for(str(interaction.locale)), started=True)
        missing = missing_permissions(interaction.app_permissions)
        if missing:
            message.content = messages.missing_permissions_warning(missing)
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
        async with bot.daily.changed(status.group):
            await send(
                interaction,
                messages.status(status, lang_for(str(interaction.locale))),
                ephemeral=False,
            )

    @app_commands.command(name="resume", description="Resume this channel's paused group")
    async def resume(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        status = await groups.resume_group(
            bot.store, bot.roadmaps, actor_of(interaction), bot.clock()
        )
        async with bot.daily.changed(status.group):
            await send(
                interaction,
                messages.status(status, lang_for(str(interaction.locale))),
                ephemeral=False,
            )

    @app_commands.command(
        name="edit", description="Change this channel's daily post time or timezone (Manage Server)"
    )
    @app_commands.describe(
        time="New daily post time: 09:00, 21:30, 9am or 9:30pm",
        timezone="New city, zone or offset: Shanghai, Asia/Shanghai, UTC+8",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    async def edit(
        self,
        interaction: discord.Interaction,
        time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        bot = bot_of(interaction)
        status = await groups.edit_group(
            bot.store, bot.roadmaps, actor_of(interaction), time, timezone, bot.clock()
        )
        async with bot.daily.changed(status.group):
            await send(interaction, messages.status(status, lang_for(str(interaction.locale))))

    @app_commands.command(
        name="stop", description="Stop this channel's group (asks to confirm; data is kept)"
    )
    async def stop(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        group = await groups.group_to_stop(bot.store, actor_of(interaction))
        question = (
            f"Stop the `{group.roadmap_id}` group in this channel? "
            "Progress is kept; daily posts end."
        )
        await send(interaction, messages.confirm(question, "Stop the group", ids.stop(group.id)))

    @app_commands.command(
        name="status", description="Day N of M, next post, members, today's completion"
    )
    async def status(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        status = await groups.group_status(
            bot.store, bot.roadmaps, actor_of(interaction), bot.clock()
        )
        await send(interaction, messages.status(status, lang_for(str(interaction.locale))))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(StopButton, CancelButton)
    await bot.add_cog(RoadmapCommands(bot))
