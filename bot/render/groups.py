"""A group as its admins see it: status, the missing-permissions warning, stopped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.limits import CONTENT_MAX
from bot.render.catalog import for_lang
from bot.render.choices import zone_label
from bot.render.discord_parts import Message, add_field, clip, embed, local_time, ts
from bot.roadmaps import Lang
from bot.services.groups import GroupStatus
from bot.services.zones import describe, zone


def status(s: GroupStatus, lang: Lang, *, started: bool = False) -> Message:
    g, roadmap = s.group, s.roadmap
    head = "Study group started" if started else "Study group status"
    if s.day == 0:
        progress = f"Not started yet: day 1 of {roadmap.total_days} comes first."
    elif roadmap.is_summary(s.day):
        progress = f"All {roadmap.total_days} days released; the summary is due."
    else:
        progress = f"Day **{s.day}** of {roadmap.total_days}"
    if started:
        progress = f"{understood(s, lang)}\n{progress}"
    e = embed(f"{head} · {roadmap.title.get(lang)}", progress)
    add_field(e, "Roadmap", f"`{roadmap.id}` · {roadmap.total_days} days", inline=True)
    add_field(e, "State", g.state, inline=True)
    add_field(e, "Members", str(s.members), inline=True)
    cadence = "weekdays" if g.weekdays_only else "every day"
    pace = f", 1 roadmap day per {g.pace} days" if g.pace > 1 else ""
    add_field(
        e,
        "Schedule",
        f"{g.post_time.strftime('%H:%M')} {g.timezone}, {cadence}{pace}; "
        f"started {g.start_date.isoformat()}",
    )
    if s.next_post is not None:
        day, when = s.next_post
        what = "summary" if roadmap.is_summary(day) else f"day {day}"
        add_field(e, "Next post", f"{what}: {local_time(when, g.timezone)} · {ts(when)}")
    elif g.state == "paused":
        add_field(e, "Next post", "paused: resume with `/roadmap resume`")
    if s.day >= 1 and s.today_possible:
        add_field(
            e, "Today's completion", f"{s.today_done}/{s.today_possible} tasks ({s.today_percent}%)"
        )
    if s.missed_days:
        add_field(e, "Missed posts", ", ".join(map(str, s.missed_days)))
    if g.problem:
        add_field(e, "⚠️ Problem", g.problem)
    return Message(embeds=[e])


def understood(s: GroupStatus, lang: Lang) -> str:
    """What the bot understood the admin typed, in words: the first day, the post time and the
    zone (so a misread date or zone is seen at once, not on the first post)."""
    t, g = for_lang(lang), s.group
    first_post = datetime.combine(g.start_date, g.post_time, tzinfo=zone(g.timezone))
    return t.gettext(
        "Starts **{date}**; posts at **{time}**, {zone}.",
        date=t.date(g.start_date),
        time=t.time(g.post_time),
        zone=zone_label(describe(g.timezone, lang, first_post)),
    )


def missing_permissions_warning(missing: Sequence[str]) -> str:
    return clip(
        f"⚠️ I am missing **{', '.join(missing)}** in this channel, so daily posts will fail "
        "here. Please grant them to the bot (channel settings → Permissions).",
        CONTENT_MAX,
    )


def stopped(roadmap_id: str) -> Message:
    return Message(
        content=f"Stopped the `{roadmap_id}` group. Its progress is kept; no more daily posts."
    )
