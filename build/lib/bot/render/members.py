"""Joining, leaving and a member's own timezone."""

from __future__ import annotations

from bot.limits import CONTENT_MAX
from bot.render.discord_parts import Message, clip
from bot.roadmaps import Lang
from bot.services.membership import JoinOutcome, TimezoneOutcome


def join_outcome(o: JoinOutcome, lang: Lang) -> Message:
    title = o.roadmap.title.get(lang)
    g = o.group
    if o.kind == "joined" and g is not None:
        text = (
            f"Welcome to **{title}** in <#{g.channel_id}>! Daily tasks are posted there at "
            f"{g.post_time.strftime('%H:%M')} {g.timezone}. See today's with `/today`."
        )
    elif o.kind == "rejoined" and g is not None:
        text = (
            f"Welcome back to **{title}** in <#{g.channel_id}>: your {o.ticks_kept} ticked tasks "
            f"are still here."
        )
    elif o.kind == "already" and g is not None:
        text = f"You are already in the **{title}** group in <#{g.channel_id}>."
    elif o.kind == "choose":
        channels = "\n".join(
            f"• <#{c.channel_id}> (started {c.start_date.isoformat()})" for c in o.candidates
        )
        text = (
            f"Several groups run **{title}** in this server. Run `/join roadmap:{o.roadmap.id}` "
            f"in the channel of the one you want:\n{channels}"
        )
    else:
        text = (
            f"No group runs **{title}** in this server yet. Someone with the **Manage Server** "
            f"permission can start one in a channel with `/roadmap start roadmap:{o.roadmap.id}`."
        )
    return Message(content=clip(text, CONTENT_MAX))


def left(roadmap_id: str) -> Message:
    return Message(
        content=(
            f"You left the `{roadmap_id}` group. Your progress is kept: `/join "
            f"roadmap:{roadmap_id}` brings it back."
        )
    )


def timezone_set(o: TimezoneOutcome) -> Message:
    if o.timezone is None:
        return Message(content="Your check-ins now follow each group's own timezone.")
    return Message(
        content=f"Your timezone is now **{o.timezone}** for check-ins in {o.groups} group(s)."
    )
