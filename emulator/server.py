"""The ``Emulator``: a local Discord (REST under ``/api/v10``, a gateway at ``/gateway``) over
one shared state, and the control API tests drive it with."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from emulator.clock import Clock
from emulator.control import GatewayFaults, Reading, UserActions, Waits, WorldChanges, delegate
from emulator.control.feed import Feed
from emulator.control.http import ControlHTTP
from emulator.control.time_travel import TimeControl
from emulator.control.web import WebClient
from emulator.discord_target import DiscordTarget, point_discord_at
from emulator.http_util import RequestRecord
from emulator.pipeline import RequestPipeline
from emulator.ratelimit import RateLimiter
from emulator.rest import ROUTES, add_routes
from emulator.rest.attachments import AttachmentFiles
from emulator.scenario import Scenario
from emulator.state import EmulatorState

log = logging.getLogger(__name__)

SITECUSTOMIZE_DIR = Path(__file__).resolve().parent / "sitecustomize"
MAX_REQUEST_BYTES = 64 * 1024 * 1024

__all__ = ["ROUTES", "Emulator", "RequestRecord"]


class Emulator(EmulatorState):
    """A local Discord: REST under ``/api/v10``, a gateway at ``/gateway``, and a control API.

    Use as ``async with Emulator(scenario, token="test-token") as emu:``. The control API lives
    in parts (``emu.waits``, ``emu.reading``, ``emu.world``, ``emu.actions``,
    ``emu.gateway_faults``; the clock ``emu.clock``, HTTP faults ``emu.faults``) whose methods
    are also the emulator's own, as listed below.
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
        clock: Clock | None = None,
    ) -> None:
        super().__init__(
            scenario,
            token=token,
            host=host,
            port=port,
            heartbeat_interval_ms=heartbeat_interval_ms,
            gateway_compress=gateway_compress,
            interaction_timeout=interaction_timeout,
            token_lifetime=token_lifetime,
            nonce_window=nonce_window,
            rate_limits=rate_limits,
            openapi=openapi,
            clock=clock,
        )
        self.waits = Waits(self)
        self.reading = Reading(self)
        self.world = WorldChanges(self)
        self.actions = UserActions(self)
        self.gateway_faults = GatewayFaults(self.gateway)
        self.feed = Feed(self)
        """Live changes for watchers (the web client's event stream)."""
        self.time = TimeControl(self.clock, self.feed)
        """How the control API moves time; a host sharing the clock plugs in its own travel."""
        self._runner: web.AppRunner | None = None
        self._unpatch: Callable[[], None] | None = None

    # ---- the control API ---------------------------------------------------------------------
    wait_connected = delegate("waits", Waits.wait_connected)
    wait_identified = delegate("waits", Waits.wait_identified)
    wait_commands_synced = delegate("waits", Waits.wait_commands_synced)
    wait_resumed = delegate("waits", Waits.wait_resumed)
    wait_for_request = delegate("waits", Waits.wait_for_request)
    wait_for_message = delegate("waits", Waits.wait_for_message)
    wait_until = delegate("waits", Waits.wait_until)

    messages = delegate("reading", Reading.messages)
    dm_messages = delegate("reading", Reading.dm_messages)
    message = delegate("reading", Reading.message)
    commands = delegate("reading", Reading.commands)

    member_join = delegate("world", WorldChanges.member_join)
    member_leave = delegate("world", WorldChanges.member_leave)
    channel_updated = delegate("world", WorldChanges.channel_updated)
    delete_channel = delegate("world", WorldChanges.delete_channel)
    role_updated = delegate("world", WorldChanges.role_updated)
    dispatch = delegate("world", WorldChanges.dispatch)

    user_message = delegate("actions", UserActions.user_message)
    command = delegate("actions", UserActions.command)
    context_menu = delegate("actions", UserActions.context_menu)
    autocomplete = delegate("actions", UserActions.autocomplete)
    click = delegate("actions", UserActions.click)
    select = delegate("actions", UserActions.select)
    submit_modal = delegate("actions", UserActions.submit_modal)

    gateway_close = delegate("gateway_faults", GatewayFaults.gateway_close)
    gateway_drop = delegate("gateway_faults", GatewayFaults.gateway_drop)
    gateway_reconnect_op7 = delegate("gateway_faults", GatewayFaults.gateway_reconnect_op7)
    gateway_invalid_session = delegate("gateway_faults", GatewayFaults.gateway_invalid_session)
    stop_heartbeat_acks = delegate("gateway_faults", GatewayFaults.stop_heartbeat_acks)
    resume_heartbeat_acks = delegate("gateway_faults", GatewayFaults.resume_heartbeat_acks)
    guild_outage = delegate("gateway_faults", GatewayFaults.guild_outage)

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (interaction deadlines, token expiry, nonces)."""
        self.clock.advance(seconds)

    # ---- lifecycle -------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        web_client = WebClient(self)
        app = web.Application(
            middlewares=[RequestPipeline(self).middleware, web_client.same_origin_only],
            client_max_size=MAX_REQUEST_BYTES,
        )
        add_routes(app, self)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        AttachmentFiles(self).add_routes(app)
        ControlHTTP(self).add_routes(app)
        web_client.add_routes(app)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self._build_app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]
        self.gateway.resume_url = self.resume_url
        log.info("emulator listening on %s", self.api_base)

    async def stop(self) -> None:
        self.unpatch_discord()
        self.faults.clear()
        self.feed.close()
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

    # ---- pointing discord.py at us ---------------------------------------------------------
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
