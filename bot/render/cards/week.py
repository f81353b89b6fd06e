"""The weekly digest's chart: a pure function from ``WeekChart`` to PNG bytes.

Left, a bar per weekday of the week (the part of that date's tasks the group did; a dashed
outline where no roadmap day was released). Right, the median member's share of the roadmap
done, date by date since the start, against the share released (the roadmap's pace), which
runs on to the roadmap's last release.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel import dates

from bot.render.cards.canvas import EMPTY, FAINT, MUTED, PANEL, SHADES, TEXT, Canvas
from bot.render.cards.fonts import Fonts, system_fonts
from bot.render.cards.heatmap import weekday_names
from bot.render.catalog import Catalog, for_lang
from bot.roadmaps import Lang
from bot.services.charts import WeekChart

WIDTH, HEIGHT = 960, 540
MARGIN = 40
PANEL_TOP, PANEL_BOTTOM = 140, HEIGHT - 40
SPLIT = 400  # the bars' panel ends here, the lines' panel starts after a gap
MEDIAN = SHADES[-1]
PACE = (88, 101, 242)


def language(lang: Lang, fonts: Fonts) -> Lang:
    return lang if fonts.cjk else "en"


def alt_text(chart: WeekChart, lang: Lang) -> str:
    """What the chart says, in words (the attachment's description)."""
    t = for_lang(lang)
    median = chart.median[-1] if chart.median else 0.0
    pace = chart.pace[len(chart.median) - 1] if chart.median else 0.0
    return t.gettext(
        "Weekly chart of {roadmap}: completion by day of the week, and the median member at "
        "{median} of the roadmap against a pace of {pace}.",
        roadmap=chart.title.get(lang),
        median=t.percent(round(100 * median)),
        pace=t.percent(round(100 * pace)),
    )


def _short(t: Catalog, d: date) -> str:
    """A date on the chart's axis: ``Mar 2``, ``3月2日``."""
    return str(dates.format_skeleton("MMMd", d, locale=t.locale))


def week_chart(chart: WeekChart, lang: Lang, fonts: Fonts | None = None) -> bytes:
    """The chart as PNG bytes: the same bytes for the same arguments and fonts."""
    fonts = fonts or system_fonts()
    lang = language(lang, fonts)
    t = for_lang(lang)
    canvas = Canvas.new(WIDTH, HEIGHT, fonts)
    inner = WIDTH - 2 * MARGIN
    canvas.text((MARGIN, 30), chart.title.get(lang), 30, bold=True, width=inner)
    # TRANSLATORS: the weekly chart's subtitle; {date} is the week's Monday
    week = t.gettext("Week of {date}", date=t.date(chart.week_start))
    canvas.text((MARGIN, 82), week, 20, fill=MUTED, width=inner)
    _weekdays(canvas, chart, t, MARGIN, SPLIT)
    _lines(canvas, chart, t, SPLIT + 24, WIDTH - MARGIN)
    # every group's digest draws one at the same minute (bench row 13): half the encoding time
    # of the cards' level for a file 3% larger
    return canvas.png(compress_level=1)


def _panel(canvas: Canvas, left: int, right: int, heading: str) -> None:
    canvas.box((left, PANEL_TOP, right, PANEL_BOTTOM), PANEL, radius=10)
    canvas.text((left + 20, PANEL_TOP + 18), heading, 17, bold=True, width=right - left - 40)


def _weekdays(canvas: Canvas, chart: WeekChart, t: Catalog, left: int, right: int) -> None:
    _panel(canvas, left, right, t.gettext("Tasks done by day of the week"))
    top, bottom = PANEL_TOP + 84, PANEL_BOTTOM - 44
    slot = (right - left - 40) / 7
    names = weekday_names(t)
    draw = canvas.draw
    for i, share in enumerate(chart.weekdays):
        x0 = left + 20 + i * slot + slot * 0.18
        x1 = left + 20 + (i + 1) * slot - slot * 0.18
        middle = (x0 + x1) / 2
        canvas.text((middle, bottom + 14), names[i], 15, fill=MUTED, anchor="ma")
        if share is None:
            for y in range(top, bottom, 8):  # a dashed outline: no study day
                draw.line((x0, y, x0, min(y + 4, bottom)), fill=FAINT, width=1)
                draw.line((x1, y, x1, min(y + 4, bottom)), fill=FAINT, width=1)
            canvas.text((middle, bottom - 8), "–", 16, fill=FAINT, anchor="ms")
            continue
        draw.rectangle((x0, top, x1, bottom), fill=EMPTY)
        height = (bottom - top) * max(0.0, min(1.0, share))
        if height:
            draw.rectangle((x0, bottom - height, x1, bottom), fill=SHADES[2])
        label = t.percent(round(100 * share))
        canvas.text((middle, bottom - height - 6), label, 14, fill=TEXT, anchor="ms")


def _lines(canvas: Canvas, chart: WeekChart, t: Catalog, left: int, right: int) -> None:
    _panel(canvas, left, right, t.gettext("Progress of the median member against the roadmap"))
    x0, x1 = left + 64, right - 24
    y0, y1 = PANEL_TOP + 84, PANEL_BOTTOM - 44  # 100% at y0, 0% at y1
    draw = canvas.draw
    for pct in (0, 25, 50, 75, 100):
        y = y1 - (y1 - y0) * pct / 100
        draw.line((x0, y, x1, y), fill=EMPTY if pct else FAINT, width=1)
        canvas.text((x0 - 10, y), t.percent(pct), 13, fill=MUTED, anchor="rm")
    points = max(2, len(chart.pace))

    def xy(i: int, share: float) -> tuple[float, float]:
        return (x0 + (x1 - x0) * i / (points - 1), y1 - (y1 - y0) * max(0.0, min(1.0, share)))

    if chart.pace:
        draw.line([xy(i, s) for i, s in enumerate(chart.pace)], fill=PACE, width=3, joint="curve")
    if chart.median:
        line = [xy(i, s) for i, s in enumerate(chart.median)]
        draw.line(line, fill=MEDIAN, width=4, joint="curve")
        mx, my = line[-1]
        draw.ellipse((mx - 6, my - 6, mx + 6, my + 6), fill=MEDIAN, outline=PANEL, width=2)
    last = chart.first + timedelta(days=points - 1)
    canvas.text((x0, y1 + 10), _short(t, chart.first), 13, fill=MUTED, anchor="la")
    canvas.text((x1, y1 + 10), _short(t, last), 13, fill=MUTED, anchor="ra")
    key_y = PANEL_TOP + 56
    x = float(left + 20)
    for colour, key in ((MEDIAN, t.gettext("Median member")), (PACE, t.gettext("Roadmap pace"))):
        draw.line((x, key_y, x + 22, key_y), fill=colour, width=4)
        x += 30 + canvas.text((x + 30, key_y), key, 15, fill=MUTED, anchor="lm") + 24
