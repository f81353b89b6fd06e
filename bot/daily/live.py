"""The ``day`` kind of the edit queue: a day post's live completion.

Registered by ``DailyPosts``; marked by the tick buttons (``cogs/study.py``) after every tick or
undo that changed something. When its edit is due, the handler reads the day's counts now
(``services.live.live_day``), renders the post as it was sent plus the counts, and edits it
if that differs from what it shows. A post sent more than ``services.live.LIVE_FOR`` ago, one
never sent, and one Discord says is gone (deleted: 10008) are never edited again; nothing is
ever sent anew.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Protocol

from bot.clock import Clock
from bot.daily.delivery import Refused, SendFailed
from bot.daily.edits import EditKey, EditResult
from bot.locale import group_lang
from bot.render import messages
from bot.roadmaps import Roadmap
from bot.services import live
from bot.store import Store

log = logging.getLogger(__name__)

DAY = "day"
"""The edit kind of day posts; ``EditKey(DAY, guild, group, day)``."""


class Editor(Protocol):
    """How the handler reaches Discord (``DiscordChannels``)."""

    async def edit(self, channel_id: int, message_id: int, message: messages.Message) -> None: ...

    def server_locale(self, guild_id: int) -> str | None: ...


def day_key(guild_id: int, group_id: int, day: int) -> EditKey:
    return EditKey(DAY, guild_id, group_id, day)


def fingerprint(message: messages.Message) -> str:
    """What a message shows, in a few bytes: equal for equal embeds."""
    payload = json.dumps([e.to_dict() for e in message.embeds], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


class DayPostEdits:
    """The handler of the ``day`` kind (``EditQueue.register(DAY, DayPostEdits(...))``)."""

    def __init__(
        self, *, store: Store, roadmaps: Mapping[str, Roadmap], clock: Clock, editor: Editor
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.editor = editor

    async def _lang(self, language: str | None, guild_id: int) -> str:
        locale = self.editor.server_locale(guild_id)
        if locale is None:
            stored = await self.store.get_guild(guild_id)
            locale = stored.locale if stored is not None else "en-US"
        return group_lang(language, locale)

    async def __call__(self, key: EditKey, shown: str | None) -> EditResult:
        day = await live.live_day(
            self.store, self.roadmaps, key.guild_id, key.group_id, key.item, self.clock()
        )
        if day is None:
            return EditResult.stop()
        lang = await self._lang(day.plan.group.language, key.guild_id)
        message = messages.day_post(day.plan, lang, day.completion)
        now_shows = fingerprint(message)
        if now_shows == shown:
            return EditResult.unchanged()
        try:
            await self.editor.edit(day.channel_id, day.message_id, message)
        except Refused as refused:
            if refused.missing:  # 403: the channel may open again; a person fixes it
                log.warning("day post %s not editable: %s", key, refused.said)
                return EditResult.retry()
            log.info("day post %s is gone (%s): no more live edits", key, refused.said)
            return EditResult.stop()
        except SendFailed as exc:
            log.warning("editing day post %s failed: %s; retrying", key, exc)
            return EditResult.retry()
        return EditResult.edited(now_shows)
