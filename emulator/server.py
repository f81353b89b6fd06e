"""The Discord API emulator: an aiohttp server (REST under /api/v10 and a gateway) and its
control API for tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import struct
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from emulator import errors as E
from emulator.control import ControlAPI
from emulator.control_http import ControlHTTP
from emulator.discord_target import DiscordTarget, point_discord_at
from emulator.http_util import (
    API_PREFIX,
    JSON_KEY,
    RequestRecord,
    error_response,
    json_response,
)
from emulator.ratelimit import RateLimiter, too_many_requests_headers
from emulator.rest import ROUTES, TOKEN_ROUTE_MARKERS, RestHandlers

log = logging.getLogger(__name__)

SITECUSTOMIZE_DIR = Path(__file__).resolve().parent / "sitecustomize"

__all__ = ["ROUTES", "Emulator", "RequestRecord"]


class Emulator(RestHandlers, ControlAPI):
    """A local Discord: REST under ``/api/v10``, a gateway at ``/gateway``, and a control API.

    Use as ``async with Emulator(scenario, token="test-token") as emu:``.
    """

    # ---- lifecycle -------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        for method, path, handler_name in ROUTES:
            app.router.add_route(method, API_PREFIX + path, getattr(self, "_h_" + handler_name))
        app.router.add_get("/gateway", self.gateway.handle)
        ControlHTTP(self).add_routes(app)
        app.router.add_get("/resume", self.gateway.handle)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self._build_app(), access_log=None, handle_signals=False)
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

    # ---- pointing discord.py at us ----------------------------------------------------------
    @property
    def discord_target(self) -> DiscordTarget:
        return DiscordTarget(self.api_base, self.gateway_url)

    def patch_discord(self) -> None:
        """Point discord.py (in this process) at the emulator; undone by unpatch/exit."""
        restore = point_discord_at(self.discord_target)
        if self._unpatch is None:
            self._unpatch = restore

    def unpatch_discord(self) -> None:
        """Give discord.py back the addresses it had before the first ``patch_discord``."""
        if self._unpatch is not None:
            self._unpatch()
            self._unpatch = None

    def subprocess_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Environment for running the real bot in a subprocess against this emulator."""
        env = dict(os.environ if base is None else base)
        paths = [str(SITECUSTOMIZE_DIR), str(SITECUSTOMIZE_DIR.parent.parent)]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env.update(self.discord_target.env())
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
        log.debug("%s %s (%s)", request.method, request.path_qs, route)
        drop = False
        response: web.StreamResponse
        try:
            if route is None:
                response = json_response({"message": "404: Not Found", "code": 0}, 404)
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
                return json_response(body, 429, too_many_requests_headers(verdict))
            return json_response(
                failure.body or {"message": f"{failure.status}: injected failure", "code": 0},
                failure.status,
            )
        token_route = any(m in template for m in TOKEN_ROUTE_MARKERS)
        if not token_route and request.headers.get("Authorization") != f"Bot {self.token}":
            return error_response(E.unauthorized())
        rl_headers: dict[str, str] = {}
        if "{interaction_token}" not in template:
            mi = request.match_info
            major = mi.get("channel_id") or mi.get("guild_id") or mi.get("webhook_token") or ""
            verdict = self.rate_limits.check(route, major, count_global=not token_route)
            if verdict.limited:
                return json_response(
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
            response = error_response(exc)
        except web.HTTPException:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # a body the handler could not make sense of: Discord answers 400 for those
            log.exception("emulator: could not handle %s %s", request.method, request.path)
            self.internal_errors.append(f"{route}: {exc!r}")
            response = error_response(E.invalid_form_body({}))
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
