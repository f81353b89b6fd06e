"""Reminders' words: the DM, the roll call in the group's channel, and the replies to
``/remind`` and to "stop reminding me" (README "Reminders")."""

from __future__ import annotations

from datetime import date

from bot.limits import CONTENT_MAX, ROLLCALL_NAMES_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.discord_parts import ComponentsView, Message, clip
from bot.roadmaps import Roadmap
from bot.services.remind import RemindOutcome
from bot.services.reminders import Due, ReminderPlan, RollCall


def date_number(day: date) -> int:
    """A local date as the ``YYYYMMDD`` an id carries."""
    return day.year * 10000 + day.month * 100 + day.day


def reminder_dm(plan: ReminderPlan, roadmap: Roadmap, due: Due, lang: Lang) -> Message:
    """The DM: what is still open today, the streak at risk, and "stop reminding me"."""
    t = for_lang(lang)
    group, reminder = plan.group, due.reminder
    lines = [
        t.gettext(
            "⏰ You have not ticked a task or checked in today in **{title}** (<#{channel}>). "
            "A few minutes still count!",
            title=roadmap.title.get(lang),
            channel=group.channel_id,
        )
    ]
    if reminder.streak:
        lines.append(
            t.ngettext(
                "🔥 Your {n}-day streak breaks tonight unless you check in.",
                "🔥 Your {n}-day streak breaks tonight unless you check in.",
                reminder.streak,
            )
        )
    lines.append(t.gettext("Change the time with `/remind`."))
    view = ComponentsView()
    view.button(
        t.pgettext("button", "Stop reminding me"),
        ids.remind_stop(group.guild_id, group.id, date_number(reminder.local_date)),
    )
    return Message(content=clip("\n".join(lines), CONTENT_MAX), view=view)


def rollcall_post(plan: ReminderPlan, roadmap: Roadmap, rollcall: RollCall, lang: Lang) -> Message:
    """One short message naming the members whose DMs are closed; it pings them only when
    the group lets it (``rollcall_mentions``), else the names show without a ping."""
    t = for_lang(lang)
    group, mentions = plan.group, plan.settings.rollcall_mentions
    named = rollcall.user_ids[:ROLLCALL_NAMES_MAX]
    names = " ".join(f"<@{u}>" for u in named)
    more = len(rollcall.user_ids) - len(named)
    if more:
        names += " " + t.ngettext("and {n} more", "and {n} more", more)
    text = t.gettext(
        "📣 Not studied yet today in **{title}**: {names}\n"
        "Your DMs are closed, so your reminder comes here. Open them, or turn reminders off.",
        title=roadmap.title.get(lang),
        names=names,
    )
    view = ComponentsView()
    view.button(
        t.pgettext("button", "Stop reminding me"),
        ids.rollcall(group.id, date_number(rollcall.local_date)),
    )
    return Message(
        content=clip(text, CONTENT_MAX), view=view, mention_users=named if mentions else ()
    )


def remind_reply(o: RemindOutcome, lang: Lang) -> Message:
    """What ``/remind`` says: the member's choice and whether the group sends reminders."""
    t = for_lang(lang)
    channel = o.group.channel_id
    if not o.pref.enabled:
        text = t.gettext(
            "Reminders are off for you in <#{channel}>. `/remind enabled:True` turns them on.",
            channel=channel,
        )
    else:
        text = t.gettext(
            "You will be reminded by DM at {time} ({timezone}) on study days when you have not "
            "ticked a task or checked in yet in <#{channel}>. `/remind enabled:False` turns "
            "this off.",
            time=t.time(o.at),
            timezone=o.timezone,
            channel=channel,
        )
        if not o.group_on:
            text += "\n" + t.gettext(
                "This group sends no reminders yet: someone with the **Manage Server** "
                "permission can turn them on in `/roadmap settings`."
            )
    return Message(content=clip(text, CONTENT_MAX))


def stopped_reply(o: RemindOutcome, lang: Lang) -> Message:
    t = for_lang(lang)
    text = t.gettext(
        "Done: no more reminders from <#{channel}>. `/remind enabled:True` turns them back on.",
        channel=o.group.channel_id,
    )
    return Message(content=text)


def status_line(counts: tuple[bool, int, int], lang: Lang) -> str:
    """The reminders field of ``/roadmap status``: off, or sent today and in all."""
    on, today, total = counts
    t = for_lang(lang)
    if not on:
        return t.gettext("Off (`/roadmap settings`)")
    return t.ngettext(
        "{n} sent today, {total} in all",
        "{n} sent today, {total} in all",
        today,
        total=t.number(total),
    )
