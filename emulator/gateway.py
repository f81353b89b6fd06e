"""Gateway v10 over WebSocket: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, shards,
faults.

Which shard hears what is ``gateway_shards``; the session and connection records are
``gateway_sessions``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from emulator import payloads as gp
from emulator.gateway_sessions import Connection, Session
from emulator.gateway_shards import GUILDS_PER_RECOMMENDED_SHARD, valid_shard
from emulator.scenario import Scenario

log = logging.getLogger(__name__)

OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_PRESENCE = 3
OP_RESUME = 6
OP_RECONNECT = 7
OP_REQUEST_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11
MESSAGE_CONTENT = 1 << 15
GUILD_MEMBERS = 1 << 1
HEARTBEAT_ACK_DELAY_S = 0.05
"""How long after a heartbeat its ACK is sent: on Discord it arrives a network round trip later.

discord.py's keep-alive thread notes when a heartbeat went out only after the event loop
finished sending it, and measures latency as ACK time minus that note. An ACK sent in the same
breath arrives before the note is taken, so discord.py measured from the previous heartbeat
(one whole interval, 41 s) and logged "Can't keep up ... websocket is 41s behind" every time."""


class Gateway:
    """The emulator's gateway. Counters and ``on_change`` let the control API wait on it."""

    def __init__(
        self,
        scenario: Scenario,
        token: str,
        *,
        on_change: Callable[[], None],
        heartbeat_interval_ms: int = 41250,
        compress: bool = False,
        send_limit: tuple[int, float] = (120, 60.0),
    ) -> None:
        self.scenario = scenario
        self.token = token
        self.on_change = on_change
        self.active_threads: Callable[[int], list[dict[str, Any]]] = lambda guild_id: []
        """A guild's active threads for its GUILD_CREATE (the state plugs its thread store)."""
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.compress = compress
        self.send_limit = send_limit  # frames a client may send per window (s), else 4008
        self.resume_url = ""
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.acks_enabled = True
        self.heartbeat_ack_delay = HEARTBEAT_ACK_DELAY_S
        self._acks: set[asyncio.Task[None]] = set()
        # servers in a Discord outage: READY lists them (unavailable), no GUILD_CREATE follows
        self.outages: set[int] = set()
        self.identify_count = 0
        self.resume_count = 0
        self.ready_count = 0  # IDENTIFYs answered with READY and all GUILD_CREATEs
        self.invalid_session_count = 0
        self.heartbeats = 0
        self.received: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []  # every frame sent, on every connection, in order
        self.connect_urls: list[str] = []
        self.closed_codes: list[int | None] = []
        # GET /gateway/bot: the shard count to recommend (None: one per 1,000 servers), how
        # many IDENTIFYs Discord allows per 5 s, and the daily session starts
        self.recommended_shards: int | None = None
        self.max_concurrency = 1
        self.session_start_total = 1000
        self.identified_shards: list[tuple[int, int] | None] = []

    def shards_to_recommend(self) -> int:
        if self.recommended_shards is not None:
            return self.recommended_shards
        count = len(self.scenario.guilds)
        return max(1, -(-count // GUILDS_PER_RECOMMENDED_SHARD))

    def session_start_limit(self) -> dict[str, int]:
        return {
            "total": self.session_start_total,
            "remaining": max(0, self.session_start_total - self.identify_count),
            "reset_after": 14_400_000,
            "max_concurrency": self.max_concurrency,
        }

    # ---- server side -------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        compress = self.compress and request.query.get("compress") == "zlib-stream"
        conn = Connection(ws, request, compress, self.sent)
        self.connections.add(conn)
        self.connect_urls.append(str(request.rel_url))
        self.on_change()
        try:
            await conn.send(gp.hello(self.heartbeat_interval_ms))
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
                elif msg.type == WSMsgType.BINARY:
                    await self._on_frame(conn, json.loads(msg.data.decode()))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            self.connections.discard(conn)
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
                if not conn.server_closed and ws.close_code in (1000, 1001):
                    # a clean close by the client ends the session, as on Discord
                    conn.session.valid = False
            self.closed_codes.append(ws.close_code)
            log.debug("gateway: connection closed with %s", ws.close_code)
            self.on_change()
        return ws

    async def _on_frame(self, conn: Connection, payload: dict[str, Any]) -> None:
        now = time.monotonic()
        limit, window = self.send_limit
        conn.received_at.append(now)
        while conn.received_at and conn.received_at[0] <= now - window:
            conn.received_at.popleft()
        if len(conn.received_at) > limit:
            log.warning("gateway: client sent more than %d frames in %.0f s", limit, window)
            conn.server_closed = True
            await conn.ws.close(code=4008, message=b"Rate limited.")
            return
        op = payload.get("op")
        data = payload.get("d")
        self.received.append(payload)
        if op == OP_HEARTBEAT:
            self.heartbeats += 1
            if self.acks_enabled:
                ack = asyncio.create_task(self._ack(conn), name="gateway heartbeat ack")
                self._acks.add(ack)
                ack.add_done_callback(self._acks.discard)
        elif op == OP_IDENTIFY:
            await self._identify(conn, data or {})
        elif op == OP_RESUME:
            await self._resume(conn, data or {})
        elif op == OP_REQUEST_MEMBERS:
            await self._request_members(conn, data or {})
        elif op == OP_PRESENCE:
            pass
        else:
            log.warning("gateway: unhandled op %s", op)
        self.on_change()

    async def _ack(self, conn: Connection) -> None:
        await asyncio.sleep(self.heartbeat_ack_delay)  # the round trip (HEARTBEAT_ACK_DELAY_S)
        await conn.send(gp.frame(OP_HEARTBEAT_ACK, None))
        self.on_change()

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        self.identify_count += 1
        if conn.session is not None:
            conn.server_closed = True
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        if data.get("token") != self.token:
            conn.server_closed = True
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = data.get("shard")
        if shard is not None and not valid_shard(shard):
            conn.server_closed = True
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        session = Session(session_id=secrets.token_hex(16), intents=int(data.get("intents") or 0))
        session.shard = (int(shard[0]), int(shard[1])) if shard is not None else None
        self.identified_shards.append(session.shard)
        self.sessions[session.session_id] = session
        session.conn = conn
        conn.session = session
        guilds = [g for g in self.scenario.guilds if session.hears("GUILD_CREATE", {"id": g.id})]
        await self._dispatch_to(
            session,
            "READY",
            gp.ready(
                self.scenario,
                session_id=session.session_id,
                resume_gateway_url=self.resume_url,
                shard=list(session.shard) if session.shard is not None else None,
                guilds=guilds,
            ),
        )
        for guild in guilds:
            if guild.id not in self.outages:
                created = gp.guild_create(guild, threads=self.active_threads(guild.id))
                await self._dispatch_to(session, "GUILD_CREATE", created)
        self.ready_count += 1
        log.info("gateway: session %s identified", session.session_id)

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not session.valid or data.get("token") != self.token:
            log.info(
                "gateway: RESUME refused (known=%s valid=%s token_ok=%s)",
                session is not None,
                session is not None and session.valid,
                data.get("token") == self.token,
            )
            self.invalid_session_count += 1
            await conn.send(gp.frame(OP_INVALID_SESSION, False))
            return
        old = session.conn
        if old is not None and old is not conn:
            old.server_closed = True
            await old.ws.close(code=4000)
        session.conn = conn
        conn.session = session
        seq = int(data.get("seq") or 0)
        for frame in list(session.buffer):
            if frame["s"] > seq:
                await conn.send(frame)
        await self._dispatch_to(session, "RESUMED", gp.resumed())
        self.resume_count += 1
        log.info("gateway: session %s resumed from seq %s", session.session_id, seq)

    async def _request_members(self, conn: Connection, data: dict[str, Any]) -> None:
        if conn.session is None:
            return
        guild = self.scenario.get_guild(int(data.get("guild_id", 0)))
        if guild is None:
            return
        query = data.get("query")
        limit = int(data.get("limit") or 0)
        user_ids = data.get("user_ids")
        members = list(guild.members)
        not_found: list[str] = []
        if user_ids is not None:
            ids = [int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])]
            members = [m for m in members if m.id in ids]
            not_found = [str(i) for i in ids if all(m.id != i for m in members)]
        elif query:
            members = [m for m in members if m.name.lower().startswith(str(query).lower())]
        if limit:
            members = members[:limit]
        chunks = [members[i : i + 1000] for i in range(0, len(members), 1000)] or [[]]
        for index, chunk in enumerate(chunks):
            await self._dispatch_to(
                conn.session,
                "GUILD_MEMBERS_CHUNK",
                gp.guild_members_chunk(
                    guild,
                    chunk,
                    chunk_index=index,
                    chunk_count=len(chunks),
                    nonce=data.get("nonce"),
                    not_found=not_found,
                ),
            )

    async def _dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        frame = gp.dispatch(event, data, session.seq)
        session.buffer.append(frame)
        if len(session.buffer) > 5000:
            del session.buffer[:1000]
        if session.conn is not None:
            await session.conn.send(frame)

    # ---- control side ------------------------------------------------------------------------
    async def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        content_needs_intent: bool = False,
        intent: int = 0,
    ) -> None:
        """Send a dispatch event to every valid session that hears it (its shard serves the
        event's server, or shard 0 for a direct message), buffered for replay on RESUME.

        With ``content_needs_intent`` (messages from other users in guilds), sessions without the
        MESSAGE_CONTENT intent get content, embeds, attachments and components blanked, as on
        Discord, unless the message mentions the bot. With ``intent``, only sessions that
        identified with that intent hear it (GUILD_MEMBER_UPDATE needs GUILD_MEMBERS).
        """
        mentioned = f"<@{self.scenario.bot_user_id}>" in str(data.get("content", ""))
        for session in list(self.sessions.values()):
            if not session.valid or not session.hears(event, data):
                continue
            if intent and not session.intents & intent:
                continue
            payload = data
            if content_needs_intent and not mentioned and not session.intents & MESSAGE_CONTENT:
                payload = {
                    **data,
                    "content": "",
                    "embeds": [],
                    "attachments": [],
                    "components": [],
                }
            await self._dispatch_to(session, event, payload)

    def live(self) -> list[Connection]:
        return [c for c in self.connections if not c.ws.closed]

    async def close(self, code: int = 4000) -> None:
        for conn in self.live():
            conn.server_closed = True
            await conn.ws.close(code=code, message=b"emulator closed the connection")

    async def drop(self) -> None:
        """Abort the TCP connection without a close frame."""
        for conn in self.live():
            conn.server_closed = True
            transport = conn.request.transport
            if transport is not None:
                transport.abort()

    async def send_op(self, op: int, d: Any) -> None:
        for conn in self.live():
            await conn.send(gp.frame(op, d))

    async def invalid_session(self, resumable: bool) -> None:
        if not resumable:
            for conn in self.live():
                if conn.session is not None:
                    conn.session.valid = False
        await self.send_op(OP_INVALID_SESSION, resumable)

    async def shutdown(self) -> None:
        for ack in list(self._acks):
            ack.cancel()
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001, message=b"emulator shutting down")
