"""A member's progress card: a pure function from ``MemberCard`` to PNG bytes.

From top to bottom: the member's name, the roadmap and today's phase; streak, points, rank and
tasks done; the roadmap's phases as one band as long as their days, with today's place on it;
the calendar heatmap and its legend (``heatmap``); a bar per phase. Words come from the message
catalog and numbers and dates are formatted for the reader's language (CLDR).
"""

from __future__ import annotations

from typing import NamedTuple

from bot.render.cards import heatmap
from bot.render.cards.canvas import EMPTY, FAINT, MUTED, PANEL, TEXT, Canvas, phase_colour
from bot.render.cards.fonts import Fonts, system_fonts
from bot.render.catalog import Catalog, for_lang
from bot.roadmaps import Lang
from bot.services.cards import MemberCard

WIDTH = 960
MARGIN = 40
STATS_TOP, BAND_TOP, HEAT_TOP = 144, 272, 352
PHASE_ROW = 34


class Name(NamedTuple):
    """Who the card is about: the name shown in the server, and one any font can draw (the
    username) for when the fonts have none of its characters."""

    display: str
    fallback: str


def language(lang: Lang, fonts: Fonts) -> Lang:
    """The language a card is drawn in: English when the fonts cannot draw Chinese."""
    return lang if fonts.cjk else "en"


def shown_name(name: Name, fonts: Fonts, t: Catalog) -> str:
    # TRANSLATORS: a progress card's name when the member's names have no letter to draw
    fallback = t.pgettext("card", "Member")
    return fonts.drawable(name.display) or fonts.drawable(name.fallback) or fallback


def alt_text(card: MemberCard, name: str, lang: Lang) -> str:
    """What the card says, in words (the attachment's description, for screen readers)."""
    t = for_lang(lang)
    p, r = card.progress, card.progress.row
    return t.gettext(
        "Progress card of {name} on {roadmap}: day {day} of {total}, {done} of {released} "
        "released tasks done ({percent}), a streak of {streak}, {points} points, rank {rank} "
        "of {members}.",
        name=name,
        roadmap=p.roadmap.title.get(lang),
        day=t.number(p.day),
        total=t.number(p.roadmap.total_days),
        done=t.number(r.done),
        released=t.number(r.released),
        percent=t.percent(r.percent),
        streak=t.number(r.streak),
        points=t.number(r.points),
        rank=t.number(r.rank),
        members=t.number(card.members),
    )


def member_card(card: MemberCard, name: Name, lang: Lang, fonts: Fonts | None = None) -> bytes:
    """The card as PNG bytes: the same bytes for the same arguments and fonts."""
    fonts = fonts or system_fonts()
    lang = language(lang, fonts)
    t = for_lang(lang)
    grid = heatmap.grid(card.cells, MARGIN, WIDTH - 2 * MARGIN)
    legend_top = HEAT_TOP + grid.height + 4
    phases_top = legend_top + heatmap.LEGEND_HEIGHT + 32
    height = phases_top + 40 + len(card.progress.phases) * PHASE_ROW + 40
    canvas = Canvas.new(WIDTH, height, fonts)
    _header(canvas, card, shown_name(name, fonts, t), lang, t)
    _stats(canvas, card, t)
    _band(canvas, card, t)
    heatmap.heatmap(canvas, card, grid, t, HEAT_TOP)
    heatmap.legend(canvas, t, MARGIN, legend_top)
    _phase_bars(canvas, card, lang, t, phases_top)
    # TRANSLATORS: at the foot of a progress card; {date} is the group's date that day
    as_of = t.gettext("as of {date}", date=t.date(card.today))
    canvas.text((WIDTH - MARGIN, height - 24), as_of, 14, fill=FAINT, anchor="rs")
    return canvas.png()


def _header(canvas: Canvas, card: MemberCard, name: str, lang: Lang, t: Catalog) -> None:
    """Name and day on the first line; the roadmap and today's phase on the second, the
    phase taking what it needs up to 45% of the width."""
    p = card.progress
    inner = WIDTH - 2 * MARGIN
    if p.day == 0:
        # TRANSLATORS: a progress card's header before the group's first day
        day = t.gettext("Starts soon")
    else:
        total = t.number(p.roadmap.total_days)
        day = t.gettext("Day {day}/{total}", day=t.number(p.day), total=total)
    day_width = canvas.text((WIDTH - MARGIN, 36), day, 30, bold=True, anchor="ra", width=inner / 3)
    canvas.text((MARGIN, 30), name, 40, bold=True, width=inner - day_width - 32)
    phase_width = 0.0
    if p.day:
        phase = p.roadmap.phase_of(p.day)
        phase_width = canvas.text(
            (WIDTH - MARGIN, 94),
            phase.title.get(lang),
            20,
            fill=phase_colour(phase.number),
            anchor="ra",
            width=inner * 0.45,
        )
    title = p.roadmap.title.get(lang)
    canvas.text((MARGIN, 90), title, 24, fill=MUTED, width=inner - phase_width - 32)


def _stats(canvas: Canvas, card: MemberCard, t: Catalog) -> None:
    """Four tiles: a label, a value and what the value counts."""
    r = card.progress.row
    tiles = (
        # TRANSLATORS: a progress card's tiles: a label over a number and what it counts
        (t.gettext("Streak"), t.number(r.streak), t.ngettext("day", "days", r.streak)),
        (t.gettext("Points"), t.number(r.points), ""),
        (
            t.gettext("Rank"),
            t.gettext("#{rank}", rank=t.number(r.rank)),
            t.gettext("of {members}", members=t.number(card.members)),
        ),
        (
            t.gettext("Tasks done"),
            f"{t.number(r.done)}/{t.number(r.released)}",
            t.percent(r.percent),
        ),
    )
    gap, top = 16, STATS_TOP
    tile = (WIDTH - 2 * MARGIN - gap * (len(tiles) - 1)) // len(tiles)
    for i, (label, value, unit) in enumerate(tiles):
        x = MARGIN + i * (tile + gap)
        canvas.box((x, top, x + tile, top + 96), PANEL, radius=10)
        canvas.text((x + 18, top + 16), label, 18, fill=MUTED, width=tile - 36)
        wrote = canvas.text((x + 18, top + 78), value, 30, bold=True, width=tile - 36, anchor="ls")
        room = tile - 36 - wrote - 8
        if unit and room > 20:
            canvas.text((x + 26 + wrote, top + 78), unit, 18, fill=MUTED, width=room, anchor="ls")


def _band(canvas: Canvas, card: MemberCard, t: Catalog) -> None:
    """The phases side by side, as long as their days, and where today is."""
    roadmap = card.progress.roadmap
    total, span, top = roadmap.total_days, WIDTH - 2 * MARGIN, BAND_TOP

    def x_of(days: float) -> float:
        return MARGIN + span * days / total

    for phase in roadmap.phases:
        left, right = x_of(phase.first_day - 1), x_of(phase.last_day)
        canvas.box((left, top, right - 2, top + 24), phase_colour(phase.number))
        if right - left > 30:
            middle = ((left + right) / 2, top + 12)
            number = t.number(phase.number)
            canvas.text(middle, number, 15, bold=True, fill=(20, 20, 24), anchor="mm")
    if card.progress.day:
        x = x_of(card.progress.day - 0.5)
        canvas.draw.line((x, top - 6, x, top + 30), fill=TEXT, width=3)
        canvas.draw.polygon([(x - 7, top + 40), (x + 7, top + 40), (x, top + 31)], fill=TEXT)
    # TRANSLATORS: under the band of a roadmap's phases, at its two ends
    canvas.text((MARGIN, top + 46), t.gettext("Day {n}", n=t.number(1)), 16, fill=MUTED)
    last = t.gettext("Day {n}", n=t.number(total))
    canvas.text((WIDTH - MARGIN, top + 46), last, 16, fill=MUTED, anchor="ra")


def _phase_bars(canvas: Canvas, card: MemberCard, lang: Lang, t: Catalog, top: int) -> None:
    """Per phase: its colour and title, a bar (done over released over all its tasks)."""
    canvas.text((MARGIN, top), t.gettext("Phases"), 20, bold=True)
    bar_left, bar_right = MARGIN + 440, WIDTH - MARGIN - 100
    span = bar_right - bar_left
    for i, bar in enumerate(card.progress.phases):
        y = top + 40 + i * PHASE_ROW
        colour = phase_colour(bar.phase.number)
        canvas.box((MARGIN, y + 3, MARGIN + 14, y + 17), colour, radius=3)
        label = f"{t.number(bar.phase.number)}. {bar.phase.title.get(lang)}"
        canvas.text((MARGIN + 26, y + 10), label, 18, width=bar_left - MARGIN - 46, anchor="lm")
        canvas.box((bar_left, y + 4, bar_right, y + 16), EMPTY, radius=6)
        if bar.total and bar.released:
            released = bar_left + span * bar.released / bar.total
            canvas.box((bar_left, y + 4, max(released, bar_left + 12), y + 16), FAINT, radius=6)
        if bar.total and bar.done:
            done = bar_left + span * min(bar.done, bar.total) / bar.total
            canvas.box((bar_left, y + 4, max(done, bar_left + 12), y + 16), colour, radius=6)
        value = f"{t.number(bar.done)}/{t.number(bar.total)}"
        canvas.text((WIDTH - MARGIN, y + 10), value, 18, fill=MUTED, anchor="rm")
