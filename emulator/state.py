"""What the REST resources, the gateway and the control API share: settings, addresses, the
request log, the clock, the world (the scenario and a store per resource), and the signal that
waits re-check on."""

from __future__ import annotations

import logging
from typing import Any

from emulator.channel_store import ChannelStore
from emulator.clock import Clock
from emulator.command_store import CommandStore
from emulator.faults import Faults
from emulator.gateway import Gateway
from emulator.http_util import API_PREFIX, JSON, RequestRecord
from emulator.interaction_store import InteractionStore
from emulator.message_store import MessageStore
from emulator.ratelimit import RateLimiter
from emulator.scenario import Scenario
from emulator.snowflake import ClockIds
from emulator.thread_store import ThreadStore
from emulator.uploads import SIZE_LIMIT
from emulator.waiting import Signal

log = logging.getLogger(__name__)


class EmulatorState:
    """One emulator's state. ``Emulator`` is this plus its server and control API; the REST
    resources and control parts each hold it."""

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
        self.port = port  # 0 until start() picked a free one
        self.clock = clock or Clock()
        self.ids = ClockIds(self.clock)
        self.interaction_timeout = interaction_timeout  # first callback deadline (10062)
        self.token_lifetime = token_lifetime  # interaction webhooks after that: 50027
        self.nonce_window = nonce_window  # enforce_nonce repeats within it: the same message
        self.attachment_size_limit = SIZE_LIMIT  # bytes per file; over it: 413 (40005)
        self.rate_limits = rate_limits or RateLimiter()
        if self.rate_limits.clock is None:
            self.rate_limits.clock = self.clock.now
        # 429s the rate limits answered (not injected faults): what the bot's pacing let through
        self.rate_limited: list[RequestRecord] = []
        self.faults = Faults()
        self.requests: list[RequestRecord] = []
        self.unrouted: list[RequestRecord] = []  # API requests no emulator route served
        # handler failures on malformed input (answered 400; logged with a traceback)
        self.internal_errors: list[str] = []
        self.openapi = openapi  # an emulator.openapi.OpenAPISession or None
        self.signal = Signal()
        self.gateway = Gateway(
            self.scenario,
            token,
            on_change=self.signal.notify,
            heartbeat_interval_ms=heartbeat_interval_ms,
            compress=gateway_compress,
        )
        self.channel_store = ChannelStore(self.scenario, self.ids)
        self.command_store = CommandStore(self.scenario.application_id, self.ids)
        self.message_store = MessageStore(
            self.scenario, self.clock, self.ids, self.gateway, lambda: self.api_base
        )
        self.interaction_store = InteractionStore(self.scenario, self.clock, self.ids, self.gateway)
        self.thread_store = ThreadStore(self.clock, self.gateway, self.signal.notify)
        self.gateway.active_threads = self.thread_store.active_in

    # ---- addresses -------------------------------------------------------------------------
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
    def resume_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume"

    @property
    def application_id(self) -> int:
        return self.scenario.application_id

    @property
    def bot_user_id(self) -> int:
        return self.scenario.bot_user_id

    # ---- synced commands, as tests read them ----------------------------------------------
    @property
    def global_commands(self) -> list[JSON]:
        return self.command_store.global_commands

    @property
    def guild_commands(self) -> dict[int, list[JSON]]:
        return self.command_store.guild_commands

    @property
    def sync_count(self) -> int:
        return self.command_store.sync_count
