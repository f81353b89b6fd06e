"""Streak freezes and planned breaks in words: the member view's fields (``/progress``) and the
answers to ``/break``."""

from __future__ import annotations

import discord

from bot.render.catalog import Catalog
from bot.render.discord_parts import add_field
from bot.services.breaks import Span
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
