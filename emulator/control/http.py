"""The control API over HTTP (``/_control/...``), for driving an emulator in another process
(benchmarks, the try-it-out sandbox). In-process tests use the Python methods instead."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.http_util import JSON, json_response
from emulator.interactions import CommandInputError, InteractionFailed, Reply
from emulator.scenario import Channel, Member
from emulator.waiting import WaitTimeout

if TYPE_CHECKING:
    from emulator.server import Emulator

log = logging.getLogger(__name__)

PREFIX = "/_control"


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
    """Routes: GET scenario, GET status, GET channels/{id}/messages, POST wait_connected,
    POST command, POST click."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(PREFIX + "/scenario", self.scenario)
        app.router.add_get(PREFIX + "/status", self.status)
        app.router.add_get(PREFIX + "/channels/{channel_id}/messages", self.messages)
        app.router.add_post(PREFIX + "/wait_connected", self.wait_connected)
        app.router.add_post(PREFIX + "/command", self.command)
        app.router.add_post(PREFIX + "/click", self.click)

    def _member(self, user_id: Any) -> Member:
        member = self.emu.scenario.find_member(int(user_id))
        if member is None:
            raise web.HTTPNotFound(text=f"no member {user_id}")
        return member

    def _channel(self, channel_id: Any) -> Channel:
        found = self.emu.scenario.find_channel(int(channel_id))
        if found is None:
            raise web.HTTPNotFound(text=f"no channel {channel_id}")
        return found[1]

    async def scenario(self, request: web.Request) -> web.Response:
        sc = self.emu.scenario
        return json_response(
            {
                "application_id": str(sc.application_id),
                "bot_user_id": str(sc.bot_user_id),
                "guilds": [
                    {
                        "id": str(g.id),
                        "name": g.name,
                        "channels": [{"id": str(c.id), "name": c.name} for c in g.channels],
                        "members": [{"id": str(m.id), "name": m.name} for m in g.members],
                    }
                    for g in sc.guilds
                ],
            }
        )

    async def status(self, request: web.Request) -> web.Response:
        gw = self.emu.gateway
        return json_response(
            {
                "connected": bool(gw.live()) and gw.ready_count > 0,
                "identifies": gw.identify_count,
                "resumes": gw.resume_count,
                "syncs": self.emu.sync_count,
                "commands": sorted(c["name"] for c in self.emu.commands()),
                "requests": len(self.emu.requests),
            }
        )

    async def wait_connected(self, request: web.Request) -> web.Response:
        """Body ``{"timeout": s, "count": n}``: answers once n IDENTIFYs got their guilds."""
        body = await request.json() if request.can_read_body else {}
        try:
            await self.emu.wait_connected(
                float(body.get("timeout", 10.0)), count=int(body.get("count", 1))
            )
        except WaitTimeout as exc:
            return json_response({"error": "timeout", "message": str(exc)}, 504)
        return json_response({"connected": True})

    async def messages(self, request: web.Request) -> web.Response:
        return json_response(self.emu.messages(self._channel(request.match_info["channel_id"])))

    def _options(self, raw: dict[str, Any]) -> dict[str, Any]:
        """``{"member": id}`` / ``{"channel": id}`` / ``{"role": id}`` become scenario objects."""
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, dict) and "member" in value:
                out[key] = self._member(value["member"])
            elif isinstance(value, dict) and "channel" in value:
                out[key] = self._channel(value["channel"])
            elif isinstance(value, dict) and "role" in value:
                role = next(
                    (
                        r
                        for g in self.emu.scenario.guilds
                        for r in g.roles
                        if r.id == int(value["role"])
                    ),
                    None,
                )
                if role is None:
                    raise web.HTTPNotFound(text=f"no role {value['role']}")
                out[key] = role
            else:
                out[key] = value
        return out

    async def _run(self, coro: Any) -> web.Response:
        try:
            reply = await coro
        except CommandInputError as exc:
            return json_response({"error": "input", "message": str(exc)}, 400)
        except InteractionFailed as exc:
            return json_response({"error": "rejected", "errors": exc.errors}, 409)
        except WaitTimeout as exc:
            return json_response({"error": "timeout", "message": str(exc)}, 504)
        return json_response(reply_json(reply))

    async def command(self, request: web.Request) -> web.Response:
        body = await request.json()
        return await self._run(
            self.emu.command(
                self._member(body["member_id"]),
                self._channel(body["channel_id"]),
                body["name"],
                timeout=float(body.get("timeout", 10.0)),
                options=self._options(body.get("options") or {}),
            )
        )

    async def click(self, request: web.Request) -> web.Response:
        body = await request.json()
        message = self.emu.message(body["message_id"])
        if message is None:
            raise web.HTTPNotFound(text=f"no message {body['message_id']}")
        return await self._run(
            self.emu.click(
                self._member(body["member_id"]),
                message,
                body["custom_id"],
                timeout=float(body.get("timeout", 10.0)),
            )
        )
