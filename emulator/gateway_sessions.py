"""The gateway's records: a session (what RESUME replays, which shard it identified as) and a
connection (one WebSocket, its compression and the frames its client sent lately)."""

from __future__ import annotations

import asyncio
import json
import logging
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from emulator.gateway_shards import event_guild, shard_of

log = logging.getLogger(__name__)


@dataclass
class Session:
    session_id: str
    seq: int = 0
    buffer: list[dict[str, Any]] = field(default_factory=list)
    conn: Connection | None = None
    valid: bool = True
    intents: int = 0
    shard: tuple[int, int] | None = None
    """(shard_id, num_shards) from IDENTIFY; None: an unsharded session (hears everything)."""

    def hears(self, event: str, data: dict[str, Any]) -> bool:
        """Whether Discord would send this event on this session."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        guild_id = event_guild(event, data)
        if guild_id is not None:
            return shard_of(guild_id, count) == shard_id
        if event.startswith(("MESSAGE_", "CHANNEL_", "INTERACTION_", "TYPING_")):
            return shard_id == 0  # direct messages go to shard 0 only
        return True


class Connection:
    def __init__(
        self,
        ws: web.WebSocketResponse,
        request: web.Request,
        compress: bool,
        sent: list[dict[str, Any]],
    ) -> None:
        self.ws = ws
        self.request = request
        self.compressor = zlib.compressobj() if compress else None
        self.session: Session | None = None
        self.server_closed = False
        self.received_at: deque[float] = deque()
        self.sent = sent  # the gateway's log of every frame sent, shared by its connections
        self._lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        if self.ws.closed:
            return
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            try:
                if self.compressor is not None:
                    data = self.compressor.compress(text.encode()) + self.compressor.flush(
                        zlib.Z_SYNC_FLUSH
                    )
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
                self.sent.append(payload)
            except (ConnectionError, RuntimeError) as exc:
                log.debug("gateway send failed: %s", exc)
