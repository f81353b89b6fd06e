"""The weekly digest: one public post per group and week, in the group's language.

An embed (the week's numbers, the top five, the most improved, the longest streaks, who has
been quiet, what next week brings) with the week's chart attached as a PNG, and one button
(the week's leaderboard) whose id names the group and the week: that is how the bot
recognises the digest in its channel (``bot/daily/delivery.py``). Every list is bounded here
and every text goes through ``discord_parts``, so the digest fits Discord's limits whatever
the group's size.
"""

from __future__ import annotations

import discord

from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import ComponentsView, Message, add_field, embed, upload
from bot.services.digest import WeekDigest

INACTIVE_NAMED = 15
"""Quiet members named at most (the rest are counted)."""
CHART_FILE = "week.png"


def week_id(digest: WeekDigest) -> str:
    """The digest's button id, which also marks it in the channel."""
    return ids.digest(digest.group.id, int(digest.week_start.strftime("%Y%m%d")))


def _numbers(t: Catalog, d: WeekDigest) -> str:
    lines = [
        t.gettext(
            "Completion: **{completion}** of the week's tasks ({members} members)",
            completion=t.percent(d.completion),
            members=t.number(d.members),
        ),
        t.gettext(
            "✅ {tasks} · ✍️ {checkins} · ⏱️ {minutes}",
            tasks=t.ngettext("{n} task done", "{n} tasks done", d.tasks_done),
            checkins=t.ngettext("{n} check-in", "{n} check-ins", d.checkins),
            minutes=t.gettext("{minutes} studied", minutes=t.minutes(d.minutes)),
        ),
    ]
    return "\n".join(lines)


def _top(t: Catalog, d: WeekDigest) -> str:
    return "\n".join(
        t.gettext(
            "{rank}. <@{user}> · **{points}** pts · {tasks} · {checkins}",
            rank=k,
            user=s.user_id,
            points=t.number(s.points),
            tasks=t.ngettext("{n} task", "{n} tasks", s.tasks),
            checkins=t.ngettext("{n} check-in", "{n} check-ins", s.checkins),
        )
        for k, s in enumerate(d.top, 1)
    )


def _improved(t: Catalog, d: WeekDigest) -> str:
    return "\n".join(
        t.gettext(
            "<@{user}> · {before} → **{after}** tasks",
            user=i.user_id,
            before=t.number(i.before),
            after=t.number(i.after),
        )
        for i in d.improved
    )


def _streaks(t: Catalog, d: WeekDigest) -> str:
    return "\n".join(
        t.ngettext("<@{user}> · 🔥 {n} day", "<@{user}> · 🔥 {n} days", s.days, user=s.user_id)
        for s in d.streaks
    )


def _inactive(t: Catalog, d: WeekDigest) -> str:
    count = len(d.inactive)
    if not d.names_inactive:
        return t.ngettext(
            "{n} member has not ticked or checked in for 3 days or more.",
            "{n} members have not ticked or checked in for 3 days or more.",
            count,
        )
    named = t.list(f"<@{u}>" for u in d.inactive[:INACTIVE_NAMED])
    rest = count - INACTIVE_NAMED
    if rest > 0:
        named = t.ngettext("{names} and {n} more", "{names} and {n} more", rest, names=named)
    return t.gettext("No tick or check-in for 3 days or more: {names}", names=named)


def _next_week(t: Catalog, d: WeekDigest, lang: Lang) -> str:
    roadmap = d.roadmap
    lines: list[str] = []
    phase = None
    for nd in d.next_days:
        if nd.phase != phase:
            phase = nd.phase
            title = roadmap.phases[nd.phase - 1].title.get(lang) if nd.phase else ""
            lines.append(t.gettext("**Phase {number}: {title}**", number=nd.phase, title=title))
        lines.append(
            t.gettext(
                "{date} · Day {day}: {title}",
                date=t.day(nd.on),
                day=nd.day,
                title=roadmap.day(nd.day).title.get(lang),
            )
        )
    if d.summary_next:
        lines.append(t.gettext("🎓 The roadmap ends: the group's summary is posted."))
    if not lines:
        lines.append(t.gettext("No new days are scheduled for next week."))
    return "\n".join(lines)


def digest_post(d: WeekDigest, lang: Lang, chart: bytes | None, chart_alt: str) -> Message:
    """The digest; without ``chart`` (the channel does not let the bot attach files) the
    embed says where the chart would be."""
    t = for_lang(lang)
    intro = t.gettext("Week of {date}", date=t.date(d.week_start))
    if d.late:
        intro += "\n*" + t.gettext("Posted late: the bot was offline at the usual time.") + "*"
    if chart is None:
        intro += "\n*" + t.gettext("The chart is missing: the bot may not attach files here.") + "*"
    title = t.gettext("Weekly digest · {title}", title=d.roadmap.title.get(lang))
    e = embed(title, intro)
    add_field(e, t.gettext("The week"), _numbers(t, d))
    if d.top:
        add_field(e, t.gettext("Top members"), _top(t, d))
    if d.improved:
        add_field(e, t.gettext("Most improved"), _improved(t, d))
    if d.streaks:
        add_field(e, t.gettext("Longest streaks"), _streaks(t, d))
    if d.inactive:
        add_field(e, t.gettext("Quiet members"), _inactive(t, d))
    add_field(e, t.gettext("Next week"), _next_week(t, d, lang))
    files = []
    if chart is not None:
        e.set_image(url=f"attachment://{CHART_FILE}")
        files.append(upload(CHART_FILE, chart, chart_alt))
    view = ComponentsView()
    view.button(t.gettext("This week's leaderboard 📊"), week_id(d), discord.ButtonStyle.primary)
    return Message(embeds=[e], view=view, files=files)
