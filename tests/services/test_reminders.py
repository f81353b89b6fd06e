"""Reminder rules and their ledger: when a member is due in their own zone (DST included),
who is skipped (studied, weekend, break, finished or unstarted roadmap, reminders off), the
streak at risk, one claim per member and date, the roll call, and ``/remind``'s choices."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.errors import BadTime, ForeignButton, JoinFirst, NotInAnyGroup
from bot.roadmaps import load_roadmaps
from bot.services import remind, reminders
from bot.services import reminder_rules as rules
from bot.services.context import Actor
from bot.store import NewGroup, Store
from bot.store.features.reminders import ReminderMember, ReminderPref
from bot.store.features.settings import MemberBreak

ROADMAPS = load_roadmaps(Path(__file__).resolve().parents[2] / "roadmaps")
GUILD, CHANNEL = 1001, 11
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def member(user: int = 5, zone: str | None = None, **pref: object) -> ReminderMember:
    return ReminderMember(
        user,
        zone,
        ReminderPref(GUILD, 1, user, **pref),
        None,
        0,
        None,  # type: ignore[arg-type]
    )


def test_due_at_local_time_across_spring_forward() -> None:
    ny = member(zone="America/New_York")
    at = time(21, 0)
    assert rules.due_today(ny, "UTC", at, utc(3, 7, 12)).due_at == utc(3, 8, 2)  # EST
    assert rules.next_due(ny, "UTC", at, utc(3, 8, 2)) == utc(3, 9, 1)  # EDT: an hour earlier
    assert rules.due_today(member(), "Asia/Shanghai", at, utc(3, 8, 2)).due_at == utc(3, 8, 13)
    skipped = member(zone="America/New_York", remind_at=time(2, 30))  # does not exist on 3/8
    assert rules.due_today(skipped, "UTC", at, utc(3, 8, 12)).due_at == utc(3, 8, 7)
    assert rules.due_today(skipped, "UTC", at, utc(3, 8, 12)).day_starts == utc(3, 8, 5)


def test_studied_and_streak_at_risk() -> None:
    today = rules.due_today(member(), "UTC", time(21), utc(3, 6, 21))
    assert not rules.studied(member(), today, None)
    assert not rules.studied(member(), today, utc(3, 5, 23))
    assert rules.studied(member(), today, utc(3, 6, 0))
    checked = replace(member(), last_checkin=date(2026, 3, 6))
    assert rules.studied(checked, today, None)
    assert rules.streak_at_risk(4, 0, False) == 4  # no freeze left, not resting
    assert rules.streak_at_risk(4, 1, False) == 0  # a freeze keeps it
    assert rules.streak_at_risk(4, 0, True) == 0  # a break keeps it
    assert rules.streak_at_risk(2, 0, False) == 0  # too short to mention
    assert len(rules.reminder_nonce(2**62, 2**63, date(2026, 3, 6))) <= 25


async def _group(
    store: Store, *, weekdays: bool = False, on: bool = True, channel: int = CHANNEL
) -> int:
    new = NewGroup(
        GUILD, channel, "14day", date(2026, 3, 2), time(9), "UTC", 1, weekdays_only=weekdays
    )
    group = await store.create_group(new, NOW)
    if on:
        await store.set_group_setting(GUILD, group.id, "reminders", "1")
    for user in (5, 6):
        await store.add_member(GUILD, group.id, user, NOW)
    return group.id


async def _plan(store: Store, group_id: int, now: datetime) -> reminders.ReminderPlan:
    group = await store.get_group(GUILD, group_id)
    assert group is not None
    return await reminders.plan(store, ROADMAPS, group, now)


async def test_plan_claims_each_due_member_once(store: Store) -> None:
    gid = await _group(store)
    early = await _plan(store, gid, utc(3, 2, 20))
    assert early.send == () and early.next_at == utc(3, 2, 21)
    plan = await _plan(store, gid, utc(3, 2, 21))
    assert sorted(d.member.user_id for d in plan.send) == [5, 6]
    assert plan.next_at == utc(3, 3, 21)
    again = await _plan(store, gid, utc(3, 2, 21, 30))  # unconfirmed: handed back, not re-claimed
    assert sorted(d.reminder.nonce for d in again.send) == sorted(
        d.reminder.nonce for d in plan.send
    )
    for due in plan.send:
        await store.settle_reminder(due.reminder, "sent", utc(3, 2, 21), message_id=1)
    assert (await _plan(store, gid, utc(3, 2, 22))).send == ()
    group = await store.get_group(GUILD, gid)
    assert group is not None
    assert await reminders.sent_counts(store, group, utc(3, 2, 23)) == (2, 2)


async def test_plan_skips_weekend_break_studied_and_off(store: Store) -> None:
    gid = await _group(store, weekdays=True)
    assert (await _plan(store, gid, utc(3, 7, 21))).send == ()  # Saturday
    await store.add_break(MemberBreak(GUILD, gid, 5, date(2026, 3, 9), date(2026, 3, 9), NOW))
    await store.upsert_checkin(GUILD, gid, 6, date(2026, 3, 9), None, None, utc(3, 9, 10))
    assert (await _plan(store, gid, utc(3, 9, 21))).send == ()  # 5 on break, 6 checked in
    off = await _group(store, on=False, channel=12)
    assert (await _plan(store, off, utc(3, 9, 21))).next_at is None
    assert (await _plan(store, gid, utc(3, 1, 21))).send == ()  # before the start


async def test_closed_dms_claimed_for_the_roll_call(store: Store) -> None:
    gid = await _group(store)
    pref = await store.reminder_pref(GUILD, gid, 6)
    await store.save_reminder_pref(replace(pref, dms_closed=True, remind_at=time(22)), NOW)
    plan = await _plan(store, gid, utc(3, 2, 21))
    assert [d.member.user_id for d in plan.send] == [5] and plan.closed == ()
    call = await reminders.plan_rollcall(store, plan, [], utc(3, 2, 21))
    assert call is None  # nobody closed in this run
    due5 = plan.send[0]
    await reminders.dms_closed(store, due5, utc(3, 2, 21), "Cannot send messages to this user")
    call = await reminders.plan_rollcall(store, plan, [due5], utc(3, 2, 21))
    assert call is not None and call.user_ids == (5, 6)  # 6 due later today: named now
    assert (await _plan(store, gid, utc(3, 2, 22))).send == ()  # 6's own time: never both
    again = await reminders.plan_rollcall(store, plan, [due5], utc(3, 2, 22))
    assert again == call  # unconfirmed: delivered again, not a second one
    await store.settle_rollcall(call, "sent", utc(3, 2, 22), message_id=9)
    assert await reminders.plan_rollcall(store, plan, [due5], utc(3, 2, 23)) is None


async def test_remind_choices_and_stop(store: Store) -> None:
    gid = await _group(store)
    actor = Actor(GUILD, CHANNEL, 5, locale="zh-CN")
    shown = await remind.remind(store, actor, NOW)
    assert (shown.at, shown.pref.enabled, shown.group_on) == (time(21), True, True)
    chosen = await remind.remind(store, actor, NOW, at="晚上8点半")
    assert chosen.pref.remind_at == time(20, 30) and chosen.pref.locale == "zh-CN"
    off = await remind.remind(store, actor, NOW, enabled=False)
    assert not off.pref.enabled and off.at == time(20, 30)
    with pytest.raises(BadTime):
        await remind.remind(store, actor, NOW, at="soon")
    assert not (await store.reminder_pref(GUILD, gid, 5)).enabled
    with pytest.raises(NotInAnyGroup):
        await remind.remind(store, Actor(GUILD, CHANNEL, 7), NOW, at="9pm")
    on = await remind.remind(store, actor, NOW, enabled=True)
    assert on.pref.enabled
    stopped = await remind.stop(store, GUILD, gid, 5, "en-US", NOW)
    assert not stopped.pref.enabled
    with pytest.raises(ForeignButton):
        await remind.stop(store, GUILD + 1, gid, 5, "en-US", NOW)  # forged: another server
    with pytest.raises(JoinFirst):
        await remind.stop(store, GUILD, gid, 7, "en-US", NOW)  # not a member
    assert (await store.reminder_pref(GUILD, gid, 6)).enabled  # nobody else changed
