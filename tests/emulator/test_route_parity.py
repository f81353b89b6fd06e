"""Route parity: every route the bot can hit (as discord.py spells it) is served."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import discord
import pytest

from emulator import Emulator
from emulator.server import ROUTES

DISCORD_PY = Path(discord.__file__).parent
_ROUTE = re.compile(r"Route\(\s*['\"](\w+)['\"],\s*['\"]([^'\"]+)['\"]")
_PARAM = re.compile(r"\{[^}]*\}")

# The discord.py routes a studybot-like bot reaches: login, command sync, interaction responses
# and followups, channel messages and history, reactions, threads, DMs, guild lookups.
BOT_ROUTES = [
    ("GET", "/users/@me"),
    ("GET", "/users/{user_id}"),
    ("POST", "/users/@me/channels"),
    ("GET", "/oauth2/applications/@me"),
    ("GET", "/gateway/bot"),
    ("GET", "/applications/{application_id}/commands"),
    ("PUT", "/applications/{application_id}/commands"),
    ("POST", "/applications/{application_id}/commands"),
    ("GET", "/applications/{application_id}/commands/{command_id}"),
    ("PATCH", "/applications/{application_id}/commands/{command_id}"),
    ("DELETE", "/applications/{application_id}/commands/{command_id}"),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("POST", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}"),
    ("PATCH", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}"),
    ("DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}"),
    ("POST", "/interactions/{webhook_id}/{webhook_token}/callback"),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("GET", "/channels/{channel_id}"),
    ("GET", "/channels/{channel_id}/messages"),
    ("POST", "/channels/{channel_id}/messages"),
    ("GET", "/channels/{channel_id}/messages/{message_id}"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"),
    ("POST", "/channels/{channel_id}/typing"),
    ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"),
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads"),
    ("GET", "/guilds/{guild_id}"),
    ("GET", "/guilds/{guild_id}/channels"),
    ("GET", "/guilds/{guild_id}/roles"),
    ("GET", "/guilds/{guild_id}/members"),
    ("GET", "/guilds/{guild_id}/members/{user_id}"),
    ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"),
    ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"),
]
# served for completeness though discord.py 2.7 builds no Route for them
NOT_IN_DISCORD_PY = {("GET", "/gateway"), ("GET", "/applications/@me")}


def norm(method: str, path: str) -> tuple[str, str]:
    return method.upper(), _PARAM.sub("{}", path)


def discord_py_routes() -> set[tuple[str, str]]:
    found = set()
    for source in (DISCORD_PY / "http.py", DISCORD_PY / "webhook" / "async_.py"):
        for m in _ROUTE.finditer(source.read_text()):
            found.add(norm(m.group(1), m.group(2)))
    return found


def test_bot_routes_are_discord_py_routes_and_served() -> None:
    dpy = discord_py_routes()
    assert len(dpy) > 150  # the regex still understands discord.py's source
    served = {norm(m, p) for m, p, _ in ROUTES}
    bot = {norm(m, p) for m, p in BOT_ROUTES}
    assert bot <= dpy, f"not discord.py routes: {bot - dpy}"
    assert bot <= served, f"not served by the emulator: {bot - served}"
    assert served - dpy == NOT_IN_DISCORD_PY


@pytest.mark.openapi_invalid_requests
async def test_every_served_route_answers_live(emulator: Emulator) -> None:
    emulator.rate_limits.enabled = False  # the test calls every route at once, as no bot does
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        for method, path, _ in ROUTES:
            url = emulator.rest_base + _PARAM.sub("1", path)
            async with http.request(method, url, json={} if method != "GET" else None) as resp:
                if resp.status == 204:  # no body, no Content-Type (as Discord)
                    assert "Content-Type" not in resp.headers, (method, path)
                else:
                    assert resp.headers["Content-Type"] == "application/json", (method, path)
    assert emulator.unrouted == []
    assert emulator.internal_errors == []
    assert len({r.route for r in emulator.requests}) == len(ROUTES)


def test_a_literal_path_is_registered_before_the_template_that_also_matches_it() -> None:
    """aiohttp tries routes with the same prefix in registration order: ``@original`` comes
    before ``{message_id}`` for each method, or the request log, faults and rate limits would
    name requests to ``@original`` by the template."""
    order = [(m, p) for m, p, _ in ROUTES]
    for method in ("GET", "PATCH", "DELETE"):
        original = order.index(
            (method, "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
        )
        by_id = order.index(
            (method, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
        )
        assert original < by_id
    assert len(set(order)) == len(order)
