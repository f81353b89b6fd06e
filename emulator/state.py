"""The emulator's state (scenario, stores, interactions) and helpers shared by its parts."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from emulator import errors as E
from emulator import gateway_payloads as gp
from emulator import permissions as P
from emulator.clock import Clock
from emulator.faults import Faults
from emulator.gateway import Gateway
from emulator.http_util import (
    API_PREFIX,
    JSON,
    RequestRecord,
    clone,
)
from emulator.interactions import (
    APPLICATION_COMMAND,
    EPHEMERAL,
    LOADING,
    InteractionHandle,
)
from emulator.ratelimit import RateLimiter
from emulator.scenario import Channel, Guild, Scenario
from emulator.snowflake import ClockIds
from emulator.waiting import Signal

log = logging.getLogger(__name__)


class EmulatorState:
    """Everything the REST handlers and the control API share."""

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        token: str = "test-token",
        host: str = "127.0.0.1",
        port: int = 0,
        heartbeat_interval_ms: int = 41250,
        gateway_compress: bool = False,
        interaction_timeout: float = 3.0,
        token_lifetime: float = 15 * 60.0,
        nonce_window: float = 300.0,
        rate_limits: RateLimiter | None = None,
        openapi: Any = None,
        clock: Clock | None = None,
    ) -> None:
        self.scenario = scenario or Scenario()
        self.token = token
        self.host = host
        self.port = port
        self.clock = clock or Clock()
        self.ids = ClockIds(self.clock)
        self.interaction_timeout = interaction_timeout
        self.token_lifetime = token_lifetime
        self.nonce_window = nonce_window
        self.rate_limits = rate_limits or RateLimiter()
        self.faults = Faults()
        self.requests: list[RequestRecord] = []
        self.unrouted: list[RequestRecord] = []  # API requests no emulator route served
        # handler failures on malformed input (answered 400; logged with a traceback)
        self.internal_errors: list[str] = []
        self.openapi = openapi  # an emulator.openapi.OpenAPIChecker or None
        self.signal = Signal()
        self.gateway = Gateway(
            self.scenario,
            token,
            on_change=self.signal.notify,
            heartbeat_interval_ms=heartbeat_interval_ms,
            compress=gateway_compress,
        )
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self.sync_count = 0
        self.interactions: dict[int, InteractionHandle] = {}
        self._by_token: dict[str, InteractionHandle] = {}
        # deferred updates (type 6) not yet visible, by the clicked message's id
        self._pending_updates: dict[int, list[InteractionHandle]] = {}
        self._channel_messages: dict[int, dict[int, JSON]] = {}  # in id order
        self._messages: dict[int, JSON] = {}  # every message by id, ephemeral ones included
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self._dm_channels: dict[int, int] = {}  # channel id -> user id
        self._runner: web.AppRunner | None = None
        self._unpatch: Callable[[], None] | None = None

    # ---- addresses ---------------------------------------------------------------------
    @property
    def api_base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def rest_base(self) -> str:
        return self.api_base + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def application_id(self) -> int:
        return self.scenario.application_id

    @property
    def bot_user_id(self) -> int:
        return self.scenario.bot_user_id

    # ---- helpers ---------------------------------------------------------------------------
    def _bot_user(self) -> JSON:
        return gp.user(self.bot_user_id, self.scenario.bot_name, bot=True)

    def _check_app(self, request: web.Request) -> None:
        if request.match_info.get("application_id") not in (None, str(self.application_id)):
            raise E.missing_access()

    def _channel(self, channel_id: str) -> tuple[Guild | None, Channel | None, int | None]:
        """(guild, channel, dm_user_id) for a channel id; raises 10003 if unknown."""
        try:
            cid = int(channel_id)
        except ValueError:
            raise E.unknown_channel() from None
        found = self.scenario.find_channel(cid)
        if found is not None:
            return found[0], found[1], None
        if cid in self._dm_channels:
            return None, None, self._dm_channels[cid]
        raise E.unknown_channel()

    def _bot_perms(self, guild: Guild, channel: Channel) -> int:
        return guild.permissions_for(self.scenario.bot_member(guild), channel)

    def _require(self, guild: Guild | None, channel: Channel | None, bits: int) -> None:
        if guild is None or channel is None:
            return
        perms = self._bot_perms(guild, channel)
        if not perms & P.VIEW_CHANNEL:
            raise E.missing_access()
        if perms & bits != bits:
            raise E.missing_permissions()

    def _store_message(self, channel_id: int, message: JSON, *, in_channel: bool = True) -> None:
        mid = int(message["id"])
        self._messages[mid] = message
        if in_channel:
            self._channel_messages.setdefault(channel_id, {})[mid] = message

    def _in_channel(self, message: JSON) -> bool:
        cid = int(message["channel_id"])
        return int(message["id"]) in self._channel_messages.get(cid, {})

    def _fill_mentions(self, message: JSON) -> None:
        """``mentions`` / ``mention_roles`` from ``<@id>`` and ``<@&id>`` in the content."""
        content = str(message.get("content") or "")
        users: list[JSON] = []
        for uid in dict.fromkeys(int(u) for u in re.findall(r"<@!?(\d+)>", content)):
            if uid == self.bot_user_id:
                users.append(self._bot_user())
                continue
            for guild in self.scenario.guilds:
                member = guild.get_member(uid)
                if member is not None:
                    users.append(gp.member_user(member))
                    break
        message["mentions"] = users
        roles = dict.fromkeys(re.findall(r"<@&(\d+)>", content))
        known = {str(r.id) for g in self.scenario.guilds for r in g.roles}
        message["mention_roles"] = [r for r in roles if r in known]

    def _new_message(
        self,
        *,
        channel_id: int,
        body: JSON,
        author: JSON | None = None,
        type_: int = 0,
        flags: int = 0,
        webhook: bool = False,
        interaction: InteractionHandle | None = None,
    ) -> JSON:
        found = self.scenario.find_channel(channel_id)
        guild_id = found[0].id if found else None
        metadata = None
        if interaction is not None:
            metadata = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": gp.member_user(interaction.member),
                "authorizing_integration_owners": {"0": str(interaction.guild.id)},
            }
            if interaction.type == APPLICATION_COMMAND:
                metadata["name"] = interaction.payload.get("data", {}).get("name", "")
                metadata["command_type"] = 1
        message = gp.message(
            message_id=self.ids.next(),
            channel_id=channel_id,
            author=author or self._bot_user(),
            content=str(body.get("content") or ""),
            timestamp=self.clock.now(),
            embeds=clone(body.get("embeds") or []),
            components=clone(body.get("components") or []),
            flags=flags,
            type_=type_,
            nonce=body.get("nonce"),
            webhook_id=self.application_id if webhook else None,
            application_id=self.application_id if webhook else None,
            interaction_metadata=metadata,
            guild_id=guild_id,
        )
        self._fill_mentions(message)
        if body.get("_files"):
            message["attachments"] = [
                {
                    "id": str(self.ids.next()),
                    "filename": f["filename"],
                    "size": 0,
                    "url": f"{self.api_base}/attachments/{f['filename']}",
                    "proxy_url": f"{self.api_base}/attachments/{f['filename']}",
                }
                for f in body["_files"]
            ]
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
            if type_ == 0:
                message["type"] = 19
        return message

    async def _publish(self, event: str, message: JSON) -> None:
        if self._in_channel(message) or event == "MESSAGE_DELETE":
            await self.gateway.dispatch(event, message)

    def _apply_edit(self, message: JSON, body: JSON) -> None:
        for key in ("content", "embeds", "components"):
            if key in body and body[key] is not None:
                message[key] = clone(body[key])
            elif key in body:
                message[key] = "" if key == "content" else []
        gp.number_components(message["components"])
        self._fill_mentions(message)
        gp.normalize_embeds(message["embeds"])
        if "flags" in body and body["flags"] is not None:
            keep = int(message.get("flags") or 0) & (EPHEMERAL | (1 << 15))
            message["flags"] = keep | (int(body["flags"]) & ~EPHEMERAL)
        message["flags"] = int(message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = gp.iso(self.clock.now())
