"""Which reminders a group owes now, claimed in the ledger; and its roll call (README
"Reminders"). The rules of who is due are in ``reminder_rules``; this module reads the store,
applies them and claims rows, so a reminder is decided once per member and local date,
whoever runs the group (a job, a restart, another process after a crash).

A run of a group (``plan``):

1. nothing unless the group is active, its ``reminders`` setting is on and its roadmap is
   released and not finished;
2. each current member with reminders on whose reminder instant today (their zone) has come:
   a row they already have for that date is left alone, unless it is still ``claimed`` (a
   DM that may not have gone out: delivered again, exactly once); otherwise, if they study
   today, are not on a break and have done nothing today, a row is claimed: ``claimed`` (a
   DM follows) or, when their DMs are known to be closed, ``closed`` (the roll call names
   them, never both);
3. ``next_at``: the earliest reminder instant of any member still to come.

The roll call (``plan_rollcall``), after the DMs: when this run left members ``closed`` and
the group has no roll call yet on its own local date, one is claimed naming them and every
member with closed DMs due later that local date (claimed ``closed`` now, so their own time
later sends nothing). A member whose DMs turn out closed after that day's roll call is named
the next day. A roll call that was claimed but not confirmed is delivered again by any run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from bot.roadmaps import Roadmap
from bot.services import reminder_rules as rules
from bot.services.context import schedule_of
from bot.services.schedule import Schedule, day_at, local_date, post_instant
from bot.services.settings import GroupSettings, load_settings
from bot.services.streaks import GroupRules, group_rules, streak_now
from bot.store import Group, MemberTotals, Store
from bot.store.features.reminders import Reminder, ReminderClaim, ReminderMember
from bot.store.features.reminders import RollCall as RollCall  # render reads it from here

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Due:
    """A claimed reminder and the member it is for."""

    reminder: Reminder
    member: ReminderMember


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    group: Group
    settings: GroupSettings
    roadmap: Roadmap | None
    send: tuple[Due, ...]
    """Claimed rows to deliver by DM (fresh, or unconfirmed from an earlier run)."""
    closed: tuple[Due, ...]
    """Rows claimed ``closed`` now: the roll call's."""
    members: tuple[ReminderMember, ...]
    schedule: Schedule | None
    next_at: datetime | None
    """The next instant a member of the group is due (None: nobody will be)."""


def _empty(group: Group, settings: GroupSettings, roadmap: Roadmap | None) -> ReminderPlan:
    return ReminderPlan(group, settings, roadmap, (), (), (), None, None)


def _running(schedule: Schedule, now: datetime) -> bool:
    """Released and not finished: day 1 is out and the summary is not."""
    return 0 < day_at(schedule, now) < schedule.summary_day


async def plan(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, now: datetime
) -> ReminderPlan:
    """Claim what the group owes now; see the module docstring."""
    settings = await load_settings(store, group.guild_id, group.id)
    roadmap = roadmaps.get(group.roadmap_id)
    if group.state != "active" or not settings.reminders or roadmap is None:
        return _empty(group, settings, roadmap)
    schedule = await schedule_of(store, group, roadmap)
    members = [m for m in await store.reminder_members(group.guild_id, group.id) if m.pref.enabled]
    at = settings.reminder_time
    next_at = min((rules.next_due(m, group.timezone, at, now) for m in members), default=None)
    if not _running(schedule, now):
        if day_at(schedule, now) >= schedule.summary_day:
            next_at = None
        return replace(_empty(group, settings, roadmap), next_at=next_at)
    due = [(m, rules.due_today(m, group.timezone, at, now)) for m in members]
    due = [(m, d) for m, d in due if d.due_at <= now]
    if not due:
        return ReminderPlan(group, settings, roadmap, (), (), tuple(members), schedule, next_at)
    first = min(d.local_date for _, d in due)
    rows = {
        (r.user_id, r.local_date): r
        for r in await store.reminders_since(group.guild_id, group.id, first)
    }
    ticks = await store.ticked_since(group.guild_id, group.id, min(d.day_starts for _, d in due))
    breaks = await _breaks(store, group)
    streaks = await _streaks(store, group, schedule)
    send: list[Due] = []
    closed: list[Due] = []
    claims: list[ReminderClaim] = []
    by_user = {m.user_id: m for m, _ in due}
    for member, today in due:
        row = rows.get((member.user_id, today.local_date))
        if row is not None:
            if row.state == "claimed":
                send.append(Due(row, member))
            continue
        claim = _eligible(schedule, member, today, breaks, ticks, group.id, streaks)
        if claim is not None:
            claims.append(claim)
    for claimed in await store.claim_reminders(group.guild_id, group.id, claims, now):
        (closed if claimed.state == "closed" else send).append(
            Due(claimed, by_user[claimed.user_id])
        )
    return ReminderPlan(
        group, settings, roadmap, tuple(send), tuple(closed), tuple(members), schedule, next_at
    )


async def next_run(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, now: datetime
) -> datetime | None:
    """When the group's reminder job should run next, without claiming anything: ``now``
    if a member is due and has no row yet for their date, else the next member's instant;
    None when the group sends no reminders. Cheap enough to answer a person's change."""
    settings = await load_settings(store, group.guild_id, group.id)
    if group.state != "active" or not settings.reminders or group.roadmap_id not in roadmaps:
        return None
    members = [m for m in await store.reminder_members(group.guild_id, group.id) if m.pref.enabled]
    at = settings.reminder_time
    due = [rules.due_today(m, group.timezone, at, now) for m in members]
    due = [d for d in due if d.due_at <= now]
    if due:
        first = min(d.local_date for d in due)
        rows = {
            (r.user_id, r.local_date)
            for r in await store.reminders_since(group.guild_id, group.id, first)
        }
        if any((d.user_id, d.local_date) not in rows for d in due):
            return now
    return min((rules.next_due(m, group.timezone, at, now) for m in members), default=None)


async def _breaks(store: Store, group: Group) -> dict[int, list[tuple[date, date]]]:
    found: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for brk in await store.breaks(group.guild_id, group.id):
        found[brk.user_id].append((brk.start, brk.end))
    return found


class _Streaks:
    """Each member's stored streak and the group's streak rules (freezes, breaks): one read
    of each per run (``streaks.streak_now``)."""

    def __init__(self, totals: Mapping[int, MemberTotals], group_rules: GroupRules) -> None:
        self.totals = totals
        self.rules = group_rules

    def at_risk(self, user_id: int, day: date) -> int:
        totals = self.totals.get(user_id)
        if totals is None:
            return 0
        return rules.streak_at_risk(*streak_now(totals, self.rules, day))


async def _streaks(store: Store, group: Group, schedule: Schedule) -> _Streaks:
    totals = {t.user_id: t for t in await store.member_totals(group.guild_id, group.id)}
    return _Streaks(totals, await group_rules(store, group, schedule))


def _eligible(
    schedule: Schedule,
    member: ReminderMember,
    today: rules.DueToday,
    breaks: Mapping[int, list[tuple[date, date]]],
    ticks: Mapping[int, datetime],
    group_id: int,
    streaks: _Streaks,
) -> ReminderClaim | None:
    """The member's claim for today if they are to be reminded (None: not today)."""
    if not rules.studies_on(schedule, today.local_date):
        return None
    if rules.on_break(breaks.get(member.user_id, ()), today.local_date):
        return None
    if rules.studied(member, today, ticks.get(member.user_id)):
        return None
    return ReminderClaim(
        member.user_id,
        today.local_date,
        rules.reminder_nonce(group_id, member.user_id, today.local_date),
        "closed" if member.pref.dms_closed else "claimed",
        streaks.at_risk(member.user_id, today.local_date),
    )


async def dms_closed(store: Store, due: Due, now: datetime, said: str) -> None:
    """Discord refused the DM (50007): the roll call names the member, and later reminders
    skip the DM until the member uses ``/remind`` again."""
    await store.settle_reminder(due.reminder, "closed", now, error=said)
    pref = await store.reminder_pref(
        due.reminder.guild_id, due.reminder.group_id, due.member.user_id
    )
    await store.save_reminder_pref(replace(pref, dms_closed=True), now)


async def remember_dm(store: Store, due: Due, channel_id: int, now: datetime) -> None:
    """Keep the DM channel Discord opened (opening DMs is rate limited; sending is not more)."""
    pref = await store.reminder_pref(
        due.reminder.guild_id, due.reminder.group_id, due.member.user_id
    )
    if pref.dm_channel_id != channel_id:
        await store.save_reminder_pref(replace(pref, dm_channel_id=channel_id), now)


async def plan_rollcall(
    store: Store, plan_: ReminderPlan, closed_now: list[Due], now: datetime
) -> RollCall | None:
    """The group's roll call to deliver now, if any (see the module docstring)."""
    group = plan_.group
    today = local_date(now, group.timezone)
    existing = await store.rollcall(group.guild_id, group.id, today)
    if existing is not None:
        return existing if existing.state == "claimed" else None
    if not closed_now or plan_.schedule is None:
        return None
    named = {d.member.user_id for d in closed_now}
    at = plan_.settings.reminder_time
    later = [
        (m, rules.due_today(m, group.timezone, at, now))
        for m in plan_.members
        if m.pref.dms_closed and m.user_id not in named
    ]
    later = [(m, d) for m, d in later if d.due_at > now]
    if later:
        breaks = await _breaks(store, group)
        since = min(d.day_starts for _, d in later)
        ticks = await store.ticked_since(group.guild_id, group.id, since)
        streaks = await _streaks(store, group, plan_.schedule)
        claims = [
            claim
            for member, due in later
            if (claim := _eligible(plan_.schedule, member, due, breaks, ticks, group.id, streaks))
        ]
        for claimed in await store.claim_reminders(group.guild_id, group.id, claims, now):
            named.add(claimed.user_id)
    return await store.claim_rollcall(
        group.guild_id,
        group.id,
        today,
        nonce=rules.rollcall_nonce(group.id, today),
        user_ids=sorted(named),
        now=now,
    )


async def sent_counts(store: Store, group: Group, now: datetime) -> tuple[int, int]:
    """(reminders sent since the group's local midnight, sent ever): ``/roadmap status``."""
    today = local_date(now, group.timezone)
    since = post_instant(today, time(0), group.timezone)
    return await store.reminder_counts(group.guild_id, group.id, since)
