"""A group as its admins see it: status, the missing-permissions warning, stopping it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.choices import zone_label
from bot.render.discord_parts import Message, add_field, clip, embed, ts
from bot.render.reminders import status_line as reminders_line
from bot.render.replies import confirm
from bot.render.threads import thread_refused_text, threads_permission_note
from bot.services.groups import GroupStatus
from bot.services.posting import ChannelProblem, problem_of
from bot.services.zones import describe, zone


def _permission(t: Catalog, flag: str) -> str:
    """Discord's name of a permission daily posts need, by ``discord.Permissions`` flag."""
    names = {
        "view_channel": t.pgettext("permission", "View Channel"),
        "send_messages": t.pgettext("permission", "Send Messages"),
        "embed_links": t.pgettext("permission", "Embed Links"),
        "read_message_history": t.pgettext("permission", "Read Message History"),
    }
    return names.get(flag, flag)


def _state(t: Catalog, state: str) -> str:
    words = {
        "active": t.pgettext("group state", "active"),
        "paused": t.pgettext("group state", "paused"),
        "stopped": t.pgettext("group state", "stopped"),
        "finished": t.pgettext("group state", "finished"),
    }
    return words.get(state, state)


def _schedule(t: Catalog, s: GroupStatus) -> str:
    g = s.group
    cadence = t.gettext("weekdays") if g.weekdays_only else t.gettext("every day")
    pace = ""
    if g.pace > 1:
        pace = t.ngettext(", 1 roadmap day per {n} day", ", 1 roadmap day per {n} days", g.pace)
    return t.gettext(
        "{time} {timezone}, {cadence}{pace}; started {start}",
        time=t.time(g.post_time),
        timezone=g.timezone,
        cadence=cadence,
        pace=pace,
        start=t.date(g.start_date),
    )


def _language(t: Catalog, s: GroupStatus) -> str:
    if s.group.language is None:
        return t.gettext("the server's")
    return t.language(s.group.language)


def problem_text(t: Catalog, channel_id: int, problem: ChannelProblem) -> str:
    """What a refused post means, and the fix."""
    what = {
        "missing_access": t.gettext("missing access or permission"),
        "not_found": t.gettext("channel not found"),
    }.get(problem.kind, t.gettext("refused"))
    return t.gettext(
        "Cannot post in <#{channel}>: {what} (Discord said: {said}). Give the bot View Channel, "
        "Send Messages, Embed Links and Read Message History there, then `/roadmap resume`.",
        channel=channel_id,
        what=what,
        said=problem.said,
    )


def status(
    s: GroupStatus, lang: Lang, *, started: bool = False, threads_missing: bool = False
) -> Message:
    """The group's status; ``threads_missing``: the bot lacks Create Public Threads in the
    channel (reported when day threads are on)."""
    t = for_lang(lang)
    g, roadmap = s.group, s.roadmap
    title = roadmap.title.get(lang)
    if started:
        head = t.gettext("Study group started · {title}", title=title)
    else:
        head = t.gettext("Study group status · {title}", title=title)
    if s.day == 0:
        progress = t.gettext(
            "Not started yet: day 1 of {total} comes first.", total=roadmap.total_days
        )
    elif roadmap.is_summary(s.day):
        progress = t.gettext(
            "All {total} days released; the summary is due.", total=roadmap.total_days
        )
    else:
        progress = t.gettext("Day **{day}** of {total}", day=s.day, total=roadmap.total_days)
    if started:
        progress = f"{understood(s, lang)}\n{progress}"
    e = embed(head, progress)
    days = t.ngettext("{n} day", "{n} days", roadmap.total_days)
    add_field(e, t.gettext("Roadmap"), f"`{roadmap.id}` · {days}", inline=True)
    add_field(e, t.gettext("State"), _state(t, g.state), inline=True)
    add_field(e, t.gettext("Members"), t.number(s.members), inline=True)
    add_field(e, t.gettext("Language"), _language(t, s), inline=True)
    add_field(e, t.gettext("Schedule"), _schedule(t, s))
    if s.next_post is not None:
        day, when = s.next_post
        what = t.gettext("summary") if roadmap.is_summary(day) else t.gettext("day {day}", day=day)
        add_field(
            e,
            t.gettext("Next post"),
            t.gettext(
                "{what}: {when} ({timezone}) · {relative}",
                what=what,
                when=t.moment(when, g.timezone),
                timezone=g.timezone,
                relative=ts(when),
            ),
        )
    elif g.state == "paused":
        add_field(e, t.gettext("Next post"), t.gettext("paused: resume with `/roadmap resume`"))
    if s.day >= 1 and s.today_possible:
        add_field(
            e,
            t.gettext("Today's completion"),
            t.gettext(
                "{done}/{possible} tasks ({percent})",
                done=t.number(s.today_done),
                possible=t.number(s.today_possible),
                percent=t.percent(s.today_percent),
            ),
        )
    if s.missed_days:
        add_field(e, t.gettext("Missed posts"), ", ".join(map(str, s.missed_days)))
    add_field(e, t.gettext("Reminders"), reminders_line(s.reminders, lang))
    problem = problem_of(g)
    if problem is not None:
        add_field(e, "⚠️ " + t.gettext("Problem"), problem_text(t, g.channel_id, problem))
    if s.threads and threads_missing:
        note = threads_permission_note(lang, threads_on=True)
        add_field(e, "⚠️ " + t.gettext("Day threads"), note)
    elif s.thread_refused is not None and s.thread_refused.problem:
        refused = thread_refused_text(s.thread_refused.day, s.thread_refused.problem, lang)
        add_field(e, "⚠️ " + t.gettext("Day threads"), refused)
    if s.milestones_refused:
        add_field(e, "⚠️ " + t.gettext("Milestone roles"), _milestones_refused(t, s))
    return Message(embeds=[e])


def _milestones_refused(t: Catalog, s: GroupStatus) -> str:
    return t.ngettext(
        "Discord refused {n} role grant (the role moved above mine, or I lost Manage Roles). "
        "See `/roadmap milestones`.",
        "Discord refused {n} role grants (the role moved above mine, or I lost Manage Roles). "
        "See `/roadmap milestones`.",
        s.milestones_refused,
    )


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


def missing_permissions_warning(missing: Sequence[str], lang: Lang) -> str:
    """``missing``: ``discord.Permissions`` flag names (``send_messages``)."""
    t = for_lang(lang)
    names = [_permission(t, flag) for flag in missing]
    return clip(
        t.gettext(
            "⚠️ I am missing **{permissions}** in this channel, so daily posts will fail here. "
            "Please grant them to the bot (channel settings → Permissions).",
            permissions=t.list(names),
        ),
        CONTENT_MAX,
    )


def stop_question(roadmap_id: str, group_id: int, lang: Lang) -> Message:
    t = for_lang(lang)
    question = t.gettext(
        "Stop the `{roadmap}` group in this channel? Progress is kept; daily posts end.",
        roadmap=roadmap_id,
    )
    return confirm(question, t.pgettext("button", "Stop the group"), ids.stop(group_id), lang)


def stopped(roadmap_id: str, lang: Lang) -> Message:
    t = for_lang(lang)
    return Message(
        content=t.gettext(
            "Stopped the `{roadmap}` group. Its progress is kept; no more daily posts.",
            roadmap=roadmap_id,
        )
    )
