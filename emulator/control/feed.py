"""The live feed a watcher (the web client) follows instead of polling: every message created,
edited or deleted, with who may see it; the emulator's status when it changes; the clock when
it moves; notices from the host. ``control/http_live.py`` serves it as server-sent events.

Events (JSON objects, ``type`` first):

- ``{"type": "message", "op": "create"|"update"|"delete", "place": "channel"|"ephemeral"|"dm",
  "visible_to": user id or null, "message": {...}}``: ``visible_to`` is the member an ephemeral
  reply is for, or the recipient of a DM; null for a channel message everyone sees;
- ``{"type": "status", ...}``: what ``GET /_control/status`` says, whenever its live part
  changes (connected, identifies, resumes, syncs, commands);
- ``{"type": "clock", "now": ISO-8601, "unix": seconds, ...}`` after the clock moved;
- ``{"type": "notices", "notices": [...]}`` when the host changed its notices.

Nothing is copied or computed while nobody is subscribed, so tests and benchmarks pay nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from emulator.errors import DiscordHTTPError
from emulator.http_util import JSON, clone
from emulator.interactions import EPHEMERAL

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)

QUEUE_LIMIT = 10_000
"""Events a subscriber may fall behind by; then its stream ends (the client reconnects and
reloads, as a browser's EventSource does)."""


class Feed:
    """Publish/subscribe over the emulator's changes; hooked to the message store and the
    state's signal on construction."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.notices: list[JSON] = []
        """What the host wants the web client to show (e.g. the sandbox's roadmap problems):
        ``{"level": "error"|"warning"|"info", "title": str, "lines": [str, ...]}``."""
        self._queues: set[asyncio.Queue[JSON | None]] = set()
        self._last_status: JSON | None = None
        state.message_store.on_change = self.message_changed
        state.signal.listeners.append(self._status_maybe_changed)

    # ---- subscribing -----------------------------------------------------------------------
    @contextmanager
    def subscribe(self) -> Iterator[asyncio.Queue[JSON | None]]:
        """A queue of events from now on; ``None`` in it means the stream is over (the
        emulator stops, or this subscriber fell ``QUEUE_LIMIT`` events behind)."""
        queue: asyncio.Queue[JSON | None] = asyncio.Queue(QUEUE_LIMIT + 1)
        self._queues.add(queue)
        if self._last_status is None:
            self._last_status = self.live_status()
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    @property
    def watched(self) -> bool:
        return bool(self._queues)

    def publish(self, event: JSON) -> None:
        for queue in list(self._queues):
            if queue.qsize() >= QUEUE_LIMIT:
                log.warning("feed: a subscriber fell %d events behind; ended", QUEUE_LIMIT)
                self._queues.discard(queue)
                queue.put_nowait(None)
            else:
                queue.put_nowait(event)

    def close(self) -> None:
        """End every stream (the emulator is stopping)."""
        for queue in list(self._queues):
            queue.put_nowait(None)
        self._queues.clear()

    # ---- what is published -----------------------------------------------------------------
    def message_changed(self, op: str, message: JSON) -> None:
        """The message store's hook: ``op`` is create, update or delete."""
        if not self._queues:
            return
        place, visible_to = self.audience(message)
        self.publish(
            {
                "type": "message",
                "op": op,
                "place": place,
                "visible_to": visible_to,
                "message": clone(message),
            }
        )

    def audience(self, message: JSON) -> tuple[str, str | None]:
        """Where a message lives and who alone may see it (None: everyone in the channel)."""
        if int(message.get("flags") or 0) & EPHEMERAL:
            user = (message.get("interaction_metadata") or {}).get("user") or {}
            return "ephemeral", user.get("id")
        try:
            guild, _, recipient = self.state.channel_store.lookup(message["channel_id"])
        except DiscordHTTPError:
            return "channel", None
        if guild is None and recipient is not None:
            return "dm", str(recipient)
        return "channel", None

    def live_status(self) -> JSON:
        """The part of the status a watcher follows (not request counts: those change always)."""
        gw = self.state.gateway
        return {
            "connected": bool(gw.live()) and gw.ready_count > 0,
            "identifies": gw.identify_count,
            "resumes": gw.resume_count,
            "syncs": self.state.command_store.sync_count,
            "commands": sorted(str(c["name"]) for c in self.state.command_store.visible_in(None)),
        }

    def _status_maybe_changed(self) -> None:
        if not self._queues:
            return
        status = self.live_status()
        if status != self._last_status:
            self._last_status = status
            self.publish({"type": "status", **status})

    def set_notices(self, notices: list[JSON]) -> None:
        """Replace the host's notices and tell watchers."""
        self.notices = clone(notices)
        self.publish({"type": "notices", "notices": clone(notices)})


def sse_frame(event: Any) -> bytes:
    """One server-sent event carrying ``event`` as JSON."""
    return f"data: {json.dumps(event, ensure_ascii=False, separators=(',', ':'))}\n\n".encode()
