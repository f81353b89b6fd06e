"""Reminders' storage on every backend: members' choices, the reminder and roll-call ledgers
(claimed once), the counts ``/roadmap status`` shows, and every read scoped by server."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from bot.store import Store
from bot.store.features.reminders import ReminderClaim, ReminderPref
from tests.conftest import NOW
from tests.store.samples import GUILD_A, GUILD_B, new_group

DAY = date(2026, 3, 2)


async def test_choices_default_then_saved(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    await store.add_member(GUILD_A, group.id, 6, NOW)
    assert await store.reminder_pref(GUILD_A, group.id, 5) == ReminderPref(GUILD_A, group.id, 5)
    pref = ReminderPref(GUILD_A, group.id, 5, enabled=False, remind_at=time(20, 30), locale="zh-CN")
    await store.save_reminder_pref(pref, NOW)
    assert await store.reminder_pref(GUILD_A, group.id, 5) == pref
    again = replace(pref, enabled=True, dm_channel_id=777, dms_closed=True)
    await store.save_reminder_pref(again, NOW)
    assert await store.reminder_pref(GUILD_A, group.id, 5) == again
    members = await store.reminder_members(GUILD_A, group.id)
    assert [(m.user_id, m.pref) for m in members] == [
        (5, again),
        (6, ReminderPref(GUILD_A, group.id, 6)),
    ]
    assert await store.reminder_members(GUILD_B, group.id) == []
    assert await store.reminder_pref(GUILD_B, group.id, 5) == ReminderPref(GUILD_B, group.id, 5)


async def test_a_reminder_is_claimed_once_and_settled(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    await store.add_member(GUILD_A, group.id, 5, NOW)
    claimed = await store.claim_reminder(
        GUILD_A, group.id, 5, DAY, nonce="rm1", state="claimed", streak=4, now=NOW
    )
    assert claimed is not None and claimed.attempt_at is None and claimed.streak == 4
    again = await store.claim_reminder(
        GUILD_A, group.id, 5, DAY, nonce="rm1", state="claimed", streak=4, now=NOW
    )
    assert again is None
    later = NOW + timedelta(seconds=5)
    await store.record_reminder_attempt(claimed, 99, NOW, later)
    [row] = await store.reminders_since(GUILD_A, group.id, DAY)
    assert (row.channel_id, row.search_from, row.attempt_at) == (99, NOW, later)
    await store.settle_reminder(row, "sent", later, message_id=1234)
    [row] = await store.reminders_since(GUILD_A, group.id, DAY)
    assert (row.state, row.message_id, row.sent_at) == ("sent", 1234, later)
    assert await store.reminders_since(GUILD_A, group.id, DAY + timedelta(days=1)) == []
    assert await store.reminders_since(GUILD_B, group.id, DAY) == []
    closed = await store.claim_reminder(
        GUILD_A,
        group.id,
        5,
        DAY + timedelta(days=1),
        nonce="rm2",
        state="closed",
        streak=0,
        now=NOW,
    )
    assert closed is not None and closed.state == "closed"
    assert await store.reminder_counts(GUILD_A, group.id, later) == (1, 1)
    assert await store.reminder_counts(GUILD_A, group.id, later + timedelta(seconds=1)) == (0, 1)
    assert await store.reminder_counts(GUILD_B, group.id, NOW) == (0, 0)


async def test_ticks_since_per_member(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    for user in (5, 6):
        await store.add_member(GUILD_A, group.id, user, NOW)
    await store.add_tick_counted(GUILD_A, group.id, group.channel_id, 5, 1, "a", NOW)
    late = NOW + timedelta(hours=2)
    await store.add_tick_counted(GUILD_A, group.id, group.channel_id, 5, 1, "b", late)
    await store.add_tick_counted(GUILD_A, group.id, group.channel_id, 6, 1, "a", NOW)
    assert await store.ticked_since(GUILD_A, group.id, NOW) == {5: late, 6: NOW}
    assert await store.ticked_since(GUILD_A, group.id, NOW + timedelta(hours=1)) == {5: late}
    assert await store.ticked_since(GUILD_B, group.id, NOW) == {}


async def test_a_roll_call_is_claimed_once(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    claimed = await store.claim_rollcall(
        GUILD_A, group.id, DAY, nonce="rc1", user_ids=[7, 5], now=NOW
    )
    assert claimed is not None and claimed.user_ids == (7, 5) and claimed.state == "claimed"
    assert (
        await store.claim_rollcall(GUILD_A, group.id, DAY, nonce="rc1", user_ids=[8], now=NOW)
        is None
    )
    later = NOW + timedelta(seconds=3)
    await store.record_rollcall_attempt(claimed, NOW, later)
    row = await store.rollcall(GUILD_A, group.id, DAY)
    assert row is not None and row.attempt_at == later
    await store.settle_rollcall(row, "sent", later, message_id=42)
    row = await store.rollcall(GUILD_A, group.id, DAY)
    assert row is not None and (row.state, row.message_id) == ("sent", 42)
    assert await store.rollcall(GUILD_B, group.id, DAY) is None


async def test_many_reminders_claimed_in_one_go(store: Store) -> None:
    group = await store.create_group(new_group(), NOW)
    for user in (5, 6, 7):
        await store.add_member(GUILD_A, group.id, user, NOW)
    await store.claim_reminder(
        GUILD_A, group.id, 6, DAY, nonce="rm6", state="claimed", streak=0, now=NOW
    )
    claims = [
        ReminderClaim(7, DAY, "rm7", "closed", 3),
        ReminderClaim(6, DAY, "rm6", "claimed", 0),
        ReminderClaim(5, DAY, "rm5", "claimed", 0),
    ]
    claimed = await store.claim_reminders(GUILD_A, group.id, claims, NOW)
    assert [(r.user_id, r.state, r.streak) for r in claimed] == [
        (7, "closed", 3),
        (5, "claimed", 0),
    ]
    assert await store.claim_reminders(GUILD_A, group.id, claims, NOW) == []
    assert await store.claim_reminders(GUILD_A, group.id, [], NOW) == []
