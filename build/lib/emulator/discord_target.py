"""Point discord.py at a local Discord API (the emulator) instead of discord.com.

discord.py takes its REST base from ``discord.http.Route.BASE`` and its gateway from
``DiscordWebSocket.DEFAULT_GATEWAY``. This module is the one place that sets them: for a client
in this process (``Emulator.patch_discord``, ``running_bot``, the bench's fan-out row, a test
driving ``python -m emulator``) and for a bot in a subprocess (``sitecustomize`` reads
``STUDYBOT_DISCORD_API`` and ``STUDYBOT_DISCORD_GATEWAY``).

It imports nothing from the emulator and imports discord.py only when pointing it:
``sitecustomize`` loads this file by path at the start of every process with that PYTHONPATH,
where importing the emulator package would add its whole import time to the bot's start-up.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

API_PATH = "/api/v10"  # the REST version discord.py 2.x speaks
API_ENV = "STUDYBOT_DISCORD_API"
GATEWAY_ENV = "STUDYBOT_DISCORD_GATEWAY"


@dataclass(frozen=True)
class DiscordTarget:
    """Where discord.py should connect: ``api`` is ``http://HOST:PORT`` (REST lives under
    ``/api/v10`` there), ``gateway`` is ``ws://HOST:PORT/gateway``. None leaves discord.py's
    own value for that part."""

    api: str | None
    gateway: str | None

    @property
    def rest_base(self) -> str | None:
        return None if self.api is None else self.api.rstrip("/") + API_PATH

    def env(self) -> dict[str, str]:
        """The variables ``sitecustomize`` reads in a subprocess."""
        out: dict[str, str] = {}
        if self.api is not None:
            out[API_ENV] = self.api
        if self.gateway is not None:
            out[GATEWAY_ENV] = self.gateway
        return out

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DiscordTarget | None:
        """The target the environment names, or None when it names neither part."""
        env = os.environ if environ is None else environ
        api, gateway = env.get(API_ENV) or None, env.get(GATEWAY_ENV) or None
        if api is None and gateway is None:
            return None
        return cls(api, gateway)


def point_discord_at(target: DiscordTarget) -> Callable[[], None]:
    """Point discord.py in this process at ``target``; returns what restores the previous
    addresses (call it once the clients made with them are closed)."""
    import discord.gateway
    import discord.http
    import yarl

    ws = discord.gateway.DiscordWebSocket
    before = (discord.http.Route.BASE, ws.DEFAULT_GATEWAY)
    if target.rest_base is not None:
        discord.http.Route.BASE = target.rest_base
    if target.gateway is not None:
        ws.DEFAULT_GATEWAY = yarl.URL(target.gateway)
    log.debug("discord.py pointed at %s / %s", target.api, target.gateway)

    def restore() -> None:
        discord.http.Route.BASE, ws.DEFAULT_GATEWAY = before

    return restore


@contextlib.contextmanager
def discord_pointed_at(target: DiscordTarget) -> Iterator[None]:
    """discord.py points at ``target`` inside the ``with`` block, and back afterwards."""
    restore = point_discord_at(target)
    try:
        yield
    finally:
        restore()


def point_discord_from_env(environ: Mapping[str, str] | None = None) -> bool:
    """Point discord.py at the target the environment names, if any (what ``sitecustomize``
    runs). With neither variable set it does nothing and imports nothing."""
    target = DiscordTarget.from_env(environ)
    if target is None:
        return False
    point_discord_at(target)
    return True
