"""The OpenAPI checker reports what breaks a spec and honours the allowlist (on a tiny spec,
so this runs without loading Discord's full description)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest
from openapi_core import OpenAPI

from emulator import Emulator, Scenario
from emulator.openapi import OpenAPIChecker
from emulator.openapi_allowlist import Allowed
from emulator.pytest_plugin import RunRecord, whole_suites_ran


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
    allow = [Allowed("GET /users/@me", "response", "not_sent", "required", "test", "test")]
    checker = OpenAPIChecker(OpenAPI.from_dict(tiny_spec(["id", "not_sent"])), allowlist=allow)
    async with Emulator(scenario, openapi=checker.session()) as emu:
        await fetch_me(emu)
        emu.openapi.raise_if_errors()
    assert checker.checked == 1


def send_spec() -> dict[str, Any]:
    """``POST /channels/{channel_id}/messages``: content at most 5 characters, and Discord's
    error schema (integer codes) for 4xx answers."""
    error = {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
    }
    details: dict[str, Any] = {
        "oneOf": [
            {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Details"}},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["_errors"],
                "properties": {"_errors": {"type": "array", "items": error}},
            },
        ]
    }
    body = {"type": "object", "properties": {"errors": {"$ref": "#/components/schemas/Details"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "tiny", "version": "1"},
        "servers": [{"url": "https://discord.com/api/v10"}],
        "components": {"schemas": {"Details": details}},
        "paths": {
            "/channels/{channel_id}/messages": {
                "parameters": [
                    {"name": "channel_id", "in": "path", "required": True, "schema": {}}
                ],
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"content": {"type": "string", "maxLength": 5}},
                                }
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "sent",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "4XX": {
                            "description": "refused",
                            "content": {"application/json": {"schema": {"allOf": [error, body]}}},
                        },
                    },
                },
            }
        },
    }


async def send(emu: Emulator, content: str) -> int:
    headers = {"Authorization": f"Bot {emu.token}"}
    channel = emu.scenario.guilds[0].channel_named("general")
    url = f"{emu.rest_base}/channels/{channel.id}/messages"
    async with (
        aiohttp.ClientSession(headers=headers) as http,
        http.post(url, json={"content": content}) as resp,
    ):
        return resp.status


async def test_a_refused_request_is_validated_too(scenario: Scenario) -> None:
    checker = OpenAPIChecker(OpenAPI.from_dict(send_spec()), allowlist=[])
    async with Emulator(scenario, openapi=checker.session()) as emu:
        assert await send(emu, "x" * 2001) == 400  # refused by the emulator, and too long
        kinds = {(p.kind, p.field, p.keyword) for p in emu.openapi.problems}
        assert ("request", "content", "maxLength") in kinds
        # Discord's string codes in the 50035 body, named by the field the spec gets wrong
        assert ("response", "errors{}._errors[].code", "type") in kinds
    assert (checker.requests_validated, checker.responses_validated) == (1, 1)


async def test_tests_may_expect_refused_requests_but_not_accepted_ones(
    scenario: Scenario,
) -> None:
    checker = OpenAPIChecker(OpenAPI.from_dict(send_spec()), allowlist=[])
    session = checker.session()
    session.refused_requests_expected = True
    async with Emulator(scenario, openapi=session) as emu:
        assert await send(emu, "x" * 2001) == 400
        assert all(p.kind == "response" for p in session.problems)
        assert await send(emu, "x" * 6) == 200  # accepted, yet the schema says too long
        assert [(p.kind, p.status, p.field) for p in session.problems][-1:] == [
            ("request", 200, "content")
        ]


async def test_allowlist_hits_are_counted_and_unused_entries_are_stale(
    scenario: Scenario,
) -> None:
    codes = Allowed(
        "POST /channels/{channel_id}/messages",
        "response",
        "errors{}._errors[].code",
        "type",
        "test",
        "test",
    )
    unused = Allowed("GET /users/@me", "response", "id", "type", "test", "test")
    checker = OpenAPIChecker(OpenAPI.from_dict(send_spec()), allowlist=[codes, unused])
    session = checker.session()
    session.refused_requests_expected = True
    async with Emulator(scenario, openapi=session) as emu:
        await send(emu, "x" * 2001)
        await send(emu, "x" * 2001)
        emu.openapi.raise_if_errors()
    assert checker.hits[codes] == 2
    assert checker.stale() == [unused]


def test_allowlist_entries_are_exact() -> None:
    with pytest.raises(ValueError, match="exact"):
        Allowed("*", "response", "errors", "type", "test", "test")
    with pytest.raises(ValueError, match="exact"):
        Allowed("GET /users/@me", "response", "errors.*", "type", "test", "test")
    with pytest.raises(ValueError, match="exact"):
        Allowed("GET /users/@me", "both", "id", "type", "test", "test")


def test_the_whole_suites_are_needed_to_judge_staleness(tmp_path: Path) -> None:
    suite = tmp_path / "suite"
    (suite / "deep").mkdir(parents=True)
    files = {suite / "test_a.py", suite / "deep" / "test_b.py"}
    for f in files:
        f.write_text("")
    (suite / "helper.py").write_text("")
    everything = RunRecord()
    everything.files = {f.resolve() for f in files}
    assert whole_suites_ran([suite], everything, 0) == (True, "")
    assert not whole_suites_ran([suite], everything, 1)[0]  # a failure: nothing to judge
    assert not whole_suites_ran([], everything, 0)[0]
    part = RunRecord()
    part.files = {(suite / "test_a.py").resolve()}
    assert whole_suites_ran([suite], part, 0) == (False, "1 test file(s) of those suites not run")
    deselected = RunRecord()
    deselected.files, deselected.deselected = everything.files, 3
    assert not whole_suites_ran([suite], deselected, 0)[0]
