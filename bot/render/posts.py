"""The public posts of a group: each day's tasks with their buttons, and the final summary.

Posts are written in the group's language (``bot.locale.group_lang``), not a reader's.

Members see no internal identifier: the bot recognises its own posts by their buttons' ids
(a day's task buttons name the group and the day; the summary's Final standings button names
the group), see ``bot/daily/delivery.py``.
"""

from __future__ import annotations

import discord

from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.days import day_heading, day_text
from bot.render.discord_parts import ComponentsView, Message, add_field, embed, ts
from bot.roadmaps import task_number
from bot.services.live import DayCompletion
from bot.services.posting import PostPlan, Summary


def day_post(plan: PostPlan, lang: Lang, completion: DayCompletion | None = None) -> Message:
    """The public daily post: the day's tasks, one button per task and a Check-in button;
    with ``completion``, a field with how many members did each task and the whole day (the
    bot edits it live, ``bot/daily/live.py``)."""
    t = for_lang(lang)
    roadmap, group = plan.roadmap, plan.group
    day = roadmap.day(plan.day)
    text = day_text(roadmap, day, lang)
    if roadmap.is_last_day(plan.day):
        text += "\n\n" + t.gettext(
            "🎉 **Last day!** Finish strong: tomorrow the bot posts the group's summary."
        )
    if plan.catch_up:
        due = plan.due or plan.post.claimed_at
        note = t.gettext("Catch-up: this day was due {when}.", when=ts(due, "D"))
        text = f"*{note}*\n" + text
    elif plan.late:
        note = t.gettext("Posted late: the bot was offline at the usual time.")
        text = f"*{note}*\n" + text
    e = embed(day_heading(t, roadmap, plan.day), text)
    if completion is not None:
        add_field(e, t.gettext("Group progress"), completion_text(t, completion))
    view = ComponentsView()
    for k, task in enumerate(day.tasks, 1):
        view.button(
            task.title.get(lang), ids.tick(group.id, plan.day, task.id), emoji=task_number(k)
        )
    view.button(
        t.pgettext("button", "Check in ✍️"), ids.checkin(group.id), discord.ButtonStyle.success
    )
    return Message(embeds=[e], view=view)


def completion_text(t: Catalog, c: DayCompletion) -> str:
    """``1️⃣ ✅ 7/12`` per task, then the members who did the whole day."""
    if c.members == 0:
        return t.gettext("No members yet: `/join` to take part.")
    members = t.number(c.members)
    lines = [f"{task_number(k)} ✅ {t.number(n)}/{members}" for k, n in enumerate(c.per_task, 1)]
    lines.append(
        t.gettext(
            "🏁 Whole day done: {done}/{members} ({percent})",
            done=t.number(c.complete),
            members=members,
            percent=t.percent(round(100 * c.complete / c.members)),
        )
    )
    return "\n".join(lines)


def summary_post(summary: Summary, plan: PostPlan, lang: Lang) -> Message:
    """Posted on the roadmap's summary day: completion, the top members, and a button that
    shows the clicker the whole final leaderboard."""
    t = for_lang(lang)
    roadmap = summary.roadmap
    lines = [
        t.ngettext(
            "The group finished **{title}** ({n} day)! 🎓",
            "The group finished **{title}** ({n} days)! 🎓",
            roadmap.total_days,
            title=roadmap.title.get(lang),
        ),
        t.gettext(
            "Members: {members} · completion: **{completion}**",
            members=t.number(summary.members),
            completion=t.percent(summary.completion),
        ),
    ]
    if summary.top:
        lines.append("\n**" + t.gettext("Top members") + "**")
        lines.extend(
            t.gettext(
                "{rank}. <@{user}> · {done}/{released} tasks · {points} pts",
                rank=r.rank,
                user=r.user_id,
                done=t.number(r.done),
                released=t.number(r.released),
                points=t.number(r.points),
            )
            for r in summary.top
        )
    e = embed(t.gettext("Roadmap complete"), "\n".join(lines))
    view = ComponentsView()
    view.button(
        t.gettext("Final standings 🏆"), ids.standings(plan.group.id), discord.ButtonStyle.primary
    )
    return Message(embeds=[e], view=view)
