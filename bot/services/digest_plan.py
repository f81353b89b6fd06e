"""When a group's weekly digest is due, and its (group, week) ledger's rules.

Rules (README "Weekly digest"):
- A digest covers one calendar week, Monday to Sunday in the group's zone: the last whole week
  before the digest's date. It is due on the group's digest weekday (``digest_weekday``, 0 =
  Monday) after that week, at ``digest_time`` (None: the group's post time), local time.
- Only an active group with ``digest`` on gets one, and only for a week by whose end some
  roadmap day was released and whose digest fell due after the group was created.
- A digest missed while the bot was down is posted late (start-up, reconnect, the next job) if
  it is still the calendar week in which it was due; otherwise it is recorded ``missed`` and
  never posted. A claimed digest of an earlier week that was never confirmed is marked
  ``missed`` too: a digest is news for one week only.
- Exactly once per (group, week): the row is claimed before anything is sent and delivered by
  ``bot/daily/delivery.py`` like a daily post (nonce, recorded attempts, search after a crash).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from bot.roadmaps import Roadmap
from bot.services.context import schedule_of
from bot.services.schedule import Schedule, day_at, local_date, post_instant
from bot.services.settings import load_settings
from bot.services.zones import zone
from bot.store import Group, Store
from bot.store.features.digests import Digest

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(minutes=5)
PRE_CREATION_SLACK = timedelta(minutes=1)
_NONCE_EPOCH = date(2024, 1, 1)  # a Monday
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


class DigestSettings(Protocol):
    """The group settings the digest reads (``bot.services.settings.GroupSettings``)."""

    @property
    def digest(self) -> bool: ...
    @property
    def digest_weekday(self) -> int: ...
    @property
    def digest_time(self) -> time | None: ...
    @property
    def digest_names_inactive(self) -> bool: ...


async def settings_of(store: Store, group: Group) -> DigestSettings:
    """The group's digest settings (``digest``, ``digest_weekday``, ``digest_time``,
    ``digest_names_inactive`` of ``GroupSettings``)."""
    return await load_settings(store, group.guild_id, group.id)


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def digest_nonce(group_id: int, week_start: date) -> str:
    """Stable per (group, week), at most 25 characters (``sb`` + a group id of up to 19
    digits + ``w`` + the week since 2024 in three base-36 digits)."""
    n = max(0, (week_start - _NONCE_EPOCH).days // 7)
    digits = ""
    for _ in range(3):
        n, r = divmod(n, 36)
        digits = _BASE36[r] + digits
    return f"sb{group_id}w{digits}"


def due_at(group: Group, settings: DigestSettings, week_start: date) -> datetime:
    """When the digest of the week starting ``week_start`` is due."""
    on = week_start + timedelta(days=7 + settings.digest_weekday)
    return post_instant(on, settings.digest_time or group.post_time, group.timezone)


def latest_due_week(group: Group, settings: DigestSettings, now: datetime) -> date:
    """The Monday of the latest week whose digest is due at ``now``."""
    week = monday_of(local_date(now, group.timezone)) - timedelta(days=7)
    while due_at(group, settings, week) > now:
        week -= timedelta(days=7)
    return week


def next_due(group: Group, settings: DigestSettings, now: datetime) -> datetime:
    """The next instant strictly after ``now`` at which a digest falls due (for its job)."""
    week = latest_due_week(group, settings, now) + timedelta(days=7)
    while (when := due_at(group, settings, week)) <= now:
        week += timedelta(days=7)
    return when


def end_of(d: date, tz: str) -> datetime:
    """The last second of local date ``d``."""
    return datetime.combine(d + timedelta(days=1), time(0), zone(tz)) - timedelta(seconds=1)


def covers_study(schedule: Schedule, week_start: date) -> bool:
    """Whether some roadmap day was released by the end of that week."""
    return day_at(schedule, end_of(week_start + timedelta(days=6), schedule.timezone)) >= 1


@dataclass(frozen=True, slots=True)
class DigestPlan:
    group: Group
    roadmap: Roadmap
    schedule: Schedule
    week_start: date
    due: datetime
    late: bool
    row: Digest
    """The claimed ledger row (with its recorded send attempts)."""


def same_week(due: datetime, now: datetime, tz: str) -> bool:
    return monday_of(local_date(due, tz)) == monday_of(local_date(now, tz))


async def plan_digest(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    group: Group,
    settings: DigestSettings,
    now: datetime,
) -> DigestPlan | None:
    """Claim and return the group's digest if one is due now; records missed weeks."""
    roadmap = roadmaps.get(group.roadmap_id)
    if roadmap is None or group.state != "active" or not settings.digest:
        return None
    week = latest_due_week(group, settings, now)
    due = due_at(group, settings, week)
    rows = {r.week_start: r for r in await store.digests(group.guild_id, group.id)}
    for stale in (r for r in rows.values() if r.state == "claimed" and r.week_start < week):
        log.warning("group %s: the digest of %s was never confirmed", group.id, stale.week_start)
        await store.mark_digest(group.guild_id, group.id, stale.week_start, "missed", None)
    row = rows.get(week)
    if row is not None and row.state != "claimed":
        return None
    schedule = await schedule_of(store, group, roadmap)
    await _record_skipped(store, group, settings, schedule, week - timedelta(days=7), rows, now)
    if due < group.created_at - PRE_CREATION_SLACK or not covers_study(schedule, week):
        return None
    nonce = digest_nonce(group.id, week)
    if not same_week(due, now, group.timezone):
        if row is not None:
            await store.mark_digest(group.guild_id, group.id, week, "missed", None)
        elif await store.record_missed_digest(group.guild_id, group.id, week, nonce, now):
            log.warning("group %s: the digest of %s was missed (bot down)", group.id, week)
        return None
    late = now - due > LATE_AFTER
    if row is None:
        row = await store.claim_digest(group.guild_id, group.id, week, nonce, now, late=late)
        if row is None:
            return None
    return DigestPlan(group, roadmap, schedule, week, due, late, row)


async def _record_skipped(
    store: Store,
    group: Group,
    settings: DigestSettings,
    schedule: Schedule,
    week: date,
    rows: Mapping[date, Digest],
    now: datetime,
) -> None:
    """The week before the latest: a digest that was due but never claimed (the bot was down
    for all of its week) is recorded missed."""
    if week in rows or not covers_study(schedule, week):
        return
    if due_at(group, settings, week) < group.created_at - PRE_CREATION_SLACK:
        return
    nonce = digest_nonce(group.id, week)
    if await store.record_missed_digest(group.guild_id, group.id, week, nonce, now):
        log.warning("group %s: the digest of %s was missed (bot down)", group.id, week)


def has_work(group: Group, settings: DigestSettings, latest: Digest | None, now: datetime) -> bool:
    """Whether ``plan_digest`` could claim, record or resend anything now (errs towards
    True): False when the latest due week already has a settled row."""
    if group.state != "active" or not settings.digest:
        return False
    week = latest_due_week(group, settings, now)
    if latest is None or latest.week_start < week:
        return True
    return latest.week_start == week and latest.state == "claimed"


async def record_attempt(
    store: Store, plan: DigestPlan, search_from: datetime, attempt_at: datetime
) -> None:
    await store.record_digest_attempt(
        plan.group.guild_id, plan.group.id, plan.week_start, search_from, attempt_at
    )


async def confirm(store: Store, plan: DigestPlan, message_id: int, now: datetime) -> None:
    await store.confirm_digest(plan.group.guild_id, plan.group.id, plan.week_start, message_id, now)


async def fail(store: Store, plan: DigestPlan, said: str) -> None:
    """The channel refused the digest: the week is given up (the daily post reports and
    handles a channel that refuses the bot)."""
    await store.mark_digest(plan.group.guild_id, plan.group.id, plan.week_start, "failed", said)
