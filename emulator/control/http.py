"""The control API over HTTP (``/_control/...``, JSON in and out): what another process (the
benchmarks, the sandbox's web page, curl) drives the emulator with. In-process tests use the
Python methods instead. Every endpoint is documented in emulator/README.md ("The control API
over HTTP"); the live ones (events, clock, notices) are in ``http_live.py``.

Errors are JSON too: 400 ``{"error": "input"}`` (a malformed body, or what Discord's client
would refuse), 404 ``{"error": "not_found"}``, 409 ``{"error": "rejected", "errors": [...]}``
(the emulator rejected the bot's answer), 504 ``{"error": "timeout"}``.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator import permissions as P
from emulator.http_util import JSON, json_response
from emulator.interactions import CommandInputError, InteractionFailed, Reply
from emulator.scenario import Channel, Guild, Member, Role
from emulator.waiting import WaitTimeout

if TYPE_CHECKING:
    from emulator.server import Emulator

log = logging.getLogger(__name__)

PREFIX = "/_control"
Handler = Callable[[Any, web.Request], Awaitable[web.Response]]


class ControlError(Exception):
    """An answer other than 200: ``status`` with ``{"error": error, "message": message}``."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def answers_errors(handler: Handler) -> Handler:
    """Turn the control API's failures into its JSON error answers."""

    @functools.wraps(handler)
    async def wrapped(self: Any, request: web.Request) -> web.Response:
        try:
            return await handler(self, request)
        except ControlError as exc:
            return json_response({"error": exc.error, "message": exc.message}, exc.status)
        except CommandInputError as exc:
            return json_response({"error": "input", "message": str(exc)}, 400)
        except InteractionFailed as exc:
            return json_response({"error": "rejected", "errors": exc.errors}, 409)
        except WaitTimeout as exc:
            return json_response({"error": "timeout", "message": str(exc)}, 504)

    return wrapped


async def body_of(request: web.Request) -> JSON:
    """The request's JSON object (an empty body is ``{}``)."""
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ControlError(400, "input", "the body is not JSON") from None
    if not isinstance(body, dict):
        raise ControlError(400, "input", "the body must be a JSON object")
    return body


def need(body: JSON, key: str) -> Any:
    if body.get(key) is None:
        raise ControlError(400, "input", f"{key!r} is required")
    return body[key]


def as_id(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ControlError(400, "input", f"{what} must be a snowflake, got {value!r}") from None


def seconds(body: JSON, key: str, default: float) -> float:
    try:
        return float(body.get(key, default))
    except (TypeError, ValueError):
        raise ControlError(400, "input", f"{key!r} must be a number of seconds") from None


def reply_json(reply: Reply) -> JSON:
    return {
        "type": reply.type,
        "via": reply.via,
        "content": reply.content,
        "embeds": reply.embeds,
        "components": reply.components,
        "ephemeral": reply.ephemeral,
        "message": reply.message,
        "modal": reply.modal,
    }


class ControlHTTP:
    """The world, reading and what members do; ``add_routes`` also adds the live part."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    def add_routes(self, app: web.Application) -> None:
        from emulator.control.http_live import LiveHTTP

        r = app.router
        r.add_get(PREFIX + "/scenario", self.scenario)
        r.add_get(PREFIX + "/status", self.status)
        r.add_get(PREFIX + "/commands", self.commands)
        r.add_get(PREFIX + "/channels/{channel_id}/messages", self.messages)
        r.add_get(PREFIX + "/members/{member_id}/dms", self.dms)
        r.add_post(PREFIX + "/wait_connected", self.wait_connected)
        r.add_post(PREFIX + "/messages", self.user_message)
        r.add_post(PREFIX + "/command", self.command)
        r.add_post(PREFIX + "/autocomplete", self.autocomplete)
        r.add_post(PREFIX + "/click", self.click)
        r.add_post(PREFIX + "/select", self.select)
        LiveHTTP(self.emu).add_routes(app)

    # ---- looking things up -----------------------------------------------------------------
    def _member(self, user_id: Any) -> Member:
        member = self.emu.scenario.find_member(as_id(user_id, "member_id"))
        if member is None:
            raise ControlError(404, "not_found", f"no member {user_id}")
        return member

    def _channel(self, channel_id: Any) -> Channel:
        found = self.emu.scenario.find_channel(as_id(channel_id, "channel_id"))
        if found is None:
            raise ControlError(404, "not_found", f"no channel {channel_id}")
        return found[1]

    def _guild(self, guild_id: Any) -> Guild:
        guild = self.emu.scenario.get_guild(as_id(guild_id, "guild_id"))
        if guild is None:
            raise ControlError(404, "not_found", f"no guild {guild_id}")
        return guild

    def _role(self, role_id: Any) -> Role:
        rid = as_id(role_id, "role")
        for guild in self.emu.scenario.guilds:
            role = guild.get_role(rid)
            if role is not None:
                return role
        raise ControlError(404, "not_found", f"no role {role_id}")

    def _message(self, message_id: Any) -> JSON:
        message = self.emu.message(as_id(message_id, "message_id"))
        if message is None:
            raise ControlError(404, "not_found", f"no message {message_id}")
        return message

    def _options(self, raw: Any) -> dict[str, Any]:
        """``{"member": id}`` / ``{"channel": id}`` / ``{"role": id}`` become scenario objects."""
        if not isinstance(raw, dict):
            raise ControlError(400, "input", "'options' must be an object")
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, dict) and "member" in value:
                out[key] = self._member(value["member"])
            elif isinstance(value, dict) and "channel" in value:
                out[key] = self._channel(value["channel"])
            elif isinstance(value, dict) and "role" in value:
                out[key] = self._role(value["role"])
            else:
                out[key] = value
        return out

    # ---- reading ---------------------------------------------------------------------------
    @answers_errors
    async def scenario(self, request: web.Request) -> web.Response:
        sc = self.emu.scenario
        return json_response(
            {
                "application_id": str(sc.application_id),
                "bot_user_id": str(sc.bot_user_id),
                "bot_name": sc.bot_name,
                "guilds": [
                    {
                        "id": str(g.id),
                        "name": g.name,
                        "locale": g.locale,
                        "preferred_locale": g.preferred_locale,
                        "channels": [
                            {"id": str(c.id), "name": c.name, "type": c.type, "topic": c.topic}
                            for c in g.channels
                        ],
                        "members": [_member_json(g, m) for m in g.members],
                        "roles": [{"id": str(r.id), "name": r.name} for r in g.roles],
                    }
                    for g in sc.guilds
                ],
            }
        )

    @answers_errors
    async def status(self, request: web.Request) -> web.Response:
        gw = self.emu.gateway
        return json_response(
            {
                **self.emu.feed.live_status(),
                "requests": len(self.emu.requests),
                "heartbeats": gw.heartbeats,
            }
        )

    @answers_errors
    async def commands(self, request: web.Request) -> web.Response:
        """``?guild_id=``: what a member there can invoke (its own commands, then global)."""
        gid = request.query.get("guild_id")
        return json_response(self.emu.commands(self._guild(gid) if gid else None))

    @answers_errors
    async def messages(self, request: web.Request) -> web.Response:
        """Oldest first; ``?viewer=<member id>`` adds the ephemeral replies for that member."""
        channel = self._channel(request.match_info["channel_id"])
        viewer = request.query.get("viewer")
        if viewer:
            return json_response(self.emu.reading.visible_to(channel, self._member(viewer)))
        return json_response(self.emu.messages(channel))

    @answers_errors
    async def dms(self, request: web.Request) -> web.Response:
        member = self._member(request.match_info["member_id"])
        cid = self.emu.channel_store.dm_channel_of(member.id)
        return json_response(
            {
                "channel_id": None if cid is None else str(cid),
                "messages": self.emu.dm_messages(member),
            }
        )

    @answers_errors
    async def wait_connected(self, request: web.Request) -> web.Response:
        """Body ``{"timeout": s, "count": n}``: answers once n IDENTIFYs got their guilds."""
        body = await body_of(request)
        count = as_id(body.get("count", 1), "count")
        await self.emu.wait_connected(seconds(body, "timeout", 10.0), count=count)
        return json_response({"connected": True})

    # ---- what members do -------------------------------------------------------------------
    @answers_errors
    async def user_message(self, request: web.Request) -> web.Response:
        body = await body_of(request)
        content = need(body, "content")
        if not isinstance(content, str) or not 0 < len(content) <= 2000:
            raise ControlError(400, "input", "'content' must be 1 to 2000 characters")
        member = self._member(need(body, "member_id"))
        channel = self._channel(need(body, "channel_id"))
        return json_response(await self.emu.user_message(member, channel, content))

    async def _reply(self, coro: Coroutine[Any, Any, Reply]) -> web.Response:
        return json_response(reply_json(await coro))

    @answers_errors
    async def command(self, request: web.Request) -> web.Response:
        body = await body_of(request)
        return await self._reply(
            self.emu.command(
                self._member(need(body, "member_id")),
                self._channel(need(body, "channel_id")),
                str(need(body, "name")),
                timeout=seconds(body, "timeout", 10.0),
                options=self._options(body.get("options") or {}),
            )
        )

    @answers_errors
    async def autocomplete(self, request: web.Request) -> web.Response:
        """``{"member_id", "channel_id", "name", "focused", "value", "options"}``: the choices
        the bot offers while ``value`` is typed into option ``focused``."""
        body = await body_of(request)
        choices = await self.emu.autocomplete(
            self._member(need(body, "member_id")),
            self._channel(need(body, "channel_id")),
            str(need(body, "name")),
            focused=str(need(body, "focused")),
            value=str(body.get("value") or ""),
            timeout=seconds(body, "timeout", 10.0),
            options=self._options(body.get("options") or {}),
        )
        return json_response({"choices": choices})

    @answers_errors
    async def click(self, request: web.Request) -> web.Response:
        body = await body_of(request)
        return await self._reply(
            self.emu.click(
                self._member(need(body, "member_id")),
                self._message(need(body, "message_id")),
                str(need(body, "custom_id")),
                timeout=seconds(body, "timeout", 10.0),
            )
        )

    @answers_errors
    async def select(self, request: web.Request) -> web.Response:
        body = await body_of(request)
        values = need(body, "values")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ControlError(400, "input", "'values' must be a list of strings")
        return await self._reply(
            self.emu.select(
                self._member(need(body, "member_id")),
                self._message(need(body, "message_id")),
                str(need(body, "custom_id")),
                values,
                timeout=seconds(body, "timeout", 10.0),
            )
        )


def _member_json(guild: Guild, member: Member) -> JSON:
    perms = guild.permissions_for(member)
    return {
        "id": str(member.id),
        "name": member.name,
        "nick": member.nick,
        "locale": member.locale,
        "bot": member.bot,
        "owner": member.id == guild.owner_id,
        "manage_guild": bool(perms & P.MANAGE_GUILD),
        "administrator": bool(perms & P.ADMINISTRATOR),
    }
