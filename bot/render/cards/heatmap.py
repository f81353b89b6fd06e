"""The card's calendar heatmap: a column per week, a row per weekday, and its legend.

A released roadmap day's cell is shaded by the part of its tasks done, with its phase's colour
along the bottom; a further study date of the same day (pace above 1) is the same shade, inset.
Weekends of a weekday-only group, paused dates, frozen dates and days not yet released each
have their own mark. Columns that do not fit the width wrap into another block below.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from babel import dates

from bot.render.cards.canvas import (
    EMPTY,
    FAINT,
    FROST,
    ICE,
    MUTED,
    RGB,
    SHADES,
    SKIPPED,
    TEXT,
    Canvas,
    phase_colour,
    shade,
)
from bot.render.catalog import Catalog
from bot.services.cards import Cell, MemberCard

MIN_PITCH, MAX_PITCH = 20, 36
"""A cell and the gap after it, in pixels: as large as the width allows, within these."""
LABELS = 56
"""The weekday names left of the cells."""
MONTH_ROW = 24
BLOCK_GAP = 12
LEGEND_HEIGHT = 16


class Grid(NamedTuple):
    """Where each date's cell goes."""

    left: int
    monday: date
    """The Monday of the first date's week: column 0."""
    columns: int
    per_block: int
    pitch: int

    @property
    def cell(self) -> int:
        return self.pitch - max(3, self.pitch // 7)

    @property
    def blocks(self) -> int:
        return -(-self.columns // self.per_block)

    @property
    def block_height(self) -> int:
        """A block's month names, its seven rows and the space after it."""
        return MONTH_ROW + 7 * self.pitch + BLOCK_GAP

    @property
    def height(self) -> int:
        return self.blocks * self.block_height

    def place(self, on: date, top: int) -> tuple[int, int]:
        block, column = divmod((on - self.monday).days // 7, self.per_block)
        return (
            self.left + LABELS + column * self.pitch,
            top + block * self.block_height + MONTH_ROW + on.weekday() * self.pitch,
        )


def grid(cells: tuple[Cell, ...], left: int, width: int) -> Grid:
    first, last = cells[0].on, cells[-1].on
    monday = first - timedelta(days=first.weekday())
    columns = (last - monday).days // 7 + 1
    room = width - LABELS
    pitch = min(MAX_PITCH, max(MIN_PITCH, room // columns))
    return Grid(left, monday, columns, room // pitch, pitch)


def weekday_names(t: Catalog) -> list[str]:
    """Monday to Sunday, abbreviated as calendars print them (CLDR): ``Mon``, ``周一``."""
    names = dates.get_day_names("abbreviated", locale=t.locale)
    return [str(names[i]) for i in range(7)]


def heatmap(canvas: Canvas, card: MemberCard, g: Grid, t: Catalog, top: int) -> None:
    size = g.cell
    weekdays = weekday_names(t)
    for block in range(g.blocks):
        y = top + block * g.block_height + MONTH_ROW + size / 2
        for row in (0, 2, 4):
            canvas.text((g.left, y + row * g.pitch), weekdays[row], 15, fill=MUTED, anchor="lm")
    _month_names(canvas, g, card.cells, t, top)
    for cell in card.cells:
        x, y = g.place(cell.on, top)
        _cell(canvas, card, cell, x, y, size)
        if cell.on == card.today:
            canvas.draw.rectangle((x - 3, y - 3, x + size + 2, y + size + 2), outline=TEXT, width=2)


def _month_names(canvas: Canvas, g: Grid, cells: tuple[Cell, ...], t: Catalog, top: int) -> None:
    """Each month's name (CLDR's short form: ``Mar``, ``3月``) over the first week column that
    holds most of its first week."""
    months = dates.get_month_names("abbreviated", context="stand-alone", locale=t.locale)
    last_named = -10
    seen: set[tuple[int, int]] = set()
    for cell in cells:
        month = (cell.on.year, cell.on.month)
        if month in seen:
            continue
        seen.add(month)
        column = (cell.on - g.monday).days // 7
        if cell.on.weekday() > 3 and cell is not cells[0]:
            column += 1  # the month starts late in this week: name it over the next
        if column - last_named < 3 or column >= g.columns:
            continue
        last_named = column
        x, y = g.place(g.monday + timedelta(weeks=column), top)
        canvas.text((x, y - 8), str(months[cell.on.month]), 15, fill=MUTED, anchor="ls")


def _cell(canvas: Canvas, card: MemberCard, cell: Cell, x: int, y: int, size: int) -> None:
    if cell.on in card.frozen:
        mark(canvas, "frozen", x, y, size)
    elif cell.kind in ("weekend", "paused"):
        mark(canvas, cell.kind, x, y, size)
    elif not card.released(cell.day):
        mark(canvas, "upcoming", x, y, size)
    else:
        inset = 0 if cell.kind == "day" else max(2, size // 7)
        box = (x + inset, y + inset, x + size - 1 - inset, y + size - 1 - inset)
        canvas.draw.rectangle(box, fill=shade(card.share(cell.day)))
        if cell.kind == "day":
            number = card.progress.roadmap.phase_of(cell.day).number
            stripe = (x, y + size - max(3, size // 6), x + size - 1, y + size - 1)
            canvas.draw.rectangle(stripe, fill=phase_colour(number))


def mark(canvas: Canvas, kind: str, x: float, y: float, size: int, fill: RGB = EMPTY) -> None:
    """A square of ``kind`` (a cell or a legend swatch): a date the schedule skips
    (``weekend``, ``paused``), a ``frozen`` date, a day not yet released (``upcoming``), or a
    plain ``fill``."""
    draw = canvas.draw
    box = (x, y, x + size - 1, y + size - 1)
    pad = max(3, size // 5)
    if kind == "upcoming":
        draw.rectangle(box, outline=FAINT, width=2)
    elif kind == "weekend":
        draw.rectangle(box, fill=SKIPPED)
        draw.line((x + pad, y + size - pad - 1, x + size - pad - 1, y + pad), fill=FAINT, width=2)
    elif kind == "paused":
        draw.rectangle(box, fill=SKIPPED)
        bar = max(2, size // 10)
        for left in (round(x + size * 0.3), round(x + size * 0.7) - bar):
            draw.rectangle((left, y + pad, left + bar - 1, y + size - pad - 1), fill=MUTED)
    elif kind == "frozen":
        draw.rectangle(box, fill=ICE)
        cx, cy, r = x + size / 2, y + size / 2, size / 2 - pad + 1
        for dx, dy in ((r, 0), (0, r), (r * 0.7, r * 0.7), (r * 0.7, -r * 0.7)):
            draw.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=FROST, width=2)
    else:
        draw.rectangle(box, fill=fill)


def legend(canvas: Canvas, t: Catalog, left: int, top: int) -> None:
    size = LEGEND_HEIGHT
    mid = top + size / 2
    x: float = left + LABELS
    # TRANSLATORS: the heatmap's legend: "Less [five shades] More", then what each mark means
    less, more = t.pgettext("heatmap", "Less"), t.pgettext("heatmap", "More")
    x += canvas.text((x, mid), less, 15, fill=MUTED, anchor="lm") + 8
    for fill in (EMPTY, *SHADES):
        mark(canvas, "shade", x, top, size, fill)
        x += size + 4
    x += 4 + canvas.text((x + 4, mid), more, 15, fill=MUTED, anchor="lm")
    marks = (
        ("weekend", t.pgettext("heatmap", "Weekend")),
        ("paused", t.pgettext("heatmap", "Paused")),
        ("frozen", t.pgettext("heatmap", "Frozen")),
        ("upcoming", t.pgettext("heatmap", "Not yet released")),
    )
    for kind, label in marks:
        x += 28
        mark(canvas, kind, x, top, size)
        x += size + 6
        x += canvas.text((x, mid), label, 15, fill=MUTED, anchor="lm")
