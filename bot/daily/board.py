"""The pinned leaderboard on Discord: posting it once, pinning it, editing it, recreating it
once. The rules are ``bot/services/board.py``; the words ``bot/render/board.py``.

``BoardKeeper.handle`` is the edit queue's handler for the kind ``"board"`` (one key per group,
item 0): ticks, undos and check-ins mark the key (``cogs/board.py``); the queue runs the handler
at most once a minute per board, and the handler reads the numbers when it runs. The handler:

- board setting off: an existing board is unpinned and forgotten (turned on again, a new one
  is posted);
- no board yet (or one claimed but not confirmed): exactly-once delivery of the board
  (``deliver_once``: a crash between send and confirm never posts two), then pins it;
- a board: edits it if what it should show changed (a fingerprint without the "updated"
  time), and pins it if it is not pinned yet;
- the board's message gone (10008): ``services.board.gone`` decides once, in the database:
  recreate it (a new generation, delivered and pinned the same way) or, deleted again soon
  after a recreation, leave it removed (the key stops: no loop).

Pinning needs Pin Messages (Manage Messages before Discord split it): without it the board
says so on itself and the bot tries again at its next edit.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime

import discord

from bot.clock import Clock
from bot.daily.channels import DiscordChannels
from bot.daily.delivery import Marker, Refused, SendFailed, deliver_once
from bot.daily.edits import EditKey, EditResult
from bot.locale import group_lang
from bot.render import ids, messages
from bot.render.messages import Message
from bot.roadmaps import Roadmap
from bot.services import board as boards
from bot.services.settings import settings_from
from bot.shards import ShardSet
from bot.store import Group, Store
from bot.store.features.boards import BoardRow
from bot.store.interface import EVERY_SHARD

log = logging.getLogger(__name__)

KIND = "board"


Render = Callable[[int, datetime | None, bool], Message]
"""The board of a generation, with when it was updated (None: leave it out) and whether it
must say it cannot be pinned."""


def fingerprint(message: Message) -> str:
    """A short digest of what a message shows (its embeds and buttons)."""
    data = {
        "embeds": [e.to_dict() for e in message.embeds],
        "components": message.view.to_components() if message.view else [],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Ledger:
    """A board row as ``deliver_once`` reads and writes it."""

    def __init__(self, store: Store, row: BoardRow) -> None:
        self.store, self.row = store, row
        self.message_id: int | None = None

    @property
    def nonce(self) -> str:
        return self.row.nonce

    @property
    def search_from(self) -> datetime | None:
        return self.row.search_from

    @property
    def attempt_at(self) -> datetime | None:
        return self.row.attempt_at

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        r = self.row
        await self.store.board_attempting(
            r.guild_id, r.group_id, r.generation, search_from, attempt_at
        )

    async def confirm(self, message_id: int, now: datetime) -> None:
        r = self.row
        await self.store.board_sent(r.guild_id, r.group_id, r.generation, message_id, now)
        self.message_id = message_id


class BoardKeeper:
    """Keeps every group's pinned board (see the module docstring)."""

    def __init__(
        self,
        *,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock,
        client: discord.Client,
        channels: DiscordChannels,
    ) -> None:
        self.store, self.roadmaps, self.clock = store, roadmaps, clock
        self.client, self.channels = client, channels

    @staticmethod
    def key(guild_id: int, group_id: int) -> EditKey:
        return EditKey(KIND, guild_id, group_id, 0)

    async def groups_with_boards(self, shards: ShardSet | None) -> list[EditKey]:
        """Start-up: every running group whose board setting is on (one batch read), to mark
        so their boards are posted or brought up to date after a restart."""
        found = await self.store.setting_all_guilds(shards or EVERY_SHARD, "board")
        return [
            self.key(s.guild_id, s.group_id) for s in found if settings_from({s.key: s.value}).board
        ]

    async def handle(self, key: EditKey, shown: str | None) -> EditResult:
        now = self.clock()
        view = await boards.pinned_board(self.store, self.roadmaps, key.guild_id, key.group_id, now)
        if view is None:
            return EditResult.stop()
        row = view.row
        if not view.settings.board:
            if row is not None:
                await self._unpin(view.group.channel_id, row)
                await self.store.forget_board(key.guild_id, key.group_id)
            return EditResult.unchanged()
        if row is None:
            row = await boards.claim(self.store, view.group, now)
            if row is None:
                return EditResult.stop()  # the group went away meanwhile
        if row.state == "removed":
            return EditResult.stop()
        lang = group_lang(view.group.language, await self._locale(key.guild_id))

        def render(generation: int, updated: datetime | None, cannot_pin: bool) -> Message:
            return messages.pinned_board(
                view.board, lang, generation, updated=updated, cannot_pin=cannot_pin
            )

        try:
            if row.state == "claimed" or row.message_id is None:
                return await self._post(view.group.channel_id, row, render)
            return await self._edit(view.group, row, render, shown)
        except Refused as exc:
            log.warning("board of group %s refused: %s", key.group_id, exc.said)
            return EditResult.unchanged()
        except SendFailed as exc:
            log.info("board of group %s: %s; again later", key.group_id, exc)
            return EditResult.retry()

    async def _post(self, channel_id: int, row: BoardRow, render: Render) -> EditResult:
        """Deliver the row's board exactly once, then pin it."""
        ledger = _Ledger(self.store, row)
        channel = await self.channels.open(channel_id)
        marker = Marker(ids.board(row.group_id, row.generation))

        async def message() -> Message:
            return render(row.generation, self.clock(), False)

        delivered = await deliver_once(ledger, channel, marker, message, self.clock)
        pinned = await self._pin(channel_id, row, delivered.message_id)
        if pinned is None:
            raise SendFailed("board gone (10008)")
        if delivered.found or not pinned:  # an earlier attempt's board, or it needs the warning
            now = render(row.generation, self.clock(), not pinned)
            await self._patch(channel_id, delivered.message_id, now)
        return EditResult.edited(fingerprint(render(row.generation, None, not pinned)))

    async def _edit(
        self, group: Group, row: BoardRow, render: Render, shown: str | None
    ) -> EditResult:
        assert row.message_id is not None
        pinned = row.pinned or await self._pin(group.channel_id, row, row.message_id)
        if pinned is None:  # gone
            return await self._gone(group, row, render)
        wanted = fingerprint(render(row.generation, None, not pinned))
        if wanted == shown:
            return EditResult.unchanged()
        now = render(row.generation, self.clock(), not pinned)
        try:
            await self._patch(group.channel_id, row.message_id, now)
        except Refused as exc:
            if not exc.missing:
                return await self._gone(group, row, render)
            raise
        return EditResult.edited(wanted)

    async def _gone(self, group: Group, row: BoardRow, render: Render) -> EditResult:
        assert row.message_id is not None
        decided = await boards.gone(self.store, group, row.message_id, self.clock())
        if decided != "recreate":
            log.warning("board of group %s deleted again: left removed", group.id)
            return EditResult.stop()
        log.info("board of group %s was deleted: recreating it once", group.id)
        fresh = await self.store.board_of(group.guild_id, group.id)
        if fresh is None or fresh.state != "claimed":
            return EditResult.stop()
        return await self._post(group.channel_id, fresh, render)

    async def _pin(self, channel_id: int, row: BoardRow, message_id: int) -> bool | None:
        """Pin the board: True if pinned, False without the permission, None if it is gone."""
        partial = self.client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await self.channels.pacer.wait()
            await partial.pin()
        except discord.NotFound:
            return None
        except discord.Forbidden:
            log.warning("cannot pin the board of group %s: no Pin Messages", row.group_id)
            return False
        except discord.HTTPException as exc:
            raise SendFailed(f"pin failed ({exc.status})") from exc
        await self.store.board_pinned(row.guild_id, row.group_id, message_id, True)
        return True

    async def _unpin(self, channel_id: int, row: BoardRow) -> None:
        if row.message_id is None or not row.pinned:
            return
        partial = self.client.get_partial_messageable(channel_id)
        try:
            await self.channels.pacer.wait()
            await partial.get_partial_message(row.message_id).unpin()
        except discord.HTTPException:
            log.info("could not unpin the board of group %s", row.group_id)

    async def _patch(self, channel_id: int, message_id: int, message: Message) -> None:
        partial = self.client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await self.channels.pacer.wait()
            await partial.edit(embeds=message.embeds, view=message.view)
        except discord.NotFound as exc:
            raise Refused(False, exc.text or "404") from exc
        except discord.Forbidden as exc:
            raise Refused(True, exc.text or "403") from exc
        except discord.HTTPException as exc:
            raise SendFailed(f"edit failed ({exc.status})") from exc

    async def _locale(self, guild_id: int) -> str:
        cached = self.channels.server_locale(guild_id)
        if cached is not None:
            return cached
        stored = await self.store.get_guild(guild_id)
        return stored.locale if stored is not None else "en-US"
