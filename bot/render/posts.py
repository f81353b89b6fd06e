"""The public posts of a group: each day's tasks with their buttons, and the final summary.

Members see no internal identifier: the bot recognises its own posts by their buttons' ids
(a day's task buttons name the group and the day; the summary's Final standings button names
the group), see ``bot/daily/delivery.py``.
"""

from __future__ import annotations

import discord

from bot.render import ids
from bot.render.days import day_text
from bot.render.discord_parts import ComponentsView, Message, embed, ts
from bot.roadmaps import Lang
from bot.services.posting import PostPlan, Summary


def day_post(plan: PostPlan, lang: Lang) -> Message:
    """The public daily post: the day's tasks, one button per task and a Check-in button."""
    roadmap, group = plan.roadmap, plan.group
    day = roadmap.day(plan.day)
    text = day_text(roadmap, day, lang)
    if roadmap.is_last_day(plan.day):
        text += "\n\n🎉 **Last day!** Finish strong: tomorrow the bot posts the group's summary."
    if plan.catch_up:
        due = plan.due or plan.post.claimed_at
        text = f"*Catch-up: this day was due {ts(due, 'D')}.*\n" + text
    elif plan.late:
        text = "*Posted late: the bot was offline at the usual time.*\n" + text
    e = embed(f"Day {plan.day}/{roadmap.total_days} · {roadmap.title.get(lang)}", text)
    view = ComponentsView()
    for k, task in enumerate(day.tasks, 1):
        view.button(f"{k}. {task.title.get(lang)}", ids.tick(group.id, plan.day, task.id))
    view.button("Check in ✍️", ids.checkin(group.id), discord.ButtonStyle.success)
    return Message(embeds=[e], view=view)


def summary_post(summary: Summary, plan: PostPlan, lang: Lang) -> Message:
    """Posted on the roadmap's summary day: completion, the top members, and a button that
    shows the clicker the whole final leaderboard."""
    roadmap = summary.roadmap
    lines = [
        f"The group finished **{roadmap.title.get(lang)}** ({roadmap.total_days} days)! 🎓",
        f"Members: {summary.members} · completion: **{summary.completion}%**",
    ]
    if summary.top:
        lines.append("\n**Top members**")
        lines.extend(
            f"{r.rank}. <@{r.user_id}> · {r.done}/{r.released} tasks · {r.points} pts"
            for r in summary.top
        )
    e = embed("Roadmap complete", "\n".join(lines))
    view = ComponentsView()
    view.button("Final standings 🏆", ids.standings(plan.group.id), discord.ButtonStyle.primary)
    return Message(embeds=[e], view=view)
