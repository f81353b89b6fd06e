"""Reminders' storage: each member's choice (``reminder_prefs``) and the two exactly-once
ledgers, one row per member and local date (``reminders``) and one per group and local date
(``rollcalls``), claimed before anything is sent (``bot/daily/delivery.py``).

``ReminderStore`` is what a backend implements (``sqlite/reminders.py``,
``postgres/reminders.py``); ``ReminderFacade`` is the part of ``Store`` that forwards to it.
Every method takes the ``guild_id`` and matches on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal, Protocol

ReminderState = Literal["claimed", "sent", "closed", "failed"]
"""``claimed``: a DM is on its way; ``sent``: confirmed; ``closed``: the member's DMs are
closed, the roll call's business; ``failed``: refused otherwise (nothing more is tried)."""
RollCallState = Literal["claimed", "sent", "failed"]


@dataclass(frozen=True, slots=True)
class ReminderPref:
    """A member's reminder choice in one group (defaults when they never chose)."""

    guild_id: int
    group_id: int
    user_id: int
    enabled: bool = True
    remind_at: time | None = None
    """In the member's own zone; None: the group's ``reminder_time``."""
    locale: str | None = None
    """The member's language as their last ``/remind`` said it; None: the group's."""
    dm_channel_id: int | None = None
    dms_closed: bool = False


@dataclass(frozen=True, slots=True)
class ReminderMember:
    """One current member as the reminder run reads them: zone, choice, streak totals."""

    user_id: int
    timezone: str | None
    pref: ReminderPref
    last_checkin: date | None
    streak: int
    streak_date: date | None


@dataclass(frozen=True, slots=True)
class Reminder:
    """A claimed reminder (one per member and local date)."""

    guild_id: int
    group_id: int
    user_id: int
    local_date: date
    state: ReminderState
    nonce: str
    streak: int
    """The streak that breaks tonight (0: none at risk), fixed at the claim."""
    channel_id: int | None
    message_id: int | None
    claimed_at: datetime
    sent_at: datetime | None
    search_from: datetime | None
    attempt_at: datetime | None
    error: str | None = None
    """Discord's words when it refused the DM."""


@dataclass(frozen=True, slots=True)
class ReminderClaim:
    """A reminder to claim: whose, for which local date, and how it starts."""

    user_id: int
    local_date: date
    nonce: str
    state: ReminderState
    streak: int


@dataclass(frozen=True, slots=True)
class RollCall:
    """A group's roll call of one local date, naming ``user_ids`` (fixed at the claim)."""

    guild_id: int
    group_id: int
    local_date: date
    state: RollCallState
    nonce: str
    user_ids: tuple[int, ...]
    message_id: int | None
    claimed_at: datetime
    sent_at: datetime | None
    search_from: datetime | None
    attempt_at: datetime | None
    error: str | None = None


class ReminderStore(Protocol):
    async def reminder_members(self, guild_id: int, group_id: int) -> list[ReminderMember]:
        """Current members with their choice (defaults without a row), by user id."""
        ...

    async def reminder_pref(self, guild_id: int, group_id: int, user_id: int) -> ReminderPref:
        """The member's choice; the defaults if they never chose."""
        ...

    async def save_reminder_pref(self, pref: ReminderPref, now: datetime) -> None:
        """Insert or replace the whole choice (the member must be in the group)."""
        ...

    async def ticked_since(
        self, guild_id: int, group_id: int, since: datetime
    ) -> dict[int, datetime]:
        """Each member's latest tick done at or after ``since``."""
        ...

    async def reminders_since(self, guild_id: int, group_id: int, first: date) -> list[Reminder]:
        """The group's reminders of local dates from ``first`` on."""
        ...

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
        """Insert the row; None if the member already has one for that date."""
        ...

    async def claim_reminders(
        self, guild_id: int, group_id: int, claims: Sequence[ReminderClaim], now: datetime
    ) -> list[Reminder]:
        """``claim_reminder`` for many members in one transaction (a group's run): the rows
        inserted, in ``claims`` order; those that already existed are left out."""
        ...

    async def record_reminder_attempt(
        self,
        reminder: Reminder,
        channel_id: int,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None: ...

    async def settle_reminder(
        self,
        reminder: Reminder,
        state: ReminderState,
        now: datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        """``sent`` with its message, or ``closed`` / ``failed`` with Discord's words."""
        ...

    async def reminder_counts(
        self, guild_id: int, group_id: int, since: datetime
    ) -> tuple[int, int]:
        """(sent at or after ``since``, sent ever): what ``/roadmap status`` shows."""
        ...

    async def rollcall(self, guild_id: int, group_id: int, local_date: date) -> RollCall | None: ...

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
        """Insert the row; None if the group already has one for that date."""
        ...

    async def record_rollcall_attempt(
        self, rollcall: RollCall, search_from: datetime, attempt_at: datetime
    ) -> None: ...

    async def settle_rollcall(
        self,
        rollcall: RollCall,
        state: RollCallState,
        now: datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None: ...


class ReminderFacade:
    """``Store``'s reminder methods: each forwards to the backend's ``ReminderStore``."""

    _reminders: ReminderStore

    def _init_reminders(self, reminders: ReminderStore) -> None:
        self._reminders = reminders

    async def reminder_members(self, guild_id: int, group_id: int) -> list[ReminderMember]:
        return await self._reminders.reminder_members(guild_id, group_id)

    async def reminder_pref(self, guild_id: int, group_id: int, user_id: int) -> ReminderPref:
        return await self._reminders.reminder_pref(guild_id, group_id, user_id)

    async def save_reminder_pref(self, pref: ReminderPref, now: datetime) -> None:
        await self._reminders.save_reminder_pref(pref, now)

    async def ticked_since(
        self, guild_id: int, group_id: int, since: datetime
    ) -> dict[int, datetime]:
        return await self._reminders.ticked_since(guild_id, group_id, since)

    async def reminders_since(self, guild_id: int, group_id: int, first: date) -> list[Reminder]:
        return await self._reminders.reminders_since(guild_id, group_id, first)

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
        return await self._reminders.claim_reminder(
            guild_id,
            group_id,
            user_id,
            local_date,
            nonce=nonce,
            state=state,
            streak=streak,
            now=now,
        )

    async def claim_reminders(
        self, guild_id: int, group_id: int, claims: Sequence[ReminderClaim], now: datetime
    ) -> list[Reminder]:
        return await self._reminders.claim_reminders(guild_id, group_id, claims, now)

    async def record_reminder_attempt(
        self, reminder: Reminder, channel_id: int, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._reminders.record_reminder_attempt(reminder, channel_id, search_from, attempt_at)

    async def settle_reminder(
        self,
        reminder: Reminder,
        state: ReminderState,
        now: datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        await self._reminders.settle_reminder(
            reminder, state, now, message_id=message_id, error=error
        )

    async def reminder_counts(
        self, guild_id: int, group_id: int, since: datetime
    ) -> tuple[int, int]:
        return await self._reminders.reminder_counts(guild_id, group_id, since)

    async def rollcall(self, guild_id: int, group_id: int, local_date: date) -> RollCall | None:
        return await self._reminders.rollcall(guild_id, group_id, local_date)

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
        return await self._reminders.claim_rollcall(
            guild_id, group_id, local_date, nonce=nonce, user_ids=user_ids, now=now
        )

    async def record_rollcall_attempt(
        self, rollcall: RollCall, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._reminders.record_rollcall_attempt(rollcall, search_from, attempt_at)

    async def settle_rollcall(
        self,
        rollcall: RollCall,
        state: RollCallState,
        now: datetime,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        await self._reminders.settle_rollcall(
            rollcall, state, now, message_id=message_id, error=error
        )
