"""The shared leaderboard: ``/progress share:True`` and the group's pinned board, in the group's
language.

Unlike the private leaderboard it is read by everyone at once, so it is one message with no
pages: the top :data:`BOARD_ROWS` members who did something in the period, one line saying how
many more did, one line for the members who have not started yet (never rows of zeros), and a
legend that explains every label and icon. Its size does not grow with the group: it fits
Discord's limits by construction (``tests/render/test_board_render.py`` checks 500 members and
more). Mentions sit in the embed, so nobody is pinged.
"""

from __future__ import annotations

from datetime import datetime

from bot.locale import Lang
from bot.render import ids
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import ComponentsView, Message, embed, ts
from bot.render.progress import period_label, points_rule, stats
from bot.services.progress import Leaderboard, Row

BOARD_ROWS = 15
"""Members listed on the shared board; the rest are counted in one line."""


def _row(t: Catalog, r: Row) -> str:
    return t.gettext(
        "`#{rank}` <@{user}> · ✅ {done}/{released} · {stats}",
        rank=t.number(r.rank),
        user=r.user_id,
        done=t.number(r.done),
        released=t.number(r.released),
        stats=stats(t, r),
    )


def legend(lang: Lang) -> str:
    """What every label and icon on the board means."""
    return for_lang(lang).gettext(
        "`#` rank · ✅ tasks done of those released in the period · 🔥 check-in streak (days) · "
        "✍️ check-ins in the period · pts points"
    )


def shared_board(
    board: Leaderboard,
    lang: Lang,
    *,
    updated: datetime | None = None,
    cannot_pin: bool = False,
) -> Message:
    """The board as one public message; ``updated`` (the pinned board) adds when it was last
    brought up to date, as a Discord timestamp each reader sees in their own zone;
    ``cannot_pin`` says, on the board itself, which permission the bot needs to pin it."""
    t = for_lang(lang)
    started = board.started()
    lines = [_row(t, r) for r in started[:BOARD_ROWS]]
    more = len(started) - BOARD_ROWS
    if more > 0:
        lines.append(
            t.ngettext(
                "… and {n} more member with progress: `/progress` shows everyone.",
                "… and {n} more members with progress: `/progress` shows everyone.",
                more,
                n=t.number(more),
            )
        )
    waiting = board.not_started()
    if waiting:
        lines.append(
            t.ngettext(
                "{n} member has not started yet in this period.",
                "{n} members have not started yet in this period.",
                waiting,
                n=t.number(waiting),
            )
        )
    if not board.rows:
        lines.append(t.gettext("Nobody has joined yet: `/join`."))
    head = t.gettext(
        "Day {day}/{total} · {period}",
        day=t.number(board.day),
        total=t.number(board.roadmap.total_days),
        period=period_label(t, board.scope),
    )
    if updated is not None:
        head += "\n" + t.gettext("Updated {when}", when=ts(updated))
    body = "\n".join([head, "", *lines, "", legend(lang)])
    if cannot_pin:
        warning = t.gettext(
            "I cannot pin this leaderboard: an admin can give me the Pin Messages permission "
            "in this channel."
        )
        body = "⚠️ " + warning + "\n\n" + body
    title = t.gettext("Leaderboard · {title}", title=board.roadmap.title.get(lang))
    return Message(embeds=[embed(title, body, footer=points_rule(lang))])


def pinned_board(
    board: Leaderboard,
    lang: Lang,
    generation: int,
    *,
    updated: datetime | None,
    cannot_pin: bool,
) -> Message:
    """The group's pinned board: the shared board with when it was updated and a button that
    shows the clicker their own rank (its id also marks this board, ``ids.board``)."""
    message = shared_board(board, lang, updated=updated, cannot_pin=cannot_pin)
    view = ComponentsView()
    t = for_lang(lang)
    # TRANSLATORS: a button under the pinned leaderboard; it answers with the clicker's rank
    view.button(t.pgettext("button", "My rank"), ids.board(board.group.id, generation))
    return Message(embeds=message.embeds, view=view)
