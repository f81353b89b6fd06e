"""``/break``: a member announces, lists or cancels their planned breaks.

A break is a run of the member's own local dates (``start`` .. ``end``, both included) that
neither breaks their streak nor counts as studied (``bot.services.scoring``), and on which they
get no reminder. It starts today at the earliest, lasts at most the group's
``break_limit_days`` (together with breaks right before or after it: back-to-back breaks are
one break) and shares no date with another of their breaks. Cancelling ends the
running break yesterday (the days already taken stay taken) or drops one still to come. Every
refusal is a typed error that changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from bot.errors import (
    AmbiguousBreakDate,
    AmbiguousDate,
    BadBreakDate,
    BadStartDate,
    BreakEndsBeforeStart,
    BreakInPast,
    BreakOptionsClash,
    BreakOverlaps,
    BreakTooLong,
    JoinFirst,
    NoBreakToCancel,
)
from bot.services.breaks import joined_length, length, overlapping
from bot.services.context import Actor, member_group
from bot.services.inputs import parse_start
from bot.services.schedule import local_date
from bot.services.settings import load_settings
from bot.store import Group, Store
from bot.store.features.settings import MemberBreak

BreakKind = Literal["added", "listed", "cancelled", "shortened"]


@dataclass(frozen=True, slots=True)
class BreakOutcome:
    kind: BreakKind
    group: Group
    today: date
    """The member's local date."""
    limit: int
    """The group's ``break_limit_days``."""
    changed: MemberBreak | None
    """The break added, cancelled, or shortened (as it was before)."""
    breaks: tuple[MemberBreak, ...]
    """The member's breaks not over yet, after the change, by start."""


@dataclass(frozen=True, slots=True)
class BreakAsk:
    """What ``/break`` was given: a length in ``days`` or an ``end`` date, from ``start``
    (default today); none of them: list the breaks; ``cancel``: cancel the next one."""

    days: int | None = None
    start: str | None = None
    end: str | None = None
    cancel: bool = False

    @property
    def empty(self) -> bool:
        return self.days is None and self.start is None and self.end is None


def _date(text: str, today: date) -> date:
    """A date as typed (``bot.services.inputs``), its errors said as a break's."""
    try:
        return parse_start(text, today)
    except BadStartDate:
        raise BadBreakDate(text, today) from None
    except AmbiguousDate as e:
        raise AmbiguousBreakDate(text, e.readings) from None


def plan(ask: BreakAsk, today: date, limit: int) -> tuple[date, date]:
    """The first and last date of the break asked for, or the typed error that refuses it."""
    if ask.days is not None and ask.end is not None:
        raise BreakOptionsClash(cancel=False)
    start = today if ask.start is None else _date(ask.start, today)
    if start < today:
        raise BreakInPast(start, today)
    if ask.end is not None:
        end = _date(ask.end, today)
        if end < start:
            raise BreakEndsBeforeStart(start, end)
    else:
        days = 1 if ask.days is None else ask.days
        if days > limit:
            raise BreakTooLong(days, limit)
        end = start + timedelta(days=max(1, days) - 1)
    if length(start, end) > limit:
        raise BreakTooLong(length(start, end), limit)
    return start, end


async def breaks_command(store: Store, actor: Actor, ask: BreakAsk, now: datetime) -> BreakOutcome:
    """Add, list or cancel (``ask``) the actor's breaks in their group."""
    if ask.cancel and not ask.empty:
        raise BreakOptionsClash(cancel=True)
    group = await member_group(store, actor)
    member = await store.get_member(actor.guild_id, group.id, actor.user_id)
    if member is None or not member.active:
        raise JoinFirst(group.roadmap_id)
    today = local_date(now, member.timezone or group.timezone)
    limit = (await load_settings(store, group.guild_id, group.id)).break_limit_days
    mine = await store.breaks(actor.guild_id, group.id, actor.user_id)

    def outcome(
        kind: BreakKind, changed: MemberBreak | None, rows: list[MemberBreak]
    ) -> BreakOutcome:
        ahead = tuple(sorted((b for b in rows if b.end >= today), key=lambda b: b.start))
        return BreakOutcome(kind, group, today, limit, changed, ahead)

    if ask.cancel:
        ahead = sorted((b for b in mine if b.end >= today), key=lambda b: b.start)
        kind, target, rest = await _cancel(store, actor, ahead, today)
        return outcome(kind, target, rest)
    if ask.empty:
        return outcome("listed", None, mine)
    start, end = plan(ask, today, limit)
    clash = overlapping(mine, start, end)
    if clash is not None:
        raise BreakOverlaps(clash.start, clash.end)
    joined = joined_length(mine, start, end)
    if joined > limit:
        raise BreakTooLong(
            joined, limit, joined=True
        )  # back to back with another break: one long break
    added = MemberBreak(actor.guild_id, group.id, actor.user_id, start, end, now)
    if not await store.add_break(added):
        raise JoinFirst(group.roadmap_id)  # left (or a twin click added it) in between
    return outcome("added", added, [*mine, added])


async def _cancel(
    store: Store, actor: Actor, ahead: list[MemberBreak], today: date
) -> tuple[BreakKind, MemberBreak, list[MemberBreak]]:
    """Cancel the first of ``ahead`` (the breaks not over, by start): drop it if it has not
    started, else end it yesterday. Returns what happened, the break as it was, and the rest."""
    if not ahead:
        raise NoBreakToCancel()
    target = ahead[0]
    await store.remove_break(actor.guild_id, target.group_id, actor.user_id, target.start)
    rest = ahead[1:]
    if target.start >= today:
        return "cancelled", target, rest
    kept = replace(target, end=today - timedelta(days=1))
    await store.add_break(kept)
    return "shortened", target, rest
