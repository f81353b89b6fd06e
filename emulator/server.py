"""The Discord API emulator: an aiohttp server (REST under /api/v10 and a gateway) and its
control API for tests."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import os
import secrets
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from emulator import errors as E
from emulator import gateway_payloads as gp
from emulator import permissions as P
from emulator.clock import Clock
from emulator.faults import Faults, normalize_route
from emulator.gateway import OP_RECONNECT, Gateway
from emulator.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    CommandInputError,
    InteractionHandle,
    Reply,
    build_command_data,
    find_command,
    iter_components,
)
from emulator.ratelimit import RateLimiter, too_many_requests_headers
from emulator.scenario import Channel, Guild, Member, Scenario
from emulator.snowflake import ClockIds
from emulator.validation import check_choices, check_message
from emulator.waiting import Signal

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
JSON = dict[str, Any]
JSON_KEY = web.RequestKey("json", object)
SITECUSTOMIZE_DIR = Path(__file__).resolve().parent / "sitecustomize"

# route templates (OpenAPI names); "METHOD /path" strings are what faults and logs use
ROUTES: list[tuple[str, str, str]] = [
    ("GET", "/users/@me", "get_me"),
    ("GET", "/users/{user_id}", "get_user"),
    ("POST", "/users/@me/channels", "create_dm"),
    ("GET", "/oauth2/applications/@me", "get_app"),
    ("GET", "/applications/@me", "get_app"),
    ("GET", "/gateway", "get_gateway"),
    ("GET", "/gateway/bot", "get_gateway_bot"),
    ("GET", "/applications/{application_id}/commands", "get_commands"),
    ("PUT", "/applications/{application_id}/commands", "put_commands"),
    ("POST", "/applications/{application_id}/commands", "post_command"),
    ("GET", "/applications/{application_id}/commands/{command_id}", "get_command"),
    ("PATCH", "/applications/{application_id}/commands/{command_id}", "patch_command"),
    ("DELETE", "/applications/{application_id}/commands/{command_id}", "delete_command"),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", "get_commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", "put_commands"),
    ("POST", "/applications/{application_id}/guilds/{guild_id}/commands", "post_command"),
    (
        "GET",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        "get_command",
    ),
    (
        "PATCH",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        "patch_command",
    ),
    (
        "DELETE",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        "delete_command",
    ),
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", "callback"),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}", "execute_webhook"),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "get_webhook_message"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "edit_webhook_message"),
    (
        "DELETE",
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "delete_webhook_message",
    ),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "get_webhook_message"),
    (
        "PATCH",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        "edit_webhook_message",
    ),
    (
        "DELETE",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        "delete_webhook_message",
    ),
    ("GET", "/channels/{channel_id}", "get_channel"),
    ("GET", "/channels/{channel_id}/messages", "list_messages"),
    ("POST", "/channels/{channel_id}/messages", "create_message"),
    ("GET", "/channels/{channel_id}/messages/{message_id}", "get_message"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}", "edit_message"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}", "delete_message"),
    ("POST", "/channels/{channel_id}/typing", "typing"),
    (
        "PUT",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
        "add_reaction",
    ),
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
        "remove_reaction",
    ),
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads", "create_thread_from_message"),
    ("GET", "/guilds/{guild_id}", "get_guild"),
    ("GET", "/guilds/{guild_id}/channels", "get_guild_channels"),
    ("GET", "/guilds/{guild_id}/roles", "get_guild_roles"),
    ("GET", "/guilds/{guild_id}/members/{user_id}", "get_guild_member"),
    ("GET", "/guilds/{guild_id}/members", "list_guild_members"),
]

# routes a bot calls without its token (the interaction token authenticates them)
_TOKEN_ROUTE_MARKERS = ("{webhook_token}", "{interaction_token}")


@dataclass
class RequestRecord:
    """One HTTP request the emulator answered."""

    method: str
    path: str
    route: str | None  # "METHOD /template" or None when no route matched
    query: dict[str, str]
    json: Any
    time: float
    status: int = 0
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    injected: bool = False  # answered by an injected fault (faults.fail)


def _body(request: web.Request) -> JSON:
    body = request[JSON_KEY]
    return body if isinstance(body, dict) else {}


def _json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    if status == 204:
        return web.Response(status=204, headers=headers, content_type="application/json")
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(status=status, body=body, content_type="application/json", headers=headers)


def _error_response(exc: E.DiscordHTTPError) -> web.Response:
    return _json_response(exc.body(), exc.status)


class Emulator:
    """A local Discord: REST under ``/api/v10``, a gateway at ``/gateway``, and a control API.

    Use as ``async with Emulator(scenario, token="test-token") as emu:``.
    """

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
    ) -> None:
        self.scenario = scenario or Scenario()
        self.token = token
        self.host = host
        self.port = port
        self.clock = Clock()
        self.ids = ClockIds(self.clock)
        self.interaction_timeout = interaction_timeout
        self.token_lifetime = token_lifetime
        self.nonce_window = nonce_window
        self.rate_limits = rate_limits or RateLimiter()
        self.faults = Faults()
        self.requests: list[RequestRecord] = []
        self.unrouted: list[RequestRecord] = []  # API requests no emulator route served
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
        self._channel_messages: dict[int, list[JSON]] = {}
        self._messages: dict[int, JSON] = {}  # every message by id, ephemeral ones included
        self._message_channel: dict[int, int] = {}
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self._dm_channels: dict[int, int] = {}  # channel id -> user id
        self._runner: web.AppRunner | None = None
        self._patched: tuple[str, Any] | None = None
        self._app = self._build_app()

    # ---- lifecycle -------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        for method, path, handler_name in ROUTES:
            app.router.add_route(method, API_PREFIX + path, getattr(self, "_h_" + handler_name))
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self._app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]
        self.gateway.resume_url = f"ws://{self.host}:{self.port}/resume"
        log.info("emulator listening on %s", self.api_base)

    async def stop(self) -> None:
        self.unpatch_discord()
        self.faults.clear()
        await self.gateway.shutdown()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ---- addresses and pointing discord.py at us --------------------------------------------
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

    def patch_discord(self) -> None:
        """Point discord.py (in this process) at the emulator; undone by unpatch/exit."""
        import discord.gateway
        import discord.http
        import yarl

        if self._patched is None:
            self._patched = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        discord.http.Route.BASE = self.rest_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def unpatch_discord(self) -> None:
        if self._patched is None:
            return
        import discord.gateway
        import discord.http

        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._patched
        self._patched = None

    def subprocess_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Environment for running the real bot in a subprocess against this emulator."""
        env = dict(os.environ if base is None else base)
        paths = [str(SITECUSTOMIZE_DIR), str(SITECUSTOMIZE_DIR.parent.parent)]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["STUDYBOT_DISCORD_API"] = self.api_base
        env["STUDYBOT_DISCORD_GATEWAY"] = self.gateway_url
        env["DISCORD_TOKEN"] = self.token
        return env

    # ---- HTTP plumbing ---------------------------------------------------------------------
    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        resource = request.match_info.route.resource
        template = None
        if resource is not None and request.match_info.http_exception is None:
            template = resource.canonical[len(API_PREFIX) :]
        route = f"{request.method} {template}" if template else None
        raw = await request.read()
        body: Any = None
        if raw and request.content_type == "application/json":
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        elif raw and request.content_type.startswith("multipart/"):
            body = await self._read_multipart(request)
        request[JSON_KEY] = body
        record = RequestRecord(
            method=request.method,
            path=request.path,
            route=route,
            query=dict(request.query),
            json=body,
            time=self.clock.now(),
        )
        self.requests.append(record)
        drop = False
        response: web.StreamResponse
        try:
            if route is None:
                response = _json_response({"message": "404: Not Found", "code": 0}, 404)
                self.unrouted.append(record)
                log.warning("emulator: no route for %s %s", request.method, request.path)
            else:
                hold = self.faults.take_hold(route, request.path)
                if hold is not None:
                    hold.request = {"method": request.method, "path": request.path, "json": body}
                    hold.arrived.set()
                    await hold._released.wait()
                    drop = hold.drop
                drop = self.faults.take_drop(route, request.path) or drop
                response = await self._dispatch(request, route, template or "", handler, record)
        finally:
            self.signal.notify()
        response.headers["Via"] = "1.1 google"
        record.status = response.status
        record.headers = dict(response.headers)
        if isinstance(response, web.Response) and response.body:
            with contextlib.suppress(ValueError, TypeError):
                record.response = json.loads(response.body)  # type: ignore[arg-type]
        if self.openapi is not None and route is not None:
            self.openapi.check(record, request, response, raw)
        self.signal.notify()
        if drop:
            self._reset_connection(request)
        return response

    async def _read_multipart(self, request: web.Request) -> Any:
        form = await request.post()
        payload: Any = {}
        if "payload_json" in form:
            payload = json.loads(str(form["payload_json"]))
        attachments = []
        for key, value in form.items():
            if key.startswith("files[") and hasattr(value, "filename"):
                attachments.append({"field": key, "filename": value.filename})
        if isinstance(payload, dict) and attachments:
            payload["_files"] = attachments
        return payload

    async def _dispatch(
        self,
        request: web.Request,
        route: str,
        template: str,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
        record: RequestRecord,
    ) -> web.StreamResponse:
        failure = self.faults.take_failure(route, request.path)
        if failure is not None:
            record.injected = True
            if failure.status == 429:
                body = failure.body or {
                    "message": "You are being rate limited.",
                    "retry_after": failure.retry_after,
                    "global": failure.global_,
                    "code": 0,
                }
                from emulator.ratelimit import Verdict

                verdict = Verdict(
                    limited=True,
                    retry_after=failure.retry_after,
                    is_global=failure.global_,
                    scope="global" if failure.global_ else "user",
                    headers={
                        "X-RateLimit-Bucket": RateLimiter.bucket_hash(route),
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": f"{failure.retry_after:.3f}",
                    },
                )
                return _json_response(body, 429, too_many_requests_headers(verdict))
            return _json_response(
                failure.body or {"message": f"{failure.status}: injected failure", "code": 0},
                failure.status,
            )
        token_route = any(m in template for m in _TOKEN_ROUTE_MARKERS)
        if not token_route and request.headers.get("Authorization") != f"Bot {self.token}":
            return _error_response(E.unauthorized())
        rl_headers: dict[str, str] = {}
        if "{interaction_token}" not in template:
            mi = request.match_info
            major = mi.get("channel_id") or mi.get("guild_id") or mi.get("webhook_token") or ""
            verdict = self.rate_limits.check(route, major, count_global=not token_route)
            if verdict.limited:
                return _json_response(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": round(verdict.retry_after, 3),
                        "global": verdict.is_global,
                        "code": 0,
                    },
                    429,
                    too_many_requests_headers(verdict),
                )
            rl_headers = verdict.headers
        try:
            response = await handler(request)
        except E.DiscordHTTPError as exc:
            response = _error_response(exc)
        for key, value in rl_headers.items():
            response.headers[key] = value
        return response

    @staticmethod
    def _reset_connection(request: web.Request) -> None:
        transport = request.transport
        if transport is None:
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        log.info("emulator: dropped the connection of %s %s", request.method, request.path)

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
        self._message_channel[mid] = channel_id
        if in_channel:
            self._channel_messages.setdefault(channel_id, []).append(message)

    def _in_channel(self, message: JSON) -> bool:
        cid = int(message["channel_id"])
        return any(m is message for m in self._channel_messages.get(cid, []))

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
            embeds=copy.deepcopy(body.get("embeds") or []),
            components=copy.deepcopy(body.get("components") or []),
            flags=flags,
            type_=type_,
            nonce=body.get("nonce"),
            webhook_id=self.application_id if webhook else None,
            application_id=self.application_id if webhook else None,
            interaction_metadata=metadata,
            guild_id=guild_id,
        )
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
                message[key] = copy.deepcopy(body[key])
            elif key in body:
                message[key] = "" if key == "content" else []
        gp.number_components(message["components"])
        gp.normalize_embeds(message["embeds"])
        if "flags" in body and body["flags"] is not None:
            keep = int(message.get("flags") or 0) & (EPHEMERAL | (1 << 15))
            message["flags"] = keep | (int(body["flags"]) & ~EPHEMERAL)
        message["flags"] = int(message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = gp.iso(self.clock.now())

    # ---- REST: users, application, gateway --------------------------------------------------
    async def _h_get_me(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                **self._bot_user(),
                "verified": True,
                "mfa_enabled": False,
                "locale": "en-US",
                "email": None,
                "premium_type": 0,
            }
        )

    async def _h_get_user(self, request: web.Request) -> web.Response:
        uid = int(request.match_info["user_id"])
        if uid == self.bot_user_id:
            return _json_response(self._bot_user())
        for guild in self.scenario.guilds:
            member = guild.get_member(uid)
            if member is not None:
                return _json_response(gp.member_user(member))
        raise E.DiscordHTTPError(404, 10013, "Unknown User")

    async def _h_create_dm(self, request: web.Request) -> web.Response:
        body = _body(request)
        uid = int(body.get("recipient_id", 0))
        member = None
        for guild in self.scenario.guilds:
            member = guild.get_member(uid)
            if member is not None:
                break
        if member is None:
            raise E.DiscordHTTPError(400, 50007, "Cannot send messages to this user")
        cid = next((c for c, u in self._dm_channels.items() if u == uid), None)
        if cid is None:
            cid = self.ids.next()
            self._dm_channels[cid] = uid
        return _json_response(self._dm_payload(cid, member))

    def _dm_payload(self, cid: int, member: Member) -> JSON:
        return {
            "id": str(cid),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [gp.member_user(member)],
        }

    async def _h_get_app(self, request: web.Request) -> web.Response:
        sc = self.scenario
        owner = gp.user(sc.owner_id, sc.owner_name)
        return _json_response(
            {
                "id": str(sc.application_id),
                "name": sc.application_name,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "is_monetized": False,
                "is_verified": False,
                "is_discoverable": False,
                "bot_public": True,
                "bot_require_code_grant": False,
                "bot": self._bot_user(),
                "owner": owner,
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "flags_new": "0",
                "approximate_user_authorization_count": 0,
                "eligible_oauth2_scopes": ["applications.commands", "bot"],
                "hook": True,
                "storefront_available": False,
                "integration_types_config": {"0": {}},
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "approximate_guild_count": len(sc.guilds),
                "approximate_user_install_count": 0,
                "explicit_content_filter": 0,
                "rpc_application_state": 0,
                "store_application_state": 1,
                "verification_state": 1,
                "integration_public": True,
                "integration_require_code_grant": False,
                "discoverability_state": 1,
                "discovery_eligibility_flags": 0,
                "monetization_state": 1,
                "monetization_eligibility_flags": 0,
                "max_participants": None,
            }
        )

    async def _h_get_gateway(self, request: web.Request) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _h_get_gateway_bot(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14400000,
                    "max_concurrency": 1,
                },
            }
        )

    # ---- REST: application commands ---------------------------------------------------------
    def _command_list(self, request: web.Request) -> tuple[list[JSON], int | None]:
        self._check_app(request)
        gid = request.match_info.get("guild_id")
        if gid is None:
            return self.global_commands, None
        guild = self.scenario.get_guild(int(gid))
        if guild is None:
            raise E.missing_access()
        return self.guild_commands.setdefault(guild.id, []), guild.id

    def _validate_command(self, cmd: JSON, index: int | None) -> None:
        errors: JSON = {}
        prefix: list[str | int] = [] if index is None else [index]
        name = cmd.get("name")
        ctype = cmd.get("type", 1)
        if not isinstance(name, str) or not 1 <= len(name) <= 32:
            E.nest(
                [*prefix, "name"],
                E.field_error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."),
                errors,
            )
        elif ctype == 1 and (name != name.lower() or " " in name):
            E.nest(
                [*prefix, "name"],
                E.field_error("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"),
                errors,
            )
        desc = cmd.get("description", "")
        if ctype == 1 and (not isinstance(desc, str) or not 1 <= len(desc) <= 100):
            E.nest(
                [*prefix, "description"],
                E.field_error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."),
                errors,
            )

        def walk(options: list[JSON], path: list[str | int]) -> None:
            if len(options) > 25:
                E.nest(
                    path,
                    E.field_error("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."),
                    errors,
                )
            for i, opt in enumerate(options):
                here = [*path, i]
                if len(opt.get("description") or "") > 100:
                    E.nest(
                        [*here, "description"],
                        E.field_error(
                            "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
                        ),
                        errors,
                    )
                if len(opt.get("choices") or []) > 25:
                    E.nest(
                        [*here, "choices"],
                        E.field_error("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."),
                        errors,
                    )
                if opt.get("options"):
                    walk(opt["options"], [*here, "options"])

        walk(cmd.get("options") or [], [*prefix, "options"])
        if errors:
            raise E.invalid_form_body(errors)

    def _materialize_command(self, cmd: JSON, guild_id: int | None, existing: list[JSON]) -> JSON:
        old = next(
            (
                c
                for c in existing
                if c["name"] == cmd["name"] and c.get("type", 1) == cmd.get("type", 1)
            ),
            None,
        )
        out: JSON = {
            "id": old["id"] if old else str(self.ids.next()),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": cmd.get("type", 1),
            "name": cmd["name"],
            "name_localizations": cmd.get("name_localizations"),
            "description": cmd.get("description", ""),
            "description_localizations": cmd.get("description_localizations"),
            "default_member_permissions": cmd.get("default_member_permissions"),
            "dm_permission": cmd.get("dm_permission", True),
            "nsfw": cmd.get("nsfw", False),
            "contexts": cmd.get("contexts"),
            "integration_types": cmd.get("integration_types") or [0],
        }
        if cmd.get("options"):
            out["options"] = copy.deepcopy(cmd["options"])
        if guild_id is not None:
            out["guild_id"] = str(guild_id)
        return out

    async def _h_get_commands(self, request: web.Request) -> web.Response:
        commands, _ = self._command_list(request)
        return _json_response(commands)

    async def _h_put_commands(self, request: web.Request) -> web.Response:
        commands, guild_id = self._command_list(request)
        body = request[JSON_KEY]
        if not isinstance(body, list):
            raise E.invalid_form_body(
                {
                    "_errors": [
                        {
                            "code": "LIST_TYPE_CONVERT",
                            "message": "Only iterables may be used in a ListType",
                        }
                    ]
                }
            )
        if len(body) > 100:
            raise E.invalid_form_body(
                E.field_error("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
            )
        for i, cmd in enumerate(body):
            self._validate_command(cmd, i)
        new = [self._materialize_command(cmd, guild_id, commands) for cmd in body]
        commands[:] = new
        self.sync_count += 1
        log.info("emulator: %d commands synced (guild %s)", len(new), guild_id)
        return _json_response(new)

    async def _h_post_command(self, request: web.Request) -> web.Response:
        commands, guild_id = self._command_list(request)
        body = _body(request)
        self._validate_command(body, None)
        cmd = self._materialize_command(body, guild_id, commands)
        commands[:] = [c for c in commands if c["id"] != cmd["id"]] + [cmd]
        self.sync_count += 1
        return _json_response(cmd, 201)

    def _find_command_by_id(self, request: web.Request) -> tuple[list[JSON], JSON]:
        commands, _ = self._command_list(request)
        cid = request.match_info["command_id"]
        cmd = next((c for c in commands if c["id"] == cid), None)
        if cmd is None:
            raise E.unknown_application_command()
        return commands, cmd

    async def _h_get_command(self, request: web.Request) -> web.Response:
        return _json_response(self._find_command_by_id(request)[1])

    async def _h_patch_command(self, request: web.Request) -> web.Response:
        _, cmd = self._find_command_by_id(request)
        for key, value in (_body(request)).items():
            cmd[key] = copy.deepcopy(value)
        return _json_response(cmd)

    async def _h_delete_command(self, request: web.Request) -> web.Response:
        commands, cmd = self._find_command_by_id(request)
        commands.remove(cmd)
        return _json_response(None, 204)

    # ---- REST: interaction callback and webhooks ---------------------------------------------
    def _interaction_for_callback(self, request: web.Request) -> InteractionHandle:
        try:
            inter = self.interactions.get(int(request.match_info["interaction_id"]))
        except ValueError:
            inter = None
        if inter is None or inter.token != request.match_info["interaction_token"]:
            raise E.unknown_interaction()
        return inter

    async def _h_callback(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_callback(request)
        try:
            return await self._callback(inter, request)
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise

    async def _callback(self, inter: InteractionHandle, request: web.Request) -> web.Response:
        body = _body(request)
        ctype = body.get("type")
        data = body.get("data") or {}
        inter.responses.append({"type": ctype, "data": copy.deepcopy(data)})
        if inter.acknowledged:
            raise E.already_acknowledged()
        if self.clock.now() - inter.created_at > self.interaction_timeout:
            raise E.unknown_interaction()
        allowed = {
            APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
            MESSAGE_COMPONENT: {
                CHANNEL_MESSAGE,
                DEFERRED_CHANNEL_MESSAGE,
                DEFERRED_UPDATE,
                UPDATE_MESSAGE,
                MODAL,
            },
            AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
            MODAL_SUBMIT: {
                CHANNEL_MESSAGE,
                DEFERRED_CHANNEL_MESSAGE,
                DEFERRED_UPDATE,
                UPDATE_MESSAGE,
            },
        }[inter.type]
        if ctype not in allowed:
            raise E.invalid_form_body(
                {
                    "type": E.field_error(
                        "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
                    )
                }
            )
        if (
            inter.type in (MODAL_SUBMIT,)
            and ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE)
            and inter.source_message_id is None
        ):
            raise E.invalid_form_body(
                {
                    "type": E.field_error(
                        "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
                    )
                }
            )
        try:
            if ctype == CHANNEL_MESSAGE:
                check_message(data)
            elif ctype == UPDATE_MESSAGE:
                check_message(data, require_content=False)
            elif ctype == AUTOCOMPLETE_RESULT:
                check_choices(data)
            elif ctype == MODAL:
                self._check_modal(data)
        except E.DiscordHTTPError as exc:
            if exc.code == 50035 and ctype != AUTOCOMPLETE_RESULT and exc.errors is not None:
                exc.errors = {"data": exc.errors}
            raise
        inter.ack_type = ctype
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        resource: JSON | None = None
        loading_id = ""
        cid = inter.channel.id
        if ctype in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            flags = int(data.get("flags") or 0) & (EPHEMERAL | (1 << 15) | (1 << 2) | (1 << 12))
            if ctype == DEFERRED_CHANNEL_MESSAGE:
                flags = (flags & EPHEMERAL) | LOADING
                content_body: JSON = {}
            else:
                content_body = data
            message = self._new_message(
                channel_id=cid,
                body=content_body,
                type_=20 if inter.type == APPLICATION_COMMAND else 0,
                flags=flags,
                webhook=True,
                interaction=inter,
            )
            self._store_message(cid, message, in_channel=not ephemeral)
            inter.original_message_id = int(message["id"])
            await self._publish("MESSAGE_CREATE", message)
            resource = {"type": ctype, "message": message}
            if ctype == CHANNEL_MESSAGE:
                inter.set_reply(Reply(type=ctype, via="response", message=message))
            else:
                resource = None  # Discord documents a resource message for types 4 and 7 only
                loading_id = message["id"]
        elif ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            inter.original_message_id = inter.source_message_id
            if ctype == UPDATE_MESSAGE and inter.source_message_id is not None:
                message = self._messages[inter.source_message_id]
                self._apply_edit(message, data)
                await self._publish("MESSAGE_UPDATE", message)
                resource = {"type": ctype, "message": message}
                inter.set_reply(Reply(type=ctype, via="response", message=message))
        elif ctype == AUTOCOMPLETE_RESULT:
            inter.choices = copy.deepcopy(data.get("choices") or [])
        elif ctype == MODAL:
            inter.set_reply(Reply(type=ctype, via="modal", modal=copy.deepcopy(data)))
        inter.signal.notify()
        result: JSON = {
            "interaction": {
                "id": str(inter.id),
                "type": inter.type,
                "response_message_loading": ctype == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": ephemeral,
            }
        }
        if resource is not None:
            result["interaction"]["response_message_id"] = resource["message"]["id"]
            result["resource"] = resource
        elif ctype == DEFERRED_CHANNEL_MESSAGE:
            result["interaction"]["response_message_id"] = loading_id
        return _json_response(result)

    @staticmethod
    def _check_modal(data: JSON) -> None:
        errors: JSON = {}
        if len(str(data.get("title") or "")) > 45:
            E.nest(
                ["title"],
                E.field_error("BASE_TYPE_MAX_LENGTH", "Must be 45 or fewer in length."),
                errors,
            )
        if len(str(data.get("custom_id") or "")) > 100:
            E.nest(
                ["custom_id"],
                E.field_error("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."),
                errors,
            )
        comps = data.get("components") or []
        if not 1 <= len(comps) <= 5:
            E.nest(
                ["components"],
                E.field_error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."),
                errors,
            )
        if errors:
            raise E.invalid_form_body(errors)

    def _interaction_for_webhook(self, request: web.Request) -> InteractionHandle:
        inter = self._by_token.get(request.match_info["webhook_token"])
        if inter is None or request.match_info["webhook_id"] != str(self.application_id):
            raise E.unknown_webhook()
        if self.clock.now() - inter.created_at > self.token_lifetime:
            inter.errors.append({"status": 401, **E.invalid_webhook_token().body()})
            inter.signal.notify()
            raise E.invalid_webhook_token()
        if not inter.acknowledged:
            inter.errors.append({"status": 404, **E.unknown_webhook().body()})
            inter.signal.notify()
            raise E.unknown_webhook()
        return inter

    def _webhook_message(self, inter: InteractionHandle, request: web.Request) -> JSON:
        mid = request.match_info.get("message_id", "@original")
        if mid == "@original" or request.path.endswith("/@original"):
            if inter.original_message_id is None:
                raise E.unknown_message()
            message_id = inter.original_message_id
        else:
            try:
                message_id = int(mid)
            except ValueError:
                raise E.unknown_message() from None
            if message_id not in inter.followup_ids and message_id != inter.original_message_id:
                raise E.unknown_message()
        message = self._messages.get(message_id)
        if message is None:
            raise E.unknown_message()
        return message

    async def _h_execute_webhook(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        body = _body(request)
        try:
            check_message(body)
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise
        cid = inter.channel.id
        original = self._messages.get(inter.original_message_id or 0)
        if (
            inter.ack_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and int(original.get("flags") or 0) & LOADING
        ):
            # Discord turns the first followup after a "thinking" defer into the original
            self._apply_edit(
                original, {k: body.get(k) for k in ("content", "embeds", "components")}
            )
            message = original
            await self._publish("MESSAGE_UPDATE", message)
        else:
            flags = int(body.get("flags") or 0) & (EPHEMERAL | (1 << 15) | (1 << 2) | (1 << 12))
            message = self._new_message(
                channel_id=cid, body=body, flags=flags, webhook=True, interaction=inter
            )
            self._store_message(cid, message, in_channel=not flags & EPHEMERAL)
            await self._publish("MESSAGE_CREATE", message)
        inter.followup_ids.append(int(message["id"]))
        inter.set_reply(Reply(type=inter.ack_type or 0, via="followup", message=message))
        if request.query.get("wait") in ("1", "true", "True"):
            return _json_response(message)
        return _json_response(None, 204)

    async def _h_get_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        return _json_response(self._webhook_message(inter, request))

    async def _h_edit_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        body = _body(request)
        try:
            message = self._webhook_message(inter, request)
            check_message(body, require_content=False)
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise
        self._apply_edit(message, body)
        await self._publish("MESSAGE_UPDATE", message)
        if int(message["id"]) == inter.original_message_id:
            inter.set_reply(Reply(type=inter.ack_type or 0, via="edit_original", message=message))
        inter.signal.notify()
        return _json_response(message)

    async def _h_delete_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        message = self._webhook_message(inter, request)
        await self._delete_message(message)
        inter.signal.notify()
        return _json_response(None, 204)

    async def _delete_message(self, message: JSON) -> None:
        mid = int(message["id"])
        cid = int(message["channel_id"])
        in_channel = self._in_channel(message)
        self._messages.pop(mid, None)
        if in_channel:
            self._channel_messages[cid] = [
                m for m in self._channel_messages[cid] if m is not message
            ]
            found = self.scenario.find_channel(cid)
            await self.gateway.dispatch(
                "MESSAGE_DELETE", gp.message_delete(mid, cid, found[0].id if found else None)
            )

    # ---- REST: channels and messages ---------------------------------------------------------
    async def _h_get_channel(self, request: web.Request) -> web.Response:
        guild, channel, dm_user = self._channel(request.match_info["channel_id"])
        if channel is None:
            assert dm_user is not None
            member = self._find_member(dm_user)
            assert member is not None
            cid = int(request.match_info["channel_id"])
            return _json_response(self._dm_payload(cid, member))
        assert guild is not None
        self._require(guild, channel, 0)
        return _json_response(gp.channel(channel))

    def _find_member(self, user_id: int) -> Member | None:
        for guild in self.scenario.guilds:
            member = guild.get_member(user_id)
            if member is not None:
                return member
        return None

    async def _h_create_message(self, request: web.Request) -> web.Response:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        cid = int(request.match_info["channel_id"])
        body = _body(request)
        bits = P.SEND_MESSAGES | (P.EMBED_LINKS if body.get("embeds") else 0)
        if body.get("_files"):
            bits |= P.ATTACH_FILES
        self._require(guild, channel, bits)
        check_message(body)
        nonce = body.get("nonce")
        key = (self.bot_user_id, str(nonce))
        now = self.clock.now()
        if nonce is not None and body.get("enforce_nonce"):
            seen = self._nonces.get(key)
            if (
                seen is not None
                and now - seen[0] <= self.nonce_window
                and seen[1] in self._messages
            ):
                log.info("emulator: nonce %s repeated, returning the existing message", nonce)
                return _json_response(self._messages[seen[1]])
        message = self._new_message(channel_id=cid, body=body)
        self._store_message(cid, message)
        if nonce is not None:
            self._nonces[key] = (now, int(message["id"]))
        await self._publish("MESSAGE_CREATE", message)
        return _json_response(message)

    async def _h_list_messages(self, request: web.Request) -> web.Response:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        self._require(guild, channel, 0)
        if (
            guild is not None
            and channel is not None
            and not self._bot_perms(guild, channel) & P.READ_MESSAGE_HISTORY
        ):
            return _json_response([])
        cid = int(request.match_info["channel_id"])
        q = request.query
        try:
            limit = int(q.get("limit", 50))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            raise E.invalid_form_body(
                {"limit": E.field_error("NUMBER_TYPE_MAX", "int value should be between 1 and 100")}
            )
        msgs = sorted(self._channel_messages.get(cid, []), key=lambda m: int(m["id"]))
        if "before" in q:
            before = int(q["before"])
            picked = [m for m in msgs if int(m["id"]) < before][-limit:]
        elif "after" in q:
            after = int(q["after"])
            picked = [m for m in msgs if int(m["id"]) > after][:limit]
        elif "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if int(m["id"]) < around]
            newer = [m for m in msgs if int(m["id"]) >= around]
            half = limit // 2
            picked = older[-half:] if half else []
            picked += newer[: limit - len(picked)]
        else:
            picked = msgs[-limit:]
        return _json_response(list(reversed(picked)))  # newest first, as Discord returns them

    def _channel_message(self, request: web.Request) -> tuple[Guild | None, Channel | None, JSON]:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        self._require(guild, channel, 0)
        try:
            mid = int(request.match_info["message_id"])
        except ValueError:
            raise E.unknown_message() from None
        message = self._messages.get(mid)
        if (
            message is None
            or not self._in_channel(message)
            or message["channel_id"] != request.match_info["channel_id"]
        ):
            raise E.unknown_message()
        return guild, channel, message

    async def _h_get_message(self, request: web.Request) -> web.Response:
        return _json_response(self._channel_message(request)[2])

    async def _h_edit_message(self, request: web.Request) -> web.Response:
        _, _, message = self._channel_message(request)
        if message["author"]["id"] != str(self.bot_user_id):
            raise E.cannot_edit_other_user()
        body = _body(request)
        check_message(body, require_content=False)
        self._apply_edit(message, body)
        await self._publish("MESSAGE_UPDATE", message)
        return _json_response(message)

    async def _h_delete_message(self, request: web.Request) -> web.Response:
        guild, channel, message = self._channel_message(request)
        if message["author"]["id"] != str(self.bot_user_id):
            self._require(guild, channel, P.MANAGE_MESSAGES)
        await self._delete_message(message)
        return _json_response(None, 204)

    async def _h_typing(self, request: web.Request) -> web.Response:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        self._require(guild, channel, P.SEND_MESSAGES)
        return _json_response(None, 204)

    async def _h_add_reaction(self, request: web.Request) -> web.Response:
        guild, channel, message = self._channel_message(request)
        self._require(guild, channel, P.ADD_REACTIONS | P.READ_MESSAGE_HISTORY)
        emoji = request.match_info["emoji_name"]
        reactions = message.setdefault("reactions", [])
        for r in reactions:
            if r["emoji"]["name"] == emoji:
                if not r["me"]:
                    r["me"] = True
                    r["count"] += 1
                break
        else:
            reactions.append(
                {
                    "count": 1,
                    "count_details": {"burst": 0, "normal": 1},
                    "me": True,
                    "me_burst": False,
                    "burst_colors": [],
                    "emoji": {"id": None, "name": emoji},
                }
            )
        return _json_response(None, 204)

    async def _h_remove_reaction(self, request: web.Request) -> web.Response:
        _, _, message = self._channel_message(request)
        emoji = request.match_info["emoji_name"]
        for r in list(message.get("reactions", [])):
            if r["emoji"]["name"] == emoji and r["me"]:
                r["me"] = False
                r["count"] -= 1
                if r["count"] <= 0:
                    message["reactions"].remove(r)
        return _json_response(None, 204)

    async def _h_create_thread_from_message(self, request: web.Request) -> web.Response:
        guild, channel, message = self._channel_message(request)
        self._require(guild, channel, P.CREATE_PUBLIC_THREADS)
        assert guild is not None and channel is not None
        body = _body(request)
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:
            raise E.invalid_form_body(
                {
                    "name": E.field_error(
                        "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
                    )
                }
            )
        thread = Channel(
            id=int(message["id"]),  # threads from a message share its id
            guild_id=guild.id,
            name=name,
            type=11,
            parent_id=channel.id,
            _bot_id=self.bot_user_id,
        )
        guild.channels.append(thread)
        payload = self._thread_payload(thread, body)
        message["thread"] = payload
        await self.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        return _json_response(payload, 201)

    def _thread_payload(self, thread: Channel, body: JSON) -> JSON:
        return {
            **gp.channel(thread),
            "owner_id": str(self.bot_user_id),
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
                "archive_timestamp": gp.iso(self.clock.now()),
                "locked": False,
                "create_timestamp": gp.iso(self.clock.now()),
            },
        }

    # ---- REST: guilds -----------------------------------------------------------------------
    def _guild(self, request: web.Request) -> Guild:
        try:
            guild = self.scenario.get_guild(int(request.match_info["guild_id"]))
        except ValueError:
            guild = None
        if guild is None:
            raise E.DiscordHTTPError(404, 10004, "Unknown Guild")
        return guild

    async def _h_get_guild(self, request: web.Request) -> web.Response:
        data = gp.guild_create(self._guild(request))
        for key in (
            "members",
            "channels",
            "threads",
            "presences",
            "voice_states",
            "joined_at",
            "large",
            "unavailable",
            "member_count",
            "stage_instances",
            "guild_scheduled_events",
            "soundboard_sounds",
        ):
            data.pop(key, None)
        return _json_response(data)

    async def _h_get_guild_channels(self, request: web.Request) -> web.Response:
        return _json_response([gp.channel(c) for c in self._guild(request).channels])

    async def _h_get_guild_roles(self, request: web.Request) -> web.Response:
        return _json_response([gp.role(r) for r in self._guild(request).roles])

    async def _h_get_guild_member(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        member = guild.get_member(int(request.match_info["user_id"]))
        if member is None:
            raise E.DiscordHTTPError(404, 10007, "Unknown Member")
        return _json_response(gp.member(member))

    async def _h_list_guild_members(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        limit = int(request.query.get("limit", 1))
        after = int(request.query.get("after", 0))
        members = sorted((m for m in guild.members if m.id > after), key=lambda m: m.id)[:limit]
        return _json_response([gp.member(m) for m in members])

    # ---- control API: waiting --------------------------------------------------------------
    async def wait_connected(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once ``count`` IDENTIFYs were answered with READY and all GUILD_CREATEs."""
        await self.signal.wait_until(
            lambda: self.gateway.ready_count >= count and bool(self.gateway.live()),
            timeout,
            "a bot to connect to the gateway",
        )

    async def wait_commands_synced(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once the bot synced (PUT/POST) application commands ``count`` times."""
        await self.signal.wait_until(lambda: self.sync_count >= count, timeout, "a command sync")

    async def wait_resumed(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once the gateway answered ``count`` RESUMEs in total."""
        await self.signal.wait_until(
            lambda: self.gateway.resume_count >= count, timeout, f"{count} gateway resume(s)"
        )

    async def wait_identified(self, timeout: float = 10.0, *, count: int = 1) -> None:
        await self.wait_connected(timeout, count=count)

    async def wait_for_request(
        self,
        route: str,
        timeout: float = 10.0,
        *,
        predicate: Callable[[RequestRecord], bool] | None = None,
        count: int = 1,
    ) -> RequestRecord:
        """Wait until ``count`` answered requests matched ``route`` (``"METHOD /template"``)."""
        key = normalize_route(route)

        def matches() -> list[RequestRecord]:
            found = [
                r
                for r in self.requests
                if r.route is not None
                and r.status
                and normalize_route(r.route) == key
                and (predicate is None or predicate(r))
            ]
            return found if len(found) >= count else []

        found: list[RequestRecord] = await self.signal.wait_until(
            matches, timeout, f"{count} x {route}"
        )
        return found[count - 1]

    async def wait_until(
        self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "a condition"
    ) -> Any:
        """Wait for any predicate over the emulator's state (re-checked on every change)."""
        return await self.signal.wait_until(predicate, timeout, what)

    # ---- control API: messages -------------------------------------------------------------
    def messages(self, channel: Channel | int) -> list[JSON]:
        """The channel's messages as Discord would return them, oldest first (copies)."""
        cid = channel if isinstance(channel, int) else channel.id
        msgs = sorted(self._channel_messages.get(cid, []), key=lambda m: int(m["id"]))
        return copy.deepcopy(msgs)

    def dm_messages(self, member: Member) -> list[JSON]:
        """Messages the bot sent to ``member`` in DMs, oldest first."""
        cid = next((c for c, u in self._dm_channels.items() if u == member.id), None)
        return [] if cid is None else self.messages(cid)

    def message(self, message_id: int | str) -> JSON | None:
        found = self._messages.get(int(message_id))
        return copy.deepcopy(found) if found is not None else None

    async def wait_for_message(
        self,
        channel: Channel | int,
        predicate: Callable[[JSON], bool] | None = None,
        timeout: float = 10.0,
    ) -> JSON:
        """First message in the channel (existing or future, edits included) matching predicate."""
        cid = channel if isinstance(channel, int) else channel.id

        def find() -> JSON | None:
            for m in sorted(self._channel_messages.get(cid, []), key=lambda m: int(m["id"])):
                if predicate is None or predicate(m):
                    return copy.deepcopy(m)
            return None

        result: JSON = await self.signal.wait_until(find, timeout, f"a message in channel {cid}")
        return result

    async def user_message(self, member: Member, channel: Channel, content: str) -> JSON:
        """A member posts a message in a channel (MESSAGE_CREATE to the bot).

        Bots without the MESSAGE_CONTENT intent see empty content unless the bot is mentioned.
        """
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        message = self._new_message(
            channel_id=channel.id, body={"content": content}, author=gp.member_user(member)
        )
        self._store_message(channel.id, message)
        event = {**message, "member": gp.member(member, with_user=False)}
        await self.gateway.dispatch("MESSAGE_CREATE", event, content_needs_intent=True)
        self.signal.notify()
        return copy.deepcopy(message)

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a raw gateway dispatch event to the bot."""
        await self.gateway.dispatch(event, data)

    # ---- control API: interactions ---------------------------------------------------------
    def commands(self, guild: Guild | None = None) -> list[JSON]:
        """Synced commands: the guild's own ones (when given) followed by the global ones."""
        own = self.guild_commands.get(guild.id, []) if guild else []
        return copy.deepcopy(own + self.global_commands)

    def _resolve_command(
        self, channel: Channel, name: str, type_: int = 1
    ) -> tuple[JSON, list[str]]:
        parts = name.split()
        if not parts:
            raise CommandInputError("empty command name")
        pool = self.guild_commands.get(channel.guild_id, []) + self.global_commands
        cmd = find_command(pool, parts[0] if type_ == 1 else name, type_)
        if cmd is None:
            known = sorted(c["name"] for c in pool)
            raise CommandInputError(f"no synced command {parts[0]!r}; synced: {known}")
        return cmd, parts[1:] if type_ == 1 else []

    def _check_member_may_use(self, cmd: JSON, guild: Guild, member: Member) -> None:
        required = cmd.get("default_member_permissions")
        if required is None:
            return
        perms = guild.permissions_for(member)
        need = int(required)
        if perms & P.ADMINISTRATOR or (need and perms & need == need):
            return
        raise CommandInputError(
            f"{member.name} lacks default_member_permissions {need} for /{cmd['name']}"
        )

    async def _create_interaction(
        self,
        *,
        member: Member,
        channel: Channel,
        itype: int,
        data: JSON,
        message: JSON | None = None,
        source_message_id: int | None = None,
    ) -> InteractionHandle:
        guild = self.scenario.get_guild(channel.guild_id)
        if guild is None:
            raise CommandInputError("interactions are only emulated in guild channels")
        iid = self.ids.next()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
        payload = gp.interaction_create(
            interaction_id=iid,
            interaction_type=itype,
            token=token,
            application_id=self.application_id,
            guild=guild,
            channel_obj=channel,
            member_obj=member,
            member_permissions=guild.permissions_for(member, channel),
            app_permissions=self._bot_perms(guild, channel),
            data=data,
            message_obj=message,
        )
        handle = InteractionHandle(
            id=iid,
            token=token,
            type=itype,
            guild=guild,
            channel=channel,
            member=member,
            created_at=self.clock.now(),
            payload=payload,
            source_message_id=source_message_id,
        )
        self.interactions[iid] = handle
        self._by_token[token] = handle
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

    async def command(
        self,
        member: Member,
        channel: Channel,
        name: str,
        *,
        wait: bool = True,
        timeout: float = 10.0,
        **options: Any,
    ) -> Any:
        """Invoke ``/name`` ("group sub" for subcommands) as ``member`` in ``channel``.

        Returns the visible :class:`Reply` (or, with ``wait=False``, the InteractionHandle).
        """
        cmd, path = self._resolve_command(channel, name)
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        self._check_member_may_use(cmd, guild, member)
        data = build_command_data(cmd, path, options, guild)
        handle = await self._create_interaction(
            member=member, channel=channel, itype=APPLICATION_COMMAND, data=data
        )
        if not wait:
            return handle
        return await handle.wait_reply(timeout)

    async def context_menu(
        self,
        member: Member,
        channel: Channel,
        name: str,
        target: Member | JSON,
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Invoke a user (target a Member) or message (target a message dict) context menu."""
        type_ = 2 if isinstance(target, Member) else 3
        cmd, _ = self._resolve_command(channel, name, type_)
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        resolved: JSON
        if isinstance(target, Member):
            target_id = str(target.id)
            resolved = {
                "users": {target_id: gp.member_user(target)},
                "members": {target_id: gp.member(target, with_user=False)},
            }
        else:
            target_id = str(target["id"])
            resolved = {"messages": {target_id: target}}
        data = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": type_,
            "target_id": target_id,
            "resolved": resolved,
        }
        handle = await self._create_interaction(
            member=member, channel=channel, itype=APPLICATION_COMMAND, data=data
        )
        return await handle.wait_reply(timeout) if wait else handle

    async def autocomplete(
        self,
        member: Member,
        channel: Channel,
        name: str,
        *,
        focused: str,
        value: str = "",
        timeout: float = 10.0,
        **options: Any,
    ) -> list[JSON]:
        """Type ``value`` into option ``focused``; returns the choices the bot offered."""
        cmd, path = self._resolve_command(channel, name)
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        data = build_command_data(cmd, path, options, guild, focused=focused, focused_value=value)
        handle = await self._create_interaction(
            member=member, channel=channel, itype=AUTOCOMPLETE, data=data
        )
        return await handle.wait_choices(timeout)

    def _component_message(self, message: Reply | JSON) -> JSON:
        raw = message.message if isinstance(message, Reply) else message
        if raw is None:
            raise CommandInputError("this reply has no message to click on")
        stored = self._messages.get(int(raw["id"]))
        if stored is None:
            raise CommandInputError(f"message {raw['id']} no longer exists")
        return stored

    async def _component_interaction(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        extra: JSON,
        kinds: tuple[int, ...],
    ) -> InteractionHandle:
        stored = self._component_message(message)
        comp = next(
            (
                c
                for c in iter_components(stored.get("components") or [])
                if c.get("custom_id") == custom_id
            ),
            None,
        )
        if comp is None:
            ids = [c.get("custom_id") for c in iter_components(stored.get("components") or [])]
            raise CommandInputError(f"no component {custom_id!r} on message {stored['id']}: {ids}")
        if comp.get("type") not in kinds:
            raise CommandInputError(f"component {custom_id!r} has type {comp.get('type')}")
        if comp.get("disabled"):
            raise CommandInputError(f"component {custom_id!r} is disabled")
        found = self.scenario.find_channel(int(stored["channel_id"]))
        if found is None:
            raise CommandInputError("components are only emulated in guild channels")
        data = {"custom_id": custom_id, "component_type": comp["type"], **extra}
        return await self._create_interaction(
            member=member,
            channel=found[1],
            itype=MESSAGE_COMPONENT,
            data=data,
            message=copy.deepcopy(stored),
            source_message_id=int(stored["id"]),
        )

    async def click(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Click the button ``custom_id`` on a message (a dict or a Reply) as ``member``."""
        handle = await self._component_interaction(member, message, custom_id, {}, (2,))
        return await handle.wait_reply(timeout) if wait else handle

    async def select(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        values: list[str],
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Pick ``values`` in the select menu ``custom_id`` on a message."""
        stored = self._component_message(message)
        comp = next(
            (
                c
                for c in iter_components(stored.get("components") or [])
                if c.get("custom_id") == custom_id
            ),
            None,
        )
        if comp is not None and comp.get("type") == 3:
            allowed = [o.get("value") for o in comp.get("options") or []]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise CommandInputError(f"{bad} are not options of {custom_id!r}: {allowed}")
        handle = await self._component_interaction(
            member, message, custom_id, {"values": list(values)}, (3, 5, 6, 7, 8)
        )
        return await handle.wait_reply(timeout) if wait else handle

    async def submit_modal(
        self,
        member: Member,
        modal: Reply | InteractionHandle,
        values: dict[str, str],
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Submit the modal a bot opened (the Reply of type 9) with text ``values`` by custom_id."""
        source = modal.interaction if isinstance(modal, Reply) else modal
        reply = modal if isinstance(modal, Reply) else modal.reply
        if source is None or reply is None or reply.modal is None:
            raise CommandInputError("not a modal reply")
        spec = reply.modal

        def submitted(comp: JSON) -> JSON:
            if comp.get("type") == 4:
                return {
                    "type": 4,
                    "custom_id": comp["custom_id"],
                    "value": values.get(comp["custom_id"], ""),
                }
            if comp.get("type") == 18 and isinstance(comp.get("component"), dict):
                return {"type": 18, "component": submitted(comp["component"])}
            if comp.get("type") == 1:
                return {
                    "type": 1,
                    "components": [submitted(c) for c in comp.get("components") or []],
                }
            return {"type": comp.get("type")}

        data = {
            "custom_id": spec.get("custom_id"),
            "components": [submitted(c) for c in spec.get("components") or []],
        }
        message = None
        if source.source_message_id is not None and source.source_message_id in self._messages:
            message = copy.deepcopy(self._messages[source.source_message_id])
        handle = await self._create_interaction(
            member=member,
            channel=source.channel,
            itype=MODAL_SUBMIT,
            data=data,
            message=message,
            source_message_id=source.source_message_id,
        )
        return await handle.wait_reply(timeout) if wait else handle

    # ---- control API: clock and gateway faults ----------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (interaction deadlines, token expiry, nonces)."""
        self.clock.advance(seconds)

    async def gateway_close(self, code: int = 4000) -> None:
        """Close the bot's gateway connection(s) with ``code``."""
        await self.gateway.close(code)

    async def gateway_drop(self) -> None:
        """Abort the gateway TCP connection(s) without a close frame."""
        await self.gateway.drop()

    async def gateway_reconnect_op7(self) -> None:
        """Send op 7 RECONNECT."""
        await self.gateway.send_op(OP_RECONNECT, None)

    async def gateway_invalid_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION (a non-resumable one also invalidates the session)."""
        await self.gateway.invalid_session(resumable)

    def stop_heartbeat_acks(self) -> None:
        self.gateway.acks_enabled = False

    def resume_heartbeat_acks(self) -> None:
        self.gateway.acks_enabled = True
