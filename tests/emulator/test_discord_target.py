"""emulator/discord_target.py: pointing discord.py at a local API and back, from code or from
the environment."""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

from emulator.discord_target import (
    API_ENV,
    GATEWAY_ENV,
    DiscordTarget,
    discord_pointed_at,
    point_discord_at,
    point_discord_from_env,
)

API = "http://127.0.0.1:5555/"
GATEWAY = "ws://127.0.0.1:5555/gateway"


def addresses() -> tuple[str, yarl.URL]:
    return discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def test_pointed_inside_the_block_and_restored_after() -> None:
    before = addresses()
    with discord_pointed_at(DiscordTarget(API, GATEWAY)):
        assert addresses() == ("http://127.0.0.1:5555/api/v10", yarl.URL(GATEWAY))
    assert addresses() == before


def test_a_missing_part_keeps_discord_pys_own_value() -> None:
    before = addresses()
    restore = point_discord_at(DiscordTarget(None, GATEWAY))
    try:
        assert addresses() == (before[0], yarl.URL(GATEWAY))
    finally:
        restore()
    assert addresses() == before


def test_the_environment_names_the_target() -> None:
    target = DiscordTarget(API, GATEWAY)
    assert target.env() == {API_ENV: API, GATEWAY_ENV: GATEWAY}
    assert DiscordTarget.from_env(target.env()) == target
    assert DiscordTarget.from_env({API_ENV: API}) == DiscordTarget(API, None)
    assert DiscordTarget.from_env({API_ENV: "", "PATH": "/bin"}) is None
    before = addresses()
    assert not point_discord_from_env({})
    assert addresses() == before
