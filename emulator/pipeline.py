"""What every REST request goes through before and after its handler: the request log, armed
faults (hold, drop, fail), the bot token, rate limits, Discord's error bodies for handler
failures, and the OpenAPI check. A multipart body (a message with files) is read here once."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import struct
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator import errors as E
from emulator.faults import Failure
from emulator.http_util import API_PREFIX, JSON_KEY, RequestRecord, error_response, json_response
from emulator.ratelimit import RateLimiter, Verdict, too_many_requests_headers
from emulator.rest.resource import Handler
from emulator.uploads import UPLOADS_KEY, read_multipart

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)

# routes a bot calls without its token (the interaction token authenticates them)
TOKEN_ROUTE_MARKERS = ("{webhook_token}", "{interaction_token}")


class RequestPipeline:
    """The aiohttp middleware around the REST resources (other paths pass straight through)."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        state = self.state
        resource = request.match_info.route.resource
        template = None
        if resource is not None and request.match_info.http_exception is None:
            template = resource.canonical[len(API_PREFIX) :]
        route = f"{request.method} {template}" if template else None
        raw = await request.read()
        body = await _parse_body(request, raw)
        request[JSON_KEY] = body
        record = RequestRecord(
            method=request.method,
            path=request.path,
            route=route,
            query=dict(request.query),
            json=body,
            time=state.clock.now(),
        )
        state.requests.append(record)
        log.debug("%s %s (%s)", request.method, request.path_qs, route)
        drop = False
        response: web.StreamResponse
        try:
            if route is None:
                response = json_response({"message": "404: Not Found", "code": 0}, 404)
                state.unrouted.append(record)
                log.warning("emulator: no route for %s %s", request.method, request.path)
            else:
                hold = state.faults.take_hold(route, request.path)
                if hold is not None:
                    hold.request = {"method": request.method, "path": request.path, "json": body}
                    hold.arrived.set()
                    drop = await hold.until_released()
                    if hold.lose:  # never handled, never answered: the record keeps status 0
                        _reset_connection(request)
                        return web.Response(status=503)  # not written: the connection is gone
                drop = state.faults.take_drop(route, request.path) or drop
                response = await self._answer(request, route, template or "", handler, record)
        finally:
            state.signal.notify()
        response.headers["Via"] = "1.1 google"
        record.status = response.status
        record.headers = dict(response.headers)
        if isinstance(response, web.Response) and response.body:
            with contextlib.suppress(ValueError, TypeError):
                record.response = json.loads(response.body)  # type: ignore[arg-type]
        if state.openapi is not None and route is not None:
            state.openapi.check(record, request, response, raw)
        state.signal.notify()
        if drop:
            _reset_connection(request)
        return response

    async def _answer(
        self,
        request: web.Request,
        route: str,
        template: str,
        handler: Handler,
        record: RequestRecord,
    ) -> web.StreamResponse:
        """An injected failure, 401 without the bot token, a 429 from the rate limits, or the
        handler's answer (its ``DiscordHTTPError`` as Discord's error body)."""
        state = self.state
        failure = state.faults.take_failure(route, request.path)
        if failure is not None:
            record.injected = True
            return _injected(failure, route)
        token_route = any(m in template for m in TOKEN_ROUTE_MARKERS)
        if not token_route and request.headers.get("Authorization") != f"Bot {state.token}":
            return error_response(E.unauthorized())
        rl_headers: dict[str, str] = {}
        if "{interaction_token}" not in template:  # callbacks are exempt from rate limits
            mi = request.match_info
            major = mi.get("channel_id") or mi.get("guild_id") or mi.get("webhook_token") or ""
            verdict = state.rate_limits.check(route, major, count_global=not token_route)
            if verdict.limited:
                state.rate_limited.append(record)
                log.warning(
                    "emulator: %s rate limit reached on %s (%s)", verdict.scope, route, major
                )
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
            state.internal_errors.append(f"{route}: {exc!r}")
            response = error_response(E.invalid_form_body({}))
        for key, value in rl_headers.items():
            response.headers[key] = value
        return response


async def _parse_body(request: web.Request, raw: bytes) -> Any:
    """The JSON body; for a multipart body its ``payload_json``, with the files kept for the
    handler (``uploads.uploads_of``) and summed up under ``_files`` for the request log; None
    for anything else (or a body that does not parse)."""
    if raw and request.content_type == "application/json":
        try:
            return json.loads(raw)
        except ValueError:
            return None
    if raw and request.content_type.startswith("multipart/"):
        try:
            payload, uploads = read_multipart(request.headers["Content-Type"], raw)
        except ValueError:  # MultipartError, or payload_json that is not JSON
            return None
        request[UPLOADS_KEY] = uploads
        if isinstance(payload, dict) and uploads:
            payload["_files"] = [u.summary() for u in uploads]
        return payload
    return None


def _injected(failure: Failure, route: str) -> web.Response:
    """The answer of a ``faults.fail``: a 429 as Discord's edge sends it, or a 5xx."""
    if failure.status == 429:
        body = failure.body or {
            "message": "You are being rate limited.",
            "retry_after": failure.retry_after,
            "global": failure.global_,
            "code": 0,
        }
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


def _reset_connection(request: web.Request) -> None:
    """Abort the TCP connection with a reset (SO_LINGER 0) before the client reads the answer."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    log.info("emulator: dropped the connection of %s %s", request.method, request.path)
