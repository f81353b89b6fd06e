"""Reminders in SQLite: members' choices and the reminder and roll-call ledgers
(``migrations/0008_reminders.sql``; the contract in ``bot/store/features/reminders.py``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import cast

from bot.store.features.reminders import (
    Reminder,
    ReminderClaim,
    ReminderMember,
    ReminderPref,
    ReminderState,
    RollCall,
    RollCallState,
)
from bot.store.sqlite.codec import clock, day, instant, iso
from bot.store.sqlite.connection import SqliteDb

PREF_COLS = "enabled, remind_at, locale, dm_channel_id, dms_closed"
REMINDER_COLS = (
    "guild_id, group_id, user_id, local_date, state, nonce, streak, channel_id, message_id, "
    "claimed_at, sent_at, search_from, attempt_at, error"
)
ROLLCALL_COLS = (
    "guild_id, group_id, local_date, state, nonce, user_ids, message_id, claimed_at, sent_at, "
    "search_from, attempt_at, error"
)


def _pref(guild_id: int, group_id: int, user_id: int, row: sqlite3.Row | None) -> ReminderPref:
    if row is None or row["enabled"] is None:
        return ReminderPref(guild_id, group_id, user_id)
    at = row["remind_at"]
    return ReminderPref(
        guild_id,
        group_id,
        user_id,
        enabled=bool(row["enabled"]),
        remind_at=None if at is None else time.fromisoformat(at),
        locale=row["locale"],
        dm_channel_id=row["dm_channel_id"],
        dms_closed=bool(row["dms_closed"]),
    )


def _reminder(row: sqlite3.Row) -> Reminder:
    return Reminder(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        local_date=date.fromisoformat(row["local_date"]),
        state=cast(ReminderState, row["state"]),
        nonce=row["nonce"],
        streak=row["streak"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        claimed_at=datetime.fromisoformat(row["claimed_at"]),
        sent_at=instant(row["sent_at"]),
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
        error=row["error"],
    )


def _rollcall(row: sqlite3.Row) -> RollCall:
    return RollCall(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        local_date=date.fromisoformat(row["local_date"]),
        state=cast(RollCallState, row["state"]),
        nonce=row["nonce"],
        user_ids=tuple(int(u) for u in row["user_ids"].split()),
        message_id=row["message_id"],
        claimed_at=datetime.fromisoformat(row["claimed_at"]),
        sent_at=instant(row["sent_at"]),
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
        error=row["error"],
    )


PREF_EXPORT = (
    f"SELECT guild_id, group_id, user_id, {PREF_COLS} FROM reminder_prefs "
    "ORDER BY group_id, user_id"
)
REMINDER_EXPORT = f"SELECT {REMINDER_COLS} FROM reminders ORDER BY group_id, user_id, local_date"
ROLLCALL_EXPORT = f"SELECT {ROLLCALL_COLS} FROM rollcalls ORDER BY group_id, local_date"


def pref_from_row(row: sqlite3.Row) -> ReminderPref:
    return _pref(row["guild_id"], row["group_id"], row["user_id"], row)


reminder_from_row = _reminder
rollcall_from_row = _rollcall


class SqliteReminders:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def reminder_members(self, guild_id: int, group_id: int) -> list[ReminderMember]:
        rows = await self._db.all(
            "SELECT m.user_id, m.timezone, m.last_checkin, m.streak, m.streak_date, "
            "p.enabled, p.remind_at, p.locale, p.dm_channel_id, p.dms_closed "
            "FROM members m LEFT JOIN reminder_prefs p "
            "ON p.group_id = m.group_id AND p.user_id = m.user_id AND p.guild_id = m.guild_id "
            "WHERE m.guild_id = ? AND m.group_id = ? AND m.left_at IS NULL ORDER BY m.user_id",
            (guild_id, group_id),
        )
        return [
            ReminderMember(
                user_id=r["user_id"],
                timezone=r["timezone"],
                pref=_pref(guild_id, group_id, r["user_id"], r),
                last_checkin=day(r["last_checkin"]),
                streak=r["streak"],
                streak_date=day(r["streak_date"]),
            )
            for r in rows
        ]

    async def reminder_pref(self, guild_id: int, group_id: int, user_id: int) -> ReminderPref:
        row = await self._db.one(
            f"SELECT {PREF_COLS} FROM reminder_prefs "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (guild_id, group_id, user_id),
        )
        return _pref(guild_id, group_id, user_id, row)

    async def save_reminder_pref(self, pref: ReminderPref, now: datetime) -> None:
        await self._db.write(
            "INSERT INTO reminder_prefs (guild_id, group_id, user_id, enabled, remind_at, locale, "
            "dm_channel_id, dms_closed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (group_id, user_id) DO UPDATE SET enabled = excluded.enabled, "
            "remind_at = excluded.remind_at, locale = excluded.locale, "
            "dm_channel_id = excluded.dm_channel_id, dms_closed = excluded.dms_closed, "
            "updated_at = excluded.updated_at WHERE reminder_prefs.guild_id = excluded.guild_id",
            (
                pref.guild_id,
                pref.group_id,
                pref.user_id,
                int(pref.enabled),
                None if pref.remind_at is None else clock(pref.remind_at),
                pref.locale,
                pref.dm_channel_id,
                int(pref.dms_closed),
                iso(now),
            ),
        )

    async def ticked_since(
        self, guild_id: int, group_id: int, since: datetime
    ) -> dict[int, datetime]:
        rows = await self._db.all(
            "SELECT user_id, MAX(done_at) AS last FROM ticks "
            "WHERE guild_id = ? AND group_id = ? AND done_at >= ? GROUP BY user_id",
            (guild_id, group_id, iso(since)),
        )
        return {r["user_id"]: datetime.fromisoformat(r["last"]) for r in rows}

    async def reminders_since(self, guild_id: int, group_id: int, first: date) -> list[Reminder]:
        rows = await self._db.all(
            f"SELECT {REMINDER_COLS} FROM reminders "
            "WHERE guild_id = ? AND group_id = ? AND local_date >= ? ORDER BY local_date, user_id",
            (guild_id, group_id, first.isoformat()),
        )
        return [_reminder(r) for r in rows]

    async def claim_reminder(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        local_date: date,
        *,
        nonce: str,
        state: ReminderState,
        streak: int,
        now: datetime,
    ) -> Reminder | None:
        row = await self._db.write_returning(
            "INSERT INTO reminders (guild_id, group_id, user_id, local_date, state, nonce, streak, "
            "claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (group_id, user_id, local_date) DO NOTHING "
            f"RETURNING {REMINDER_COLS}",
            (guild_id, group_id, user_id, local_date.isoformat(), state, nonce, streak, iso(now)),
        )
        return None if row is None else _reminder(row)

    async def claim_reminders(
        self, guild_id: int, group_id: int, claims: Sequence[ReminderClaim], now: datetime
    ) -> list[Reminder]:
        claimed: list[Reminder] = []
        if not claims:
            return claimed
        async with self._db.transaction() as conn:
            for c in claims:
                async with conn.execute(
                    "INSERT INTO reminders (guild_id, group_id, user_id, local_date, state, nonce, "
                    "streak, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (group_id, user_id, local_date) DO NOTHING "
                    f"RETURNING {REMINDER_COLS}",
                    (
                        guild_id,
                        group_id,
                        c.user_id,
                        c.local_date.isoformat(),
                        c.state,
                        c.nonce,
                        c.streak,
                        iso(now),
                    ),
                ) as cur:
                    row = await cur.fetchone()
                if row is not None:
                    claimed.append(_reminder(row))
        return claimed

    async def record_reminder_attempt(
        self, reminder: Reminder, channel_id: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE reminders SET channel_id = ?, search_from = ?, attempt_at = ? "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ? AND local_date = ? "
            "AND state = 'claimed'",
            (
                channel_id,
                iso(search_from),
                iso(attempt_at),
                reminder.guild_id,
                reminder.group_id,
                reminder.user_id,
                reminder.local_date.isoformat(),
            ),
        )

    async def settle_reminder(
        self,
        reminder: Reminder,
        state: ReminderState,
        now: datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        await self._db.write(
            "UPDATE reminders SET state = ?, message_id = ?, sent_at = ?, error = ? "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ? AND local_date = ?",
            (
                state,
                message_id,
                iso(now) if state == "sent" else None,
                error,
                reminder.guild_id,
                reminder.group_id,
                reminder.user_id,
                reminder.local_date.isoformat(),
            ),
        )

    async def reminder_counts(
        self, guild_id: int, group_id: int, since: datetime
    ) -> tuple[int, int]:
        row = await self._db.one(
            "SELECT COUNT(*) AS total, COALESCE(SUM(sent_at >= ?), 0) AS recent FROM reminders "
            "WHERE guild_id = ? AND group_id = ? AND state = 'sent'",
            (iso(since), guild_id, group_id),
        )
        return (0, 0) if row is None else (int(row["recent"]), int(row["total"]))

    async def rollcall(self, guild_id: int, group_id: int, local_date: date) -> RollCall | None:
        row = await self._db.one(
            f"SELECT {ROLLCALL_COLS} FROM rollcalls "
            "WHERE guild_id = ? AND group_id = ? AND local_date = ?",
            (guild_id, group_id, local_date.isoformat()),
        )
        return None if row is None else _rollcall(row)

    async def claim_rollcall(
        self,
        guild_id: int,
        group_id: int,
        local_date: date,
        *,
        nonce: str,
        user_ids: Sequence[int],
        now: datetime,
    ) -> RollCall | None:
        row = await self._db.write_returning(
            "INSERT INTO rollcalls (guild_id, group_id, local_date, state, nonce, user_ids, "
            "claimed_at) VALUES (?, ?, ?, 'claimed', ?, ?, ?) "
            "ON CONFLICT (group_id, local_date) DO NOTHING "
            f"RETURNING {ROLLCALL_COLS}",
            (
                guild_id,
                group_id,
                local_date.isoformat(),
                nonce,
                " ".join(map(str, user_ids)),
                iso(now),
            ),
        )
        return None if row is None else _rollcall(row)

    async def record_rollcall_attempt(
        self, rollcall: RollCall, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE rollcalls SET search_from = ?, attempt_at = ? "
            "WHERE guild_id = ? AND group_id = ? AND local_date = ? AND state = 'claimed'",
            (
                iso(search_from),
                iso(attempt_at),
                rollcall.guild_id,
                rollcall.group_id,
                rollcall.local_date.isoformat(),
            ),
        )

    async def settle_rollcall(
        self,
        rollcall: RollCall,
        state: RollCallState,
        now: datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        await self._db.write(
            "UPDATE rollcalls SET state = ?, message_id = ?, sent_at = ?, error = ? "
            "WHERE guild_id = ? AND group_id = ? AND local_date = ?",
            (
                state,
                message_id,
                iso(now) if state == "sent" else None,
                error,
                rollcall.guild_id,
                rollcall.group_id,
                rollcall.local_date.isoformat(),
            ),
        )
