"""The leaderboard and one member's progress (in words, and as a picture: ``progress_card``)."""

from __future__ import annotations

from bot.render import ids
from bot.render.catalog import for_lang
from bot.render.discord_parts import ComponentsView, Message, Upload, add_field, embed, upload
from bot.roadmaps import Lang
from bot.services.progress import Leaderboard, MemberProgress, Row
from bot.services.scoring import (
    POINTS_PER_CHECKIN,
    POINTS_PER_TASK,
    STREAK_BONUS_CAP,
    STREAK_BONUS_PER_DAY,
)

PAGE_SIZE = 10
"""Leaderboard rows per page."""


def points_rule() -> str:
    """How points are counted, in the leaderboard's footer."""
    return (
        f"Points: {POINTS_PER_TASK} per task, {POINTS_PER_CHECKIN} per check-in, "
        f"+{STREAK_BONUS_PER_DAY} per streak day (max {STREAK_BONUS_CAP})"
    )


def _row_line(r: Row, me: int | None) -> str:
    you = " ← you" if r.user_id == me else ""
    return (
        f"`#{r.rank:>3}` <@{r.user_id}> · {r.done}/{r.released} ({r.percent}%) · "
        f"🔥{r.streak} · ✍️{r.checkins} · **{r.points}** pts{you}"
    )


def leaderboard(board: Leaderboard, page: int, viewer: int, lang: Lang) -> Message:
    """Page ``page`` (clamped to the pages there are); the viewer's own row is always shown."""
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
    e = embed(title, head + "\n\n" + "\n".join(lines), footer=points_rule())
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
    view = ComponentsView()
    # TRANSLATORS: a button under one member's progress; it answers with their progress card
    label = for_lang(lang).pgettext("button", "Show as a picture")
    view.button(label, ids.card(p.group.id, p.user_id))
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
