"""Delivers a group's pending announcements (``services.announcements``), each exactly once.

Every pending row goes through ``deliver_once`` like a daily post: searched for (its Group
status button, ``ids.notice``) if an attempt was recorded, the attempt recorded, sent with the
row's nonce, confirmed. A channel that refuses it settles the row unsent (the day posts report
the channel's problem); a transient failure leaves it pending for the group's next run, start
or reconnect. A group that is no longer running settles its rows unsent: nothing to announce.
The owner (``DailyPosts``) calls ``deliver`` under the group's lock and lease.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from functools import partial

from bot.clock import Clock
from bot.daily.delivery import Channels, Marker, Refused, SendFailed, deliver_once
from bot.locale import group_lang
from bot.render import ids
from bot.render.announcements import announcement
from bot.render.messages import Message
from bot.roadmaps import Roadmap
from bot.services.announcements import notice_of
from bot.store import Group, Store
from bot.store.features.announcements import Announcement

log = logging.getLogger(__name__)


class AnnouncementRow:
    """A pending announcement as ``deliver_once`` sees it (``delivery.Ledger``)."""

    def __init__(self, store: Store, row: Announcement) -> None:
        self._store = store
        self._row = row

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
        await self._store.record_announcement_attempt(
            self._row.guild_id, self._row.id, search_from, attempt_at
        )

    async def confirm(self, message_id: int, now: datetime) -> None:
        await self._store.settle_announcement(self._row.guild_id, self._row.id, message_id, now)


class Announcer:
    def __init__(
        self, *, store: Store, roadmaps: Mapping[str, Roadmap], clock: Clock, channels: Channels
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.channels = channels

    async def deliver(self, group: Group) -> tuple[int, bool]:
        """Send the group's pending announcements, oldest first: (sent, a transient failure)."""
        pending = await self.store.pending_announcements(group.guild_id, group.id)
        sent = 0
        for row in pending:
            if not group.running:
                await self.store.settle_announcement(group.guild_id, row.id, None, self.clock())
                continue
            try:
                channel = await self.channels.open(group.channel_id)
                delivered = await deliver_once(
                    AnnouncementRow(self.store, row),
                    channel,
                    Marker(ids.notice(group.id, row.id)),
                    partial(self._message, group, row),
                    self.clock,
                )
            except Refused as refused:
                log.warning("group %s: announcement %s refused: %s", group.id, row.id, refused)
                await self.store.settle_announcement(group.guild_id, row.id, None, self.clock())
                continue
            except SendFailed as exc:
                log.warning("group %s: announcement %s: %s; kept", group.id, row.id, exc)
                return sent, True
            if not delivered.found:
                sent += 1
            log.info("group %s: announcement %s is message %s", group.id, row.id,
                     delivered.message_id)  # fmt: skip
        return sent, False

    async def _message(self, group: Group, row: Announcement) -> Message:
        notice = await notice_of(self.store, self.roadmaps, group, row, self.clock())
        cached = self.channels.server_locale(group.guild_id)
        if cached is None:
            stored = await self.store.get_guild(group.guild_id)
            cached = stored.locale if stored is not None else "en-US"
        return announcement(notice, group_lang(group.language, cached))
