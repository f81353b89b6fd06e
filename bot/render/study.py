"""What a member sees when studying: tick replies, today's tasks, check-in replies."""

from __future__ import annotations

import discord

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.days import DONE, day_heading, day_text
from bot.render.discord_parts import ComponentsView, Message, clip, embed, ts
from bot.roadmaps import task_number
from bot.services.study import CheckinOutcome, TickOutcome, TodayView


def tick_reply(o: TickOutcome, lang: Lang) -> Message:
    t = for_lang(lang)
    total = len(o.day.tasks)
    name = o.task.title.get(lang)
    counts = {"name": name, "done": o.done_today, "total": total, "day": o.day.number}
    view: ComponentsView | None = None
    if o.kind == "done":
        text = (
            DONE
            + " "
            + t.gettext(
                "Done: **{name}**. You have done {done}/{total} tasks of day {day}.", **counts
            )
        )
        if o.done_today == total:
            text += " " + t.gettext("🎉 Day complete!")
    elif o.kind == "already":
        text = t.gettext(
            "You already did **{name}** ({done}/{total} tasks of day {day}). Clicked by "
            "mistake? Undo it:",
            **counts,
        )
        view = ComponentsView()
        view.button(
            t.pgettext("button", "Undo"),
            ids.undo(o.group_id, o.day.number, o.task.id),
            discord.ButtonStyle.danger,
        )
    elif o.kind == "undone":
        text = t.gettext(
            "Undone: **{name}** is open again ({done}/{total} tasks of day {day}).", **counts
        )
    elif o.kind == "not_done":
        text = t.gettext("**{name}** was not marked done, so there is nothing to undo.", name=name)
    else:
        text = t.gettext("You are not in this study group yet. Join to track your tasks:")
        view = ComponentsView()
        view.button(
            t.pgettext("button", "Join {roadmap}", roadmap=o.roadmap_id),
            ids.join(o.group_id),
            discord.ButtonStyle.primary,
        )
    return Message(content=clip(text, CONTENT_MAX), view=view)


def today_view(v: TodayView, lang: Lang) -> Message:
    t = for_lang(lang)
    roadmap = v.roadmap
    if v.day is None:
        title = roadmap.title.get(lang)
        if v.next_day_at is not None:
            text = t.gettext(
                "**{title}** has not started yet: day 1 is released {when}.",
                title=title,
                when=ts(v.next_day_at),
            )
        else:
            text = t.gettext("**{title}** has not started yet.", title=title)
        return Message(content=text)
    e = embed(day_heading(t, roadmap, v.day.number), day_text(roadmap, v.day, lang, v.done))
    if roadmap.is_summary(v.released):
        e.description = (e.description or "") + "\n\n" + t.gettext("The roadmap is complete. 🎓")
    view = ComponentsView()
    for k, task in enumerate(v.day.tasks, 1):
        done = task.id in v.done
        view.button(
            task.title.get(lang),
            (ids.undo if done else ids.tick)(v.group.id, v.day.number, task.id),
            discord.ButtonStyle.success if done else discord.ButtonStyle.secondary,
            emoji=task_number(k),
        )
    return Message(embeds=[e], view=view)


def checkin_reply(o: CheckinOutcome, lang: Lang) -> Message:
    t = for_lang(lang)
    when = {"date": t.day(o.checkin.local_date), "timezone": o.timezone}
    if o.created:
        parts = [t.gettext("Checked in for {date} ({timezone}).", **when)]
    else:
        parts = [t.gettext("Updated your check-in for {date} ({timezone}).", **when)]
    if o.checkin.minutes is not None:
        parts.append(t.gettext("Studied {minutes}.", minutes=t.minutes(o.checkin.minutes)))
    if o.checkin.note:
        parts.append(t.gettext("Note: {note}", note=o.checkin.note))
    if not o.counted:
        if o.checkin.minutes == 0:
            parts.append(t.gettext("0 minutes: this check-in earns no points and no streak day."))
        else:
            parts.append(
                t.gettext(
                    "The group starts on {date}: check-ins before then earn no points and no "
                    "streak day.",
                    date=t.day(o.group.start_date),
                )
            )
    parts.append(t.ngettext("🔥 Streak: {n} day.", "🔥 Streak: {n} days.", o.streak))
    if o.freezes_left is not None and o.streak > 0:
        parts.append(
            t.ngettext(
                "❄️ {n} streak freeze left this month: it keeps your streak on a day you miss.",
                "❄️ {n} streak freezes left this month: each keeps your streak on a day you miss.",
                o.freezes_left,
            )
        )
    return Message(content=clip("\n".join(parts), CONTENT_MAX))
