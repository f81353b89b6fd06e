"""The OpenAPI checker reports what breaks a spec and honours the allowlist (on a tiny spec,
so this runs without loading Discord's full description)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from openapi_core import OpenAPI

from emulator import Emulator, Scenario
from emulator.openapi import OpenAPIChecker
from emulator.openapi_allowlist import Allowed


def tiny_spec(required: list[str]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "tiny", "version": "1"},
        "servers": [{"url": "https://discord.com/api/v10"}],
        "paths": {
            "/users/@me": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "me",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": required,
                                        "properties": {"id": {"type": "string"}},
                                    }
                                }
                            },
                        }
                    }
                }
            }
        },
    }


async def fetch_me(emu: Emulator) -> None:
    headers = {"Authorization": f"Bot {emu.token}"}
    async with (
        aiohttp.ClientSession(headers=headers) as http,
        http.get(emu.rest_base + "/users/@me") as resp,
    ):
        assert resp.status == 200


async def test_conforming_response_passes(scenario: Scenario) -> None:
    checker = OpenAPIChecker(OpenAPI.from_dict(tiny_spec(["id", "username"])), allowlist=[])
    async with Emulator(scenario, openapi=checker.session()) as emu:
        await fetch_me(emu)
        emu.openapi.raise_if_errors()
    assert checker.checked == 1


async def test_violation_is_reported(scenario: Scenario) -> None:
    checker = OpenAPIChecker(OpenAPI.from_dict(tiny_spec(["id", "not_sent"])), allowlist=[])
    async with Emulator(scenario, openapi=checker.session()) as emu:
        await fetch_me(emu)
        with pytest.raises(AssertionError, match="not_sent"):
            emu.openapi.raise_if_errors()


async def test_allowlisted_violation_is_ignored(scenario: Scenario) -> None:
    allow = [Allowed("GET /users/@me", "response", "'not_sent' is a required", reason="test")]
    checker = OpenAPIChecker(OpenAPI.from_dict(tiny_spec(["id", "not_sent"])), allowlist=allow)
    async with Emulator(scenario, openapi=checker.session()) as emu:
        await fetch_me(emu)
        emu.openapi.raise_if_errors()
    assert checker.checked == 1
