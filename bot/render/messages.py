"""What users see: pure builders from service dataclasses to content, embeds and buttons.

This is the only module that knows Discord's size limits; everything it returns fits them by
construction (texts are clipped, rows hold at most 5 buttons, at most 25 per message), and
``tests/render`` checks every shipped roadmap day in both languages against them.

Buttons are carried by ``ComponentsView``: it only describes components. Clicks are handled by
the ``DynamicItem``s the cogs register, matched by ``custom_id``, so they survive restarts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import discord

from bot.render import ids
from bot.roadmaps import Day, Lang, Roadmap
from bot.services.groups import DayPreview, GroupStatus, RoadmapInfo
from bot.services.membership import JoinOutcome, TimezoneOutcome
from bot.services.posting import PostPlan, Summary, post_marker
from bot.services.progress import Leaderboard, MemberProgress, Row
from bot.services.schedule import zone
from bot.services.study import CheckinOutcome, TickOutcome, TodayView

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
FIELDS_MAX = 25
LABEL_MAX = 80
CUSTOM_ID_MAX = 100
BUTTONS_PER_ROW = 5
ROWS_MAX = 5
CHOICES_MAX = 25
PAGE_SIZE = 10

COLOR = discord.Colour(0x5865F2)
DONE = "✅"
TODO = "⬜"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ComponentsView(discord.ui.View):
    """Components only; never stored by discord.py, so clicks reach the DynamicItems."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_dispatchable(self) -> bool:
        return False

    def button(
        self,
        label: str,
        custom_id: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        *,
        disabled: bool = False,
    ) -> None:
        if len(self.children) >= BUTTONS_PER_ROW * ROWS_MAX:
            return
        if len(custom_id) > CUSTOM_ID_MAX:
            raise ValueError(f"custom_id over {CUSTOM_ID_MAX} characters: {custom_id!r}")
        row = len(self.children) // BUTTONS_PER_ROW
        self.add_item(
            discord.ui.Button(
                label=clip(label, LABEL_MAX),
                custom_id=custom_id,
                style=style,
                disabled=disabled,
                row=row,
            )
        )


@dataclass
class Message:
    """One message or interaction reply."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: ComponentsView | None = None

    def kwargs(self) -> dict[str, object]:
        out: dict[str, object] = {"content": self.content, "embeds": self.embeds}
        if self.view is not None:
            out["view"] = self.view
        return out


def embed(title: str, description: str = "", *, footer: str | None = None) -> discord.Embed:
    e = discord.Embed(
        title=clip(title, TITLE_MAX),
        description=clip(description, DESCRIPTION_MAX) or None,
        colour=COLOR,
    )
    if footer:
        # title + description can take 4352 of the 6000 total; the footer gets what is left.
        e.set_footer(text=clip(footer, min(FOOTER_MAX, EMBED_TOTAL_MAX - len(e))))
    return e


def add_field(e: discord.Embed, name: str, value: str, *, inline: bool = False) -> None:
    name = clip(name or "-", FIELD_NAME_MAX)  # Discord rejects an empty field name
    room = EMBED_TOTAL_MAX - len(e) - len(name)
    if len(e.fields) >= FIELDS_MAX or room < 1:
        return
    e.add_field(name=name, value=clip(value or "-", min(FIELD_VALUE_MAX, room)), inline=inline)


def ts(instant: datetime, style: str = "R") -> str:
    """A Discord timestamp, shown in each reader's own zone."""
    return f"<t:{int(instant.timestamp())}:{style}>"


def local_time(instant: datetime, tz_name: str) -> str:
    return instant.astimezone(zone(tz_name)).strftime("%a %Y-%m-%d %H:%M") + f" ({tz_name})"


# -- roadmaps and days ---------------------------------------------------------------------------


def task_lines(day: Day, lang: Lang, done: frozenset[str] | None = None) -> list[str]:
    """Numbered tasks; with ``done`` (a reader's ticks), each gets a checkbox."""
    lines = []
    for k, task in enumerate(day.tasks, 1):
        mark = f"{DONE if task.id in done else TODO} " if done is not None else ""
        est = f" · {task.minutes} min" if task.minutes else ""
        lines.append(f"{mark}**{k}.** {task.title.get(lang)}{est}")
        lines.extend(f"  ↳ <{link}>" for link in task.links)
    return lines


def day_text(roadmap: Roadmap, day: Day, lang: Lang, done: frozenset[str] | None = None) -> str:
    phase = roadmap.phase_of(day.number)
    parts = [
        f"**{phase.title.get(lang)}** · {phase.goal.get(lang)}",
        f"### {day.title.get(lang)}",
        *task_lines(day, lang, done),
    ]
    if day.minutes:
        parts.append(f"\n⏱ ~{day.minutes} min")
    return "\n".join(parts)


def roadmap_list(infos: Sequence[RoadmapInfo], lang: Lang) -> Message:
    e = embed("Roadmaps" if lang == "en" else "学习路线")
    for info in infos:
        add_field(
            e,
            f"{info.id} · {info.title.get(lang)}",
            f"{info.days} days · {info.tasks} tasks · source `{info.source}`\n"
            f"`/join roadmap:{info.id}` · `/roadmap preview id:{info.id}`",
        )
    if not infos:
        e.description = (
            "No roadmap is loaded. An admin can check the files with `studybot roadmaps check`."
        )
    return Message(embeds=[e])


def day_preview(p: DayPreview, lang: Lang) -> Message:
    title = f"{p.roadmap.title.get(lang)} · Day {p.day.number}/{p.roadmap.total_days}"
    return Message(embeds=[embed(title, day_text(p.roadmap, p.day, lang))])


def day_post(plan: PostPlan, lang: Lang) -> Message:
    """The public daily post: the day's tasks, one button per task and a Check-in button."""
    roadmap, group = plan.roadmap, plan.group
    day = roadmap.day(plan.day)
    text = day_text(roadmap, day, lang)
    if plan.day == roadmap.total_days:
        text += "\n\n🎉 **Last day!** Finish strong: tomorrow the bot posts the group's summary."
    if plan.catch_up:
        due = plan.due or plan.post.claimed_at
        text = f"*Catch-up: this day was due {ts(due, 'D')}.*\n" + text
    elif plan.late:
        text = "*Posted late: the bot was offline at the usual time.*\n" + text
    e = embed(
        f"Day {plan.day}/{roadmap.total_days} · {roadmap.title.get(lang)}",
        text,
        footer=post_marker(group.id, plan.day),
    )
    view = ComponentsView()
    for k, task in enumerate(day.tasks, 1):
        view.button(f"{k}. {task.title.get(lang)}", ids.tick(group.id, plan.day, task.id))
    view.button("Check in ✍️", ids.checkin(group.id), discord.ButtonStyle.success)
    return Message(embeds=[e], view=view)


def summary_post(summary: Summary, plan: PostPlan, lang: Lang) -> Message:
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
    e = embed("Roadmap complete", "\n".join(lines), footer=post_marker(plan.group.id, plan.day))
    return Message(embeds=[e])


# -- group admin -----------------------------------------------------------------------------------


def status(s: GroupStatus, lang: Lang, *, started: bool = False) -> Message:
    g, roadmap = s.group, s.roadmap
    head = "Study group started" if started else "Study group status"
    if s.day == 0:
        progress = f"Not started yet: day 1 of {roadmap.total_days} comes first."
    elif s.day > roadmap.total_days:
        progress = f"All {roadmap.total_days} days released; the summary is due."
    else:
        progress = f"Day **{s.day}** of {roadmap.total_days}"
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
        what = "summary" if day > roadmap.total_days else f"day {day}"
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


def missing_permissions_warning(missing: Sequence[str]) -> str:
    return clip(
        f"⚠️ I am missing **{', '.join(missing)}** in this channel, so daily posts will fail "
        "here. Please grant them to the bot (channel settings → Permissions).",
        CONTENT_MAX,
    )


def confirm(question: str, yes_label: str, yes_id: str) -> Message:
    view = ComponentsView()
    view.button(yes_label, yes_id, discord.ButtonStyle.danger)
    view.button("Cancel", ids.cancel())
    return Message(content=clip(question, CONTENT_MAX), view=view)


def stopped(roadmap_id: str) -> Message:
    return Message(
        content=f"Stopped the `{roadmap_id}` group. Its progress is kept; no more daily posts."
    )


# -- members --------------------------------------------------------------------------------------


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
    if t.released > roadmap.total_days:
        e.description = (e.description or "") + "\n\nThe roadmap is complete. 🎓"
    view = ComponentsView()
    for k, task in enumerate(t.day.tasks, 1):
        done = task.id in t.done
        view.button(
            f"{k}. {task.title.get(lang)}",
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


# -- progress -------------------------------------------------------------------------------------


def _row_line(r: Row, me: int | None) -> str:
    you = " ← you" if r.user_id == me else ""
    return (
        f"`#{r.rank:>3}` <@{r.user_id}> · {r.done}/{r.released} ({r.percent}%) · "
        f"🔥{r.streak} · ✍️{r.checkins} · **{r.points}** pts{you}"
    )


def leaderboard(board: Leaderboard, page: int, viewer: int, lang: Lang) -> Message:
    pages = board.page_count(PAGE_SIZE)
    page = min(max(0, page), pages - 1)
    rows = board.page(page, PAGE_SIZE)
    scope = {"all": "all days", "week": "last 7 days", "today": "today"}[board.scope]
    lines = [_row_line(r, viewer) for r in rows] or ["Nobody has joined yet: `/join`."]
    mine = board.row_of(viewer)
    if mine is not None and mine not in rows:
        lines += ["…", _row_line(mine, viewer)]
    title = f"Leaderboard · {board.roadmap.title.get(lang)}"
    head = f"Day {board.day}/{board.roadmap.total_days} · {scope} · page {page + 1}/{pages}"
    e = embed(
        title,
        head + "\n\n" + "\n".join(lines),
        footer="Points: 10 per task, 5 per check-in, +2 per streak day (max 20)",
    )
    view: ComponentsView | None = None
    if pages > 1:
        view = ComponentsView()
        view.button(
            "◀ Prev", ids.page(board.group.id, board.scope, max(0, page - 1)), disabled=page == 0
        )
        view.button(
            "Next ▶",
            ids.page(board.group.id, board.scope, min(pages - 1, page + 1)),
            disabled=page >= pages - 1,
        )
    return Message(embeds=[e], view=view)


def _bar(done: int, total: int, width: int = 10) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def member_progress(p: MemberProgress, lang: Lang) -> Message:
    r = p.row
    e = embed(
        f"Progress · {p.roadmap.title.get(lang)}",
        f"<@{p.user_id}> · rank #{r.rank} · {r.done}/{r.released} released tasks ({r.percent}%) · "
        f"🔥{r.streak} · ✍️{r.checkins} · **{r.points}** pts",
    )
    for bar in p.phases:
        add_field(
            e,
            f"{bar.phase.number}. {bar.phase.title.get(lang)} (days "
            f"{bar.phase.first_day}-{bar.phase.last_day})",
            f"`{_bar(bar.done, bar.total)}` {bar.done}/{bar.total}"
            + (f" · {bar.released} released" if bar.released < bar.total else ""),
        )
    missed = ", ".join(map(str, p.missed_days)) if p.missed_days else "none"
    add_field(e, "Days with nothing done", missed)
    return Message(embeds=[e])


def error(text: str) -> Message:
    return Message(content=clip(text, CONTENT_MAX))
