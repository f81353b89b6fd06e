"""``/today``, ``/checkin``, ``/progress`` and the buttons on daily posts and the summary.
``/progress card:True`` answers with a picture (``cogs.cards``)."""

from __future__ import annotations

from typing import ClassVar, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.render import ids, messages
from bot.services import progress, study, today
from cogs.board import board_changed
from cogs.buttons import PersistentButton
from cogs.cards import name_of, send_card
from cogs.common import actor_of, bot_of, public, reader, send, update


class TickButton(PersistentButton[ids.TaskRef], spec=ids.tick):
    undo: ClassVar[bool] = False

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        action = study.untick if self.undo else study.tick
        group, day, task = self.ref
        actor = actor_of(interaction)
        outcome = await action(bot.store, bot.roadmaps, actor, group, day, task, bot.clock())
        try:
            await send(interaction, messages.tick_reply(outcome, reader(interaction)))
        finally:  # after the reply: the member never waits for the post's live edit
            if outcome.kind in ("done", "undone"):
                await bot.daily.ticked(actor.guild_id, group, day)
        if outcome.kind == "done":  # after the reply: milestone roles never slow a tick
            bot.milestones.study_changed(actor.guild_id, group, actor.user_id, outcome.roadmap_id)
        if outcome.kind in ("done", "undone"):
            await board_changed(interaction, outcome.group_id)


class UndoButton(TickButton, spec=ids.undo):
    undo = True


class TodayButton(PersistentButton[ids.TaskRef], spec=ids.today):
    """A task on ``/today``: ticks it, or asks before undoing; that private view is updated
    in place (a component update), never answered with another message."""

    undo: ClassVar[bool] = False

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        actor = actor_of(interaction)
        click = await today.today_click(
            bot.store, bot.roadmaps, actor, self.ref, bot.clock(), undo=self.undo
        )
        outcome = click.outcome
        try:
            await update(interaction, messages.today_clicked(click, reader(interaction)))
        finally:  # after the reply, as for the day post's buttons
            if outcome.kind in ("done", "undone"):
                await bot.daily.ticked(actor.guild_id, outcome.group_id, self.ref.day)
        if outcome.kind == "done":
            bot.milestones.study_changed(
                actor.guild_id, outcome.group_id, actor.user_id, outcome.roadmap_id
            )
        if outcome.kind in ("done", "undone"):
            await board_changed(interaction, outcome.group_id)


class TodayUndoButton(TodayButton, spec=ids.today_undo):
    undo = True


class TodayBackButton(PersistentButton[ids.DayRef], spec=ids.today_back):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        group, day = self.ref
        view = await today.today_again(
            bot.store, bot.roadmaps, actor_of(interaction), group, day, bot.clock()
        )
        await update(interaction, messages.today_unchanged(view, reader(interaction)))


class CheckinButton(PersistentButton[ids.GroupRef], spec=ids.checkin):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        outcome = await study.checkin(
            bot.store,
            bot.roadmaps,
            actor_of(interaction),
            None,
            None,
            bot.clock(),
            group_id=self.ref.group,
        )
        await send(interaction, messages.checkin_reply(outcome, reader(interaction)))
        g = outcome.group
        bot.milestones.study_changed(g.guild_id, g.id, interaction.user.id, g.roadmap_id)
        await board_changed(interaction, outcome.group.id)


class PageButton(PersistentButton[ids.PageRef], spec=ids.page):
    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        board = await progress.leaderboard(
            bot.store,
            bot.roadmaps,
            actor_of(interaction),
            self.ref.scope,
            bot.clock(),
            group_id=self.ref.group,
        )
        page = messages.leaderboard(board, self.ref.page, interaction.user.id, reader(interaction))
        await update(interaction, page)


class StandingsButton(PersistentButton[ids.GroupRef], spec=ids.standings):
    """The summary post's button: the whole final leaderboard, for the clicker alone."""

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        board = await progress.leaderboard(
            bot.store,
            bot.roadmaps,
            actor_of(interaction),
            "all",
            bot.clock(),
            group_id=self.ref.group,
        )
        await send(
            interaction, messages.leaderboard(board, 0, interaction.user.id, reader(interaction))
        )


class StudyCommands(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(
        name="today", description="Today's tasks with your ticks (only you see it)"
    )
    @app_commands.guild_only()
    async def today(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        view = await study.today(bot.store, bot.roadmaps, actor_of(interaction), bot.clock())
        await send(interaction, messages.today_view(view, reader(interaction)))

    @app_commands.command(
        name="checkin", description="Check in for today (once a day; again edits it)"
    )
    @app_commands.describe(note="What you did (optional)", minutes="Minutes studied (optional)")
    @app_commands.guild_only()
    async def checkin(
        self,
        interaction: discord.Interaction,
        note: app_commands.Range[str, 1, limits.CHECKIN_NOTE_MAX] | None = None,
        minutes: app_commands.Range[int, 0, study.MINUTES_MAX] | None = None,
    ) -> None:
        bot = bot_of(interaction)
        outcome = await study.checkin(
            bot.store, bot.roadmaps, actor_of(interaction), note, minutes, bot.clock()
        )
        await send(interaction, messages.checkin_reply(outcome, reader(interaction)))
        g = outcome.group
        bot.milestones.study_changed(g.guild_id, g.id, interaction.user.id, g.roadmap_id)
        await board_changed(interaction, outcome.group.id)

    @app_commands.command(name="progress", description="The leaderboard of this channel's group")
    @app_commands.describe(
        member="Show one member's progress by phase and the days they missed",
        period="Count today, the last 7 days, the last 30 days, or all days (default all)",
        card="Show a picture of your progress (or the member's) instead",
        share="Post the leaderboard in the channel for everyone to see",
    )
    @app_commands.guild_only()
    async def progress_(
        self,
        interaction: discord.Interaction,
        member: discord.Member | None = None,
        period: Literal["today", "week", "month", "all"] = "all",
        card: bool = False,
        share: bool = False,
    ) -> None:
        bot = bot_of(interaction)
        share = share and member is None and not card
        if not share:  # a shared board answers at once, so a refusal can still be private
            await interaction.response.defer(ephemeral=True, thinking=True)
        if card:
            who = member or interaction.user
            await send_card(interaction, who.id, name=name_of(who))
            return
        actor = actor_of(interaction)
        lang = reader(interaction)
        if member is not None:
            detail = await progress.member_progress(
                bot.store, bot.roadmaps, actor, member.id, bot.clock()
            )
            await send(interaction, messages.member_progress(detail, lang))
            return
        board = await progress.leaderboard(bot.store, bot.roadmaps, actor, period, bot.clock())
        if share:
            shared = messages.shared_board(board, public(interaction, board.group.language))
            await send(interaction, shared, ephemeral=False)
            return
        await send(interaction, messages.leaderboard(board, 0, interaction.user.id, lang))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(
        TickButton,
        UndoButton,
        TodayButton,
        TodayUndoButton,
        TodayBackButton,
        CheckinButton,
        PageButton,
        StandingsButton,
    )
    await bot.add_cog(StudyCommands(bot))
