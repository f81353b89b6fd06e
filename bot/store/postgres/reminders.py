"""Reminders in PostgreSQL: members' choices and the reminder and roll-call ledgers
(``migrations/0008_reminders.sql``; the contract in ``bot/store/features/reminders.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import cast

import asyncpg

from bot.store.features.reminders import (
    Reminder,
    ReminderClaim,
    ReminderMember,
    ReminderPref,
    ReminderState,
    RollCall,
    RollCallState,
)
from bot.store.postgres.codec import aware, clock
from bot.store.postgres.connection import Conn, PgDb

PREF_COLS = "enabled, remind_at, locale, dm_channel_id, dms_closed"
REMINDER_COLS = (
    "guild_id, group_id, user_id, local_date, state, nonce, streak, channel_id, message_id, "
    "claimed_at, sent_at, search_from, attempt_at, error"
)
ROLLCALL_COLS = (
    "guild_id, group_id, local_date, state, nonce, user_ids, message_id, claimed_at, sent_at, "
    "search_from, attempt_at, error"
)


def _pref(guild_id: int, group_id: int, user_id: int, row: asyncpg.Record | None) -> ReminderPref:
    if row is None or row["enabled"] is None:
        return ReminderPref(guild_id, group_id, user_id)
    return ReminderPref(
        guild_id,
        group_id,
        user_id,
        enabled=row["enabled"],
        remind_at=row["remind_at"],
        locale=row["locale"],
        dm_channel_id=row["dm_channel_id"],
        dms_closed=row["dms_closed"],
    )


def _reminder(row: asyncpg.Record) -> Reminder:
    return Reminder(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        local_date=row["local_date"],
        state=cast(ReminderState, row["state"]),
        nonce=row["nonce"],
        streak=row["streak"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        claimed_at=row["claimed_at"],
        sent_at=row["sent_at"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
        error=row["error"],
    )


def _rollcall(row: asyncpg.Record) -> RollCall:
    return RollCall(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        local_date=row["local_date"],
        state=cast(RollCallState, row["state"]),
        nonce=row["nonce"],
        user_ids=tuple(int(u) for u in row["user_ids"].split()),
        message_id=row["message_id"],
        claimed_at=row["claimed_at"],
        sent_at=row["sent_at"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
        error=row["error"],
    )


PREF_EXPORT = (
    f"SELECT guild_id, group_id, user_id, {PREF_COLS} FROM reminder_prefs "
    "ORDER BY group_id, user_id"
)
REMINDER_EXPORT = f"SELECT {REMINDER_COLS} FROM reminders ORDER BY group_id, user_id, local_date"
ROLLCALL_EXPORT = f"SELECT {ROLLCALL_COLS} FROM rollcalls ORDER BY group_id, local_date"


def pref_from_row(row: asyncpg.Record) -> ReminderPref:
    return _pref(row["guild_id"], row["group_id"], row["user_id"], row)


reminder_from_row = _reminder
rollcall_from_row = _rollcall


class PgReminders:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def reminder_members(self, guild_id: int, group_id: int) -> list[ReminderMember]:
        rows = await self._db.all(
            "SELECT m.user_id, m.timezone, m.last_checkin, m.streak, m.streak_date, "
            "p.enabled, p.remind_at, p.locale, p.dm_channel_id, p.dms_closed "
            "FROM members m LEFT JOIN reminder_prefs p "
            "ON p.group_id = m.group_id AND p.user_id = m.user_id AND p.guild_id = m.guild_id "
            "WHERE m.guild_id = $1 AND m.group_id = $2 AND m.left_at IS NULL ORDER BY m.user_id",
            guild_id,
            group_id,
        )
        return [
            ReminderMember(
                user_id=r["user_id"],
                timezone=r["timezone"],
                pref=_pref(guild_id, group_id, r["user_id"], r),
                last_checkin=r["last_checkin"],
                streak=r["streak"],
                streak_date=r["streak_date"],
            )
            for r in rows
        ]

    async def reminder_pref(self, guild_id: int, group_id: int, user_id: int) -> ReminderPref:
        row = await self._db.one(
            f"SELECT {PREF_COLS} FROM reminder_prefs "
            "WHERE guild_id = $1 AND group_id = $2 AND user_id = $3",
            guild_id,
            group_id,
            user_id,
        )
        return _pref(guild_id, group_id, user_id, row)

    async def save_reminder_pref(self, pref: ReminderPref, now: datetime) -> None:
        await self._db.write(
            "INSERT INTO reminder_prefs (guild_id, group_id, user_id, enabled, remind_at, locale, "
            "dm_channel_id, dms_closed, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
            "ON CONFLICT (group_id, user_id) DO UPDATE SET enabled = excluded.enabled, "
            "remind_at = excluded.remind_at, locale = excluded.locale, "
            "dm_channel_id = excluded.dm_channel_id, dms_closed = excluded.dms_closed, "
            "updated_at = excluded.updated_at WHERE reminder_prefs.guild_id = excluded.guild_id",
            pref.guild_id,
            pref.group_id,
            pref.user_id,
            pref.enabled,
            None if pref.remind_at is None else clock(pref.remind_at),
            pref.locale,
            pref.dm_channel_id,
            pref.dms_closed,
            aware(now),
        )

    async def ticked_since(
        self, guild_id: int, group_id: int, since: datetime
    ) -> dict[int, datetime]:
        rows = await self._db.all(
            "SELECT user_id, MAX(done_at) AS last FROM ticks "
            "WHERE guild_id = $1 AND group_id = $2 AND done_at >= $3 GROUP BY user_id",
            guild_id,
            group_id,
            aware(since),
        )
        return {r["user_id"]: r["last"] for r in rows}

    async def reminders_since(self, guild_id: int, group_id: int, first: date) -> list[Reminder]:
        rows = await self._db.all(
            f"SELECT {REMINDER_COLS} FROM reminders "
            "WHERE guild_id = $1 AND group_id = $2 AND local_date >= $3 "
            "ORDER BY local_date, user_id",
            guild_id,
            group_id,
            first,
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
            "claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (group_id, user_id, local_date) DO NOTHING "
            f"RETURNING {REMINDER_COLS}",
            guild_id,
            group_id,
            user_id,
            local_date,
            state,
            nonce,
            streak,
            aware(now),
        )
        return None if row is None else _reminder(row)

    async def claim_reminders(
        self, guild_id: int, group_id: int, claims: Sequence[ReminderClaim], now: datetime
    ) -> list[Reminder]:
        if not claims:
            return []

        async def work(con: Conn) -> list[Reminder]:
            rows = await con.fetch(
                "INSERT INTO reminders (guild_id, group_id, user_id, local_date, state, nonce, "
                "streak, claimed_at) SELECT $1, $2, u, d, s, n, k, $3 "
                "FROM unnest($4::bigint[], $5::date[], $6::text[], $7::text[], $8::int[]) "
                "WITH ORDINALITY AS c(u, d, s, n, k, i) ORDER BY i "
                "ON CONFLICT (group_id, user_id, local_date) DO NOTHING "
                f"RETURNING {REMINDER_COLS}",
                guild_id,
                group_id,
                aware(now),
                [c.user_id for c in claims],
                [c.local_date for c in claims],
                [c.state for c in claims],
                [c.nonce for c in claims],
                [c.streak for c in claims],
            )
            order = {(c.user_id, c.local_date): i for i, c in enumerate(claims)}
            found = [_reminder(r) for r in rows]
            return sorted(found, key=lambda r: order[(r.user_id, r.local_date)])

        return await self._db.run(work)

    async def record_reminder_attempt(
        self, reminder: Reminder, channel_id: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE reminders SET channel_id = $1, search_from = $2, attempt_at = $3 "
            "WHERE guild_id = $4 AND group_id = $5 AND user_id = $6 AND local_date = $7 "
            "AND state = 'claimed'",
            channel_id,
            aware(search_from),
            aware(attempt_at),
            reminder.guild_id,
            reminder.group_id,
            reminder.user_id,
            reminder.local_date,
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
            "UPDATE reminders SET state = $1, message_id = $2, sent_at = $3, error = $4 "
            "WHERE guild_id = $5 AND group_id = $6 AND user_id = $7 AND local_date = $8",
            state,
            message_id,
            aware(now) if state == "sent" else None,
            error,
            reminder.guild_id,
            reminder.group_id,
            reminder.user_id,
            reminder.local_date,
        )

    async def reminder_counts(
        self, guild_id: int, group_id: int, since: datetime
    ) -> tuple[int, int]:
        row = await self._db.one(
            "SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE sent_at >= $1) AS recent "
            "FROM reminders WHERE guild_id = $2 AND group_id = $3 AND state = 'sent'",
            aware(since),
            guild_id,
            group_id,
        )
        return (0, 0) if row is None else (int(row["recent"]), int(row["total"]))

    async def rollcall(self, guild_id: int, group_id: int, local_date: date) -> RollCall | None:
        row = await self._db.one(
            f"SELECT {ROLLCALL_COLS} FROM rollcalls "
            "WHERE guild_id = $1 AND group_id = $2 AND local_date = $3",
            guild_id,
            group_id,
            local_date,
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
            "claimed_at) VALUES ($1, $2, $3, 'claimed', $4, $5, $6) "
            "ON CONFLICT (group_id, local_date) DO NOTHING "
            f"RETURNING {ROLLCALL_COLS}",
            guild_id,
            group_id,
            local_date,
            nonce,
            " ".join(map(str, user_ids)),
            aware(now),
        )
        return None if row is None else _rollcall(row)

    async def record_rollcall_attempt(
        self, rollcall: RollCall, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE rollcalls SET search_from = $1, attempt_at = $2 "
            "WHERE guild_id = $3 AND group_id = $4 AND local_date = $5 AND state = 'claimed'",
            aware(search_from),
            aware(attempt_at),
            rollcall.guild_id,
            rollcall.group_id,
            rollcall.local_date,
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
            "UPDATE rollcalls SET state = $1, message_id = $2, sent_at = $3, error = $4 "
            "WHERE guild_id = $5 AND group_id = $6 AND local_date = $7",
            state,
            message_id,
            aware(now) if state == "sent" else None,
            error,
            rollcall.guild_id,
            rollcall.group_id,
            rollcall.local_date,
        )
