"""Reminders' and roll calls' ledger rows as exactly-once delivery sees them
(``delivery.Ledger``), and the DM side of the channels (``DirectMessages``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Protocol

from bot.daily.delivery import Channel, Channels
from bot.store import Store
from bot.store.features.reminders import Reminder, RollCall


class DirectMessages(Channels, Protocol):
    """``Channels`` that can also open a DM and address one opened before."""

    async def open_dm(self, user_id: int) -> int: ...

    def dm(self, channel_id: int) -> Channel: ...


class ReminderRow:
    """A claimed reminder; ``channel_id`` is the DM channel it goes to."""

    def __init__(self, store: Store, reminder: Reminder, channel_id: int) -> None:
        self._store = store
        self._row = reminder
        self._channel_id = channel_id

    @property
    def nonce(self) -> str:
        return self._row.nonce

    @property
    def search_from(self) -> datetime | None:
        return self._row.search_from

    @property
    def attempt_at(self) -> datetime | None:
        return self._row.attempt_at

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        await self._store.record_reminder_attempt(
            self._row, self._channel_id, search_from, attempt_at
        )
        self._row = replace(self._row, search_from=search_from, attempt_at=attempt_at)

    async def confirm(self, message_id: int, now: datetime) -> None:
        await self._store.settle_reminder(self._row, "sent", now, message_id=message_id)


class RollCallRow:
    def __init__(self, store: Store, rollcall: RollCall) -> None:
        self._store = store
        self._row = rollcall

    @property
    def nonce(self) -> str:
        return self._row.nonce

    @property
    def search_from(self) -> datetime | None:
        return self._row.search_from

    @property
    def attempt_at(self) -> datetime | None:
        return self._row.attempt_at

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        await self._store.record_rollcall_attempt(self._row, search_from, attempt_at)
        self._row = replace(self._row, search_from=search_from, attempt_at=attempt_at)

    async def confirm(self, message_id: int, now: datetime) -> None:
        await self._store.settle_rollcall(self._row, "sent", now, message_id=message_id)
