"""Point discord.py at the studybot Discord API emulator, without touching the bot's code.

Put this directory on PYTHONPATH and set STUDYBOT_DISCORD_API (``http://127.0.0.1:PORT``) and
STUDYBOT_DISCORD_GATEWAY (``ws://127.0.0.1:PORT/gateway``); ``Emulator.subprocess_env()`` does
both. With neither variable set this module does nothing (and does not import discord).
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger("studybot.emulator.sitecustomize")


def _patch() -> None:
    api = os.environ.get("STUDYBOT_DISCORD_API")
    gateway = os.environ.get("STUDYBOT_DISCORD_GATEWAY")
    if not api and not gateway:
        return
    import discord.gateway
    import discord.http
    import yarl

    if api:
        discord.http.Route.BASE = api.rstrip("/") + "/api/v10"
    if gateway:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    log.debug("discord.py pointed at %s / %s", api, gateway)


_patch()
