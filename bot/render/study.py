"""What a member sees when studying: tick replies, today's tasks, check-in replies."""

from __future__ import annotations

import discord

from bot.limits import CONTENT_MAX
from bot.render import ids
from bot.render.days import DONE, day_text
from bot.render.discord_parts import ComponentsView, Message, clip, embed, ts
from bot.roadmaps import Lang, task_label
from bot.services.study import CheckinOutcome, TickOutcome, TodayView


def tick_reply(o: TickOutcome, lang: Lang) -> Message:
    total = len(o.day.tasks)
    name = o.task.title.get(lang)
    view: ComponentsView | None = None
    if o.kind == "done":
        text = (
            f"{DONE} Done: **{name}**. You have done {o.done_today}/{total} tasks of day "
            f"{o.day.number}."
        )
        if o.done_today == total:
            text += " 🎉 Day complete!"
    elif o.kind == "already":
        text = (
            f"You already did **{name}** ({o.done_today}/{total} tasks of day {o.day.number}). "
            f"Clicked by mistake? Undo it:"
        )
        view = ComponentsView()
        view.button(
            "Undo", ids.undo(o.group_id, o.day.number, o.task.id), discord.ButtonStyle.danger
        )
    elif o.kind == "undone":
        text = (
            f"Undone: **{name}** is open again ({o.done_today}/{total} tasks of day "
            f"{o.day.number})."
        )
    elif o.kind == "not_done":
        text = f"**{name}** was not marked done, so there is nothing to undo."
    else:
        text = "You are not in this study group yet. Join to track your tasks:"
        view = ComponentsView()
        view.button(f"Join {o.roadmap_id}", ids.join(o.group_id), discord.ButtonStyle.primary)
    return Message(content=clip(text, CONTENT_MAX), view=view)


def today_view(t: TodayView, lang: Lang) -> Message:
    roadmap = t.roadmap
    if t.day is None:
        when = f" {ts(t.next_day_at)}" if t.next_day_at else ""
        return Message(
            content=f"**{roadmap.title.get(lang)}** has not started yet: day 1 is released{when}."
        )
    title = f"Day {t.day.number}/{roadmap.total_days} · {roadmap.title.get(lang)}"
    e = embed(title, day_text(roadmap, t.day, lang, t.done))
    if roadmap.is_summary(t.released):
        e.description = (e.description or "") + "\n\nThe roadmap is complete. 🎓"
    view = ComponentsView()
    for k, task in enumerate(t.day.tasks, 1):
        done = task.id in t.done
        view.button(
            task_label(k, task.title.get(lang)),
            (ids.undo if done else ids.tick)(t.group.id, t.day.number, task.id),
            discord.ButtonStyle.success if done else discord.ButtonStyle.secondary,
        )
    return Message(embeds=[e], view=view)


def checkin_reply(o: CheckinOutcome) -> Message:
    verb = "Checked in" if o.created else "Updated your check-in"
    parts = [f"{verb} for {o.checkin.local_date.isoformat()} ({o.timezone})."]
    if o.checkin.minutes is not None:
        parts.append(f"{o.checkin.minutes} min.")
    if o.checkin.note:
        parts.append(f"Note: {o.checkin.note}")
    parts.append(f"🔥 Streak: {o.streak} day{'s' if o.streak != 1 else ''}.")
    return Message(content=clip(" ".join(parts), CONTENT_MAX))
