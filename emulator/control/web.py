"""The web client: a page that looks and works like a Discord channel, over the control API.

Plain HTML, CSS and JavaScript modules in ``emulator/web/`` (packaged as package data), served
as they are: no build step, nothing fetched from anywhere but this server (the page's Content
Security Policy says so to the browser).

The control API changes the world, so only pages served here may drive it: requests must name
this server in ``Host`` (no DNS rebinding) and, when a browser sends ``Origin``, come from it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from emulator.control.http import PREFIX
from emulator.http_util import API_PREFIX
from emulator.rest.resource import Handler

if TYPE_CHECKING:
    from emulator.server import Emulator

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class WebClient:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/", self.index)
        app.router.add_static("/static/", WEB_DIR, follow_symlinks=False, append_version=False)

    async def index(self, request: web.Request) -> web.StreamResponse:
        response = web.FileResponse(WEB_DIR / "index.html")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Cache-Control"] = "no-cache"
        return response

    def _own_hosts(self) -> set[str]:
        port = self.emu.port
        return {f"{self.emu.host}:{port}", f"127.0.0.1:{port}", f"localhost:{port}"}

    @web.middleware
    async def same_origin_only(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse control and page requests that name another host or come from another site's
        page (the Discord API under ``/api`` is the bot's and passes untouched)."""
        if request.path.startswith(API_PREFIX) or request.path in ("/gateway", "/resume"):
            return await handler(request)
        hosts = self._own_hosts()
        origin = request.headers.get("Origin")
        if request.host not in hosts or (
            origin is not None and origin not in {f"http://{h}" for h in hosts}
        ):
            log.warning(
                "refused %s %s (Host %s, Origin %s)",
                request.method,
                request.path,
                request.host,
                origin,
            )
            if request.path.startswith(PREFIX):
                return web.json_response(
                    {"error": "forbidden", "message": "only this server's own page may do this"},
                    status=403,
                )
            return web.Response(status=403, text="forbidden")
        return await handler(request)
