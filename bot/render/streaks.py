"""Streak freezes and planned breaks in words: the member view's fields (``/progress``) and the
answers to ``/break``."""

from __future__ import annotations

from datetime import timedelta

import discord

from bot.errors import (
    AmbiguousBreakDate,
    BadBreakDate,
    BreakEndsBeforeStart,
    BreakInPast,
    BreakOptionsClash,
    BreakOverlaps,
    BreakTooLong,
    NoBreakToCancel,
    UserFacingError,
)
from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import Message, add_field, clip
from bot.render.inputs import echo
from bot.services.break_plans import BreakOutcome
from bot.services.breaks import Span, length
from bot.services.inputs import start_example
from bot.services.streaks import MemberStreak

FROZEN_SHOWN = 10
"""The most recent frozen dates listed; older ones are counted, not listed."""


def span_text(t: Catalog, span: Span) -> str:
    """``Tue, Dec 1 – Thu, Dec 3`` (one date when the break is one day)."""
    if span.start == span.end:
        return t.day(span.start)
    # TRANSLATORS: a planned break from one date to another, both included
    return t.gettext("{first} – {last}", first=t.day(span.start), last=t.day(span.end))


def frozen_text(t: Catalog, s: MemberStreak) -> str:
    """``1 of 2 left this month · frozen: Tue, Mar 4``."""
    left = t.ngettext(
        "{left} of {total} left this month",
        "{left} of {total} left this month",
        s.freezes,
        left=t.number(s.freezes_left),
        total=t.number(s.freezes),
    )
    if not s.frozen:
        return left
    shown = [t.day(d) for d in s.frozen[-FROZEN_SHOWN:]]
    older = len(s.frozen) - len(shown)
    dates = ", ".join(shown)
    if older:
        dates = t.ngettext("{n} earlier, ", "{n} earlier, ", older, n=t.number(older)) + dates
    return left + " · " + t.gettext("frozen: {dates}", dates=dates)


def add_streak_fields(e: discord.Embed, t: Catalog, s: MemberStreak | None) -> None:
    """The member view's streak freezes and planned breaks."""
    if s is None:
        return
    add_field(e, t.gettext("Streak freezes ❄️"), frozen_text(t, s))
    if s.breaks:
        add_field(e, t.gettext("Planned breaks 🌴"), "\n".join(span_text(t, b) for b in s.breaks))


def _list(t: Catalog, breaks: tuple[Span, ...]) -> str:
    return "\n".join("• " + span_text(t, b) for b in breaks)


def break_reply(o: BreakOutcome, lang: Lang) -> Message:
    """The private answer to ``/break``."""
    t = for_lang(lang)
    parts: list[str] = []
    if o.kind == "added" and o.changed is not None:
        days = length(o.changed.start, o.changed.end)
        parts.append(
            t.ngettext(
                "🌴 Break planned: {span} ({n} day). Those days neither break your streak nor "
                "count as studied, and you get no reminders.",
                "🌴 Break planned: {span} ({n} days). Those days neither break your streak nor "
                "count as studied, and you get no reminders.",
                days,
                span=span_text(t, o.changed),
                n=t.number(days),
            )
        )
    elif o.kind == "cancelled" and o.changed is not None:
        parts.append(t.gettext("Cancelled your break {span}.", span=span_text(t, o.changed)))
    elif o.kind == "shortened" and o.changed is not None:
        parts.append(
            t.gettext(
                "Your break {span} now ends yesterday, {date}: from today on you study again.",
                span=span_text(t, o.changed),
                date=t.day(o.today - timedelta(days=1)),
            )
        )
    if o.breaks:
        parts.append(t.gettext("Your planned breaks:") + "\n" + _list(t, o.breaks))
    elif o.kind == "listed":
        parts.append(
            t.gettext(
                "You have no planned break. Plan one with `/break days:3`, or give `start` and "
                "`end` dates (at most {limit} days; `/break cancel:True` cancels one).",
                limit=t.number(o.limit),
            )
        )
    return Message(content=clip("\n\n".join(parts), CONTENT_MAX))


def explain_break(error: UserFacingError, t: Catalog) -> str | None:
    """The answer to a refused ``/break``; None for any other error. Nothing was changed."""
    match error:
        case BadBreakDate(typed=typed, today=today):
            example = start_example(today)
            return t.gettext(
                "I couldn't read {typed} as a date. Use `today`, `tomorrow`, a weekday like "
                "`next monday`, or a date like `{iso}`. No break was planned.",
                typed=echo(typed),
                iso=example.isoformat(),
            )
        case AmbiguousBreakDate(typed=typed, readings=(first, second)):
            return t.gettext(
                "{typed} can be read two ways: {first} or {second}. No break was planned: write "
                "the day you mean as `{first_iso}` or `{second_iso}`.",
                typed=echo(typed),
                first=t.date(first),
                second=t.date(second),
                first_iso=first.isoformat(),
                second_iso=second.isoformat(),
            )
        case BreakInPast(start=start, today=today):
            return t.gettext(
                "{start} has already passed: a break starts today ({today}) at the earliest.",
                start=t.date(start),
                today=t.day(today),
            )
        case BreakEndsBeforeStart(start=start, end=end):
            return t.gettext(
                "The break would end ({end}) before it starts ({start}). No break was planned.",
                start=t.date(start),
                end=t.date(end),
            )
        case BreakTooLong(days=days, limit=limit, joined=True):
            return t.ngettext(
                "Together with your break right before or after it, this makes a break of "
                "{days} days; a break can last at most {limit} day in this group. Pick other "
                "dates.",
                "Together with your break right before or after it, this makes a break of "
                "{days} days; a break can last at most {limit} days in this group. Pick other "
                "dates.",
                limit,
                limit=t.number(limit),
                days=t.number(days),
            )
        case BreakTooLong(days=days, limit=limit):
            return t.ngettext(
                "A break can last at most {limit} day in this group; you asked for {days}. "
                "Plan a shorter one.",
                "A break can last at most {limit} days in this group; you asked for {days}. "
                "Plan a shorter one.",
                limit,
                limit=t.number(limit),
                days=t.number(days),
            )
        case BreakOverlaps(start=start, end=end):
            return t.gettext(
                "You already have a break then ({span}). Cancel it with `/break cancel:True` "
                "first, or pick other dates.",
                span=t.gettext("{first} – {last}", first=t.day(start), last=t.day(end)),
            )
        case BreakOptionsClash(cancel=True):
            return t.gettext(
                "`cancel` takes no other options: use `/break cancel:True` alone. "
                "Nothing was changed."
            )
        case BreakOptionsClash():
            return t.gettext("Give either `days` or an `end` date, not both. No break was planned.")
        case NoBreakToCancel():
            return t.gettext("You have no running or planned break to cancel.")
    return None
