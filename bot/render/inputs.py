"""Answers to what someone typed that the bot cannot use: what was typed, why it failed, and
what is accepted, in the reader's language.

Every example date is after the group's today (``bot.services.inputs.start_example``), so no
answer ever suggests a day already past. Zones are shown with their city and
zone name in the reader's language (``zone_label``).
"""

from __future__ import annotations

from datetime import date, datetime

from bot.errors import (
    AmbiguousDate,
    AmbiguousTimezone,
    BadOffset,
    BadStartDate,
    BadTime,
    NotOnCalendar,
    StartTooFar,
    UnknownTimezone,
    UserFacingError,
)
from bot.render.catalog import Catalog
from bot.render.choices import zone_label
from bot.services.inputs import start_example
from bot.services.zones import describe

_ECHO_LIMIT = 40


def echo(text: str) -> str:
    """The user's input in code formatting, shortened and without backticks of its own."""
    clean = text.strip().replace("`", "'")
    if not clean:
        return '""'
    return f"`{clean if len(clean) <= _ECHO_LIMIT else clean[: _ECHO_LIMIT - 1] + '…'}`"


def _month_day(t: Catalog, d: date) -> str:
    """``Apr 1`` / ``4月1日``: a form ``parse_start`` reads back in either language."""
    from babel import dates

    return dates.format_skeleton("MMMd", d, locale=t.locale)


def _date_help(t: Catalog, today: date) -> str:
    example = start_example(today)
    return t.gettext(
        "Use `today`, `tomorrow`, a weekday like `next monday`, or a date like `{month_day}` "
        "or `{iso}`.",
        month_day=_month_day(t, example),
        iso=example.isoformat(),
    )


def _time_help(t: Catalog) -> str:
    return t.gettext(
        "Use 24-hour `HH:MM` like `09:00` or `21:30`, or 12-hour like `9am` or `9:30pm`."
    )


def _zone_help(t: Catalog) -> str:
    return t.gettext(
        "Use a city like `Shanghai` or `New York`, an IANA name like `Asia/Shanghai`, "
        "or an offset from UTC like `UTC+8` or `UTC-03:30`."
    )


def _zones(t: Catalog, names: tuple[str, ...], at: datetime | None) -> list[str]:
    """``• `Asia/Shanghai`: Shanghai · China Standard Time (UTC+8)`` per zone."""
    if at is None:
        return [f"• `{name}`" for name in names]
    return [
        t.gettext("• `{name}`: {label}", name=name, label=zone_label(describe(name, t.lang, at)))
        for name in names
    ]


def explain_input(error: UserFacingError, t: Catalog) -> str:
    """The answer to an error about what someone typed (``bot.render.errors.explain`` hands
    them here), in ``t``'s language."""
    match error:
        case BadTime(typed=typed):
            return t.gettext(
                "I couldn't read {typed} as a time. {help}", typed=echo(typed), help=_time_help(t)
            )
        case BadStartDate(typed=typed, today=today):
            return t.gettext(
                "I couldn't read {typed} as a start date. {help}",
                typed=echo(typed),
                help=_date_help(t, today),
            )
        case NotOnCalendar(typed=typed, today=today):
            return t.gettext(
                "{typed} is not a date on the calendar. {help}",
                typed=echo(typed),
                help=_date_help(t, today),
            )
        case StartTooFar(chosen=chosen, today=today, window_days=days):
            return t.gettext(
                "`{chosen}` is too far from today ({today}): the start must be within {days} "
                "days before or after it. {help}",
                chosen=chosen.isoformat(),
                today=today.isoformat(),
                days=t.number(days),
                help=_date_help(t, today),
            )
        case AmbiguousDate(typed=typed, readings=(first, second)):
            return t.gettext(
                "{typed} can be read two ways: {first} or {second}. Nothing was started: write "
                "the day you mean as `{first_iso}` or `{second_iso}`.",
                typed=echo(typed),
                first=t.date(first),
                second=t.date(second),
                first_iso=first.isoformat(),
                second_iso=second.isoformat(),
            )
        case UnknownTimezone(typed=typed, suggestions=suggestions, at=at):
            text = t.gettext(
                "I don't know the timezone {typed}. {help}", typed=echo(typed), help=_zone_help(t)
            )
            if suggestions:
                lines = "\n".join(_zones(t, suggestions[:3], at))
                text += "\n" + t.gettext("Did you mean one of these?") + "\n" + lines
            return text
        case AmbiguousTimezone(typed=typed, choices=choices, at=at):
            head = t.gettext(
                "{typed} can mean several timezones. Type the one you mean (its name as shown, "
                "or pick it from the list):",
                typed=echo(typed),
            )
            return "\n".join([head, *_zones(t, choices, at)])
        case BadOffset(typed=typed, west=west, east=east):
            return t.gettext(
                "{typed} is not a real UTC offset: offsets go from `{west}` to `{east}`. {help}",
                typed=echo(typed),
                west=west,
                east=east,
                help=_zone_help(t),
            )
    raise TypeError(f"not an input error: {error!r}")
