"""Joining, leaving and a member's own timezone."""

from __future__ import annotations

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.discord_parts import Message, clip
from bot.render.replies import confirm
from bot.services.membership import JoinOutcome, TimezoneOutcome


def join_outcome(o: JoinOutcome, lang: Lang) -> Message:
    t = for_lang(lang)
    title = o.roadmap.title.get(lang)
    g = o.group
    if o.kind == "joined" and g is not None:
        text = t.gettext(
            "Welcome to **{title}** in <#{channel}>! Daily tasks are posted there at {time} "
            "{timezone}. See today's with `/today`.",
            title=title,
            channel=g.channel_id,
            time=t.time(g.post_time),
            timezone=g.timezone,
        )
    elif o.kind == "rejoined" and g is not None:
        text = t.ngettext(
            "Welcome back to **{title}** in <#{channel}>: your {n} ticked task is still here.",
            "Welcome back to **{title}** in <#{channel}>: your {n} ticked tasks are still here.",
            o.ticks_kept,
            title=title,
            channel=g.channel_id,
        )
    elif o.kind == "already" and g is not None:
        text = t.gettext(
            "You are already in the **{title}** group in <#{channel}>.",
            title=title,
            channel=g.channel_id,
        )
    elif o.kind == "choose":
        channels = "\n".join(
            "• "
            + t.gettext(
                "<#{channel}> (started {start})", channel=c.channel_id, start=t.date(c.start_date)
            )
            for c in o.candidates
        )
        text = t.gettext(
            "Several groups run **{title}** in this server. Run `/join roadmap:{roadmap}` in the "
            "channel of the one you want:\n{channels}",
            title=title,
            roadmap=o.roadmap.id,
            channels=channels,
        )
    else:
        text = t.gettext(
            "No group runs **{title}** in this server yet. Someone with the **Manage Server** "
            "permission can start one in a channel with `/roadmap start roadmap:{roadmap}`.",
            title=title,
            roadmap=o.roadmap.id,
        )
    return Message(content=clip(text, CONTENT_MAX))


def leave_question(roadmap_id: str, group_id: int, lang: Lang) -> Message:
    t = for_lang(lang)
    question = t.gettext(
        "Leave the `{roadmap}` group? Your progress is kept and comes back if you join again.",
        roadmap=roadmap_id,
    )
    return confirm(question, t.pgettext("button", "Leave"), ids.leave(group_id), lang)


def left(roadmap_id: str, lang: Lang) -> Message:
    t = for_lang(lang)
    return Message(
        content=t.gettext(
            "You left the `{roadmap}` group. Your progress is kept: `/join roadmap:{roadmap}` "
            "brings it back.",
            roadmap=roadmap_id,
        )
    )


def timezone_set(o: TimezoneOutcome, lang: Lang) -> Message:
    t = for_lang(lang)
    if o.timezone is None:
        return Message(content=t.gettext("Your check-ins now follow each group's own timezone."))
    return Message(
        content=t.ngettext(
            "Your timezone is now **{timezone}** for check-ins in {n} group.",
            "Your timezone is now **{timezone}** for check-ins in {n} groups.",
            o.groups,
            timezone=o.timezone,
        )
    )
