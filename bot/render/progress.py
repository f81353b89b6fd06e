"""The leaderboard and one member's progress (in words, and as a picture: ``progress_card``)."""

from __future__ import annotations

from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import ComponentsView, Message, Upload, add_field, embed, upload
from bot.render.streaks import add_streak_fields
from bot.services.progress import Leaderboard, MemberProgress, Row
from bot.services.scoring import (
    POINTS_PER_CHECKIN,
    POINTS_PER_TASK,
    STREAK_BONUS_CAP,
    STREAK_BONUS_PER_DAY,
)

PAGE_SIZE = 10
"""Leaderboard rows per page."""


def points_rule(lang: Lang) -> str:
    """How points are counted, in the leaderboard's footer."""
    return for_lang(lang).gettext(
        "Points: {task} per task, {checkin} per check-in, +{day} per streak day (max {cap})",
        task=POINTS_PER_TASK,
        checkin=POINTS_PER_CHECKIN,
        day=STREAK_BONUS_PER_DAY,
        cap=STREAK_BONUS_CAP,
    )


def _stats(t: Catalog, r: Row) -> str:
    """``🔥3 · ✍️5 · **120** pts``: streak, check-ins and points."""
    return t.gettext(
        "🔥{streak} · ✍️{checkins} · **{points}** pts",
        streak=t.number(r.streak),
        checkins=t.number(r.checkins),
        points=t.number(r.points),
    )


def _row_line(t: Catalog, r: Row, me: int | None) -> str:
    rank = f"`#{r.rank:>3}`"
    line = t.gettext(
        "{rank} <@{user}> · {done}/{released} ({percent}) · {stats}",
        rank=rank,
        user=r.user_id,
        done=t.number(r.done),
        released=t.number(r.released),
        percent=t.percent(r.percent),
        stats=_stats(t, r),
    )
    return line + t.gettext(" ← you") if r.user_id == me else line


def leaderboard(board: Leaderboard, page: int, viewer: int, lang: Lang) -> Message:
    """Page ``page`` (clamped to the pages there are); the viewer's own row is always shown."""
    t = for_lang(lang)
    pages = board.page_count(PAGE_SIZE)
    page = min(max(0, page), pages - 1)
    rows = board.page(page, PAGE_SIZE)
    scope = {
        "all": t.gettext("all days"),
        "week": t.gettext("last 7 days"),
        "today": t.gettext("today"),
    }[board.scope]
    lines = [_row_line(t, r, viewer) for r in rows] or [
        t.gettext("Nobody has joined yet: `/join`.")
    ]
    mine = board.row_of(viewer)
    if mine is not None and mine not in rows:
        lines += ["…", _row_line(t, mine, viewer)]
    title = t.gettext("Leaderboard · {title}", title=board.roadmap.title.get(lang))
    head = t.gettext(
        "Day {day}/{total} · {scope} · page {page}/{pages}",
        day=board.day,
        total=board.roadmap.total_days,
        scope=scope,
        page=t.number(page + 1),
        pages=t.number(pages),
    )
    e = embed(title, head + "\n\n" + "\n".join(lines), footer=points_rule(lang))
    view: ComponentsView | None = None
    if pages > 1:
        view = ComponentsView()
        view.button(
            t.pgettext("button", "◀ Prev"),
            ids.page(board.group.id, board.scope, max(0, page - 1)),
            disabled=page == 0,
        )
        view.button(
            t.pgettext("button", "Next ▶"),
            ids.page(board.group.id, board.scope, min(pages - 1, page + 1)),
            disabled=page >= pages - 1,
        )
    return Message(embeds=[e], view=view)


def _bar(done: int, total: int, width: int = 10) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def member_progress(p: MemberProgress, lang: Lang) -> Message:
    t = for_lang(lang)
    r = p.row
    e = embed(
        t.gettext("Progress · {title}", title=p.roadmap.title.get(lang)),
        t.gettext(
            "<@{user}> · rank #{rank} · {done}/{released} released tasks ({percent}) · {stats}",
            user=p.user_id,
            rank=t.number(r.rank),
            done=t.number(r.done),
            released=t.number(r.released),
            percent=t.percent(r.percent),
            stats=_stats(t, r),
        ),
    )
    for bar in p.phases:
        phase = bar.phase
        name = t.gettext(
            "{number}. {title} (days {first}-{last})",
            number=phase.number,
            title=phase.title.get(lang),
            first=phase.first_day,
            last=phase.last_day,
        )
        value = f"`{_bar(bar.done, bar.total)}` {t.number(bar.done)}/{t.number(bar.total)}"
        if bar.released < bar.total:
            value += " · " + t.gettext("{n} released", n=t.number(bar.released))
        add_field(e, name, value)
    missed = ", ".join(map(str, p.missed_days)) if p.missed_days else t.gettext("none")
    add_field(e, t.gettext("Days with nothing done"), missed)
    add_streak_fields(e, t, p.streak)
    view = ComponentsView()
    # TRANSLATORS: a button under one member's progress; it answers with their progress card
    view.button(t.pgettext("button", "Show as a picture"), ids.card(p.group.id, p.user_id))
    return Message(embeds=[e], view=view)


CARD_FILE = "progress.png"
WEEK_CHART_FILE = "week.png"


def progress_card(png: bytes, alt: str) -> Message:
    """A progress card (``bot.render.cards``) as a reply: the picture alone, its words as the
    file's description."""
    return Message(files=[upload(CARD_FILE, png, alt)])


def week_chart_file(png: bytes, alt: str) -> Upload:
    """The weekly digest's chart (``bot.render.cards.week``) as a file for the digest's post."""
    return upload(WEEK_CHART_FILE, png, alt)
