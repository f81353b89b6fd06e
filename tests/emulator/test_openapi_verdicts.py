"""The checker judges an exchange once: one that passed is not checked again (up to run-time
snowflakes), while a failing one and every response's headers are checked each time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from openapi_core import OpenAPI
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from emulator import Emulator, Scenario
from emulator.openapi import OpenAPIChecker
from tests.emulator.test_openapi_checker import fetch_me, send, send_spec, tiny_spec


def counted(spec: dict[str, Any]) -> tuple[OpenAPI, list[str]]:
    """openapi-core over ``spec``, noting each request it checks."""
    openapi = OpenAPI.from_dict(spec)
    checks: list[str] = []
    validate = openapi.validate_request

    def noting(request: Any) -> None:
        checks.append(request.path)
        validate(request)

    openapi.validate_request = noting  # type: ignore[method-assign]
    return openapi, checks


async def test_a_request_that_passed_is_not_checked_again(scenario: Scenario) -> None:
    openapi, checks = counted(tiny_spec(["id"]))
    checker = OpenAPIChecker(openapi, allowlist=[])
    for _ in range(2):  # a new emulator each time: the next test's
        async with Emulator(scenario, openapi=checker.session()) as emu:
            await fetch_me(emu)
            await fetch_me(emu)
            emu.openapi.raise_if_errors()
    assert checker.checked == 4 and len(checks) == 1


def edit_spec() -> dict[str, Any]:
    """``send_spec`` and ``PATCH /channels/{channel_id}/messages/{message_id}``."""
    spec = send_spec()
    ids = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
        for n in ("channel_id", "message_id")
    ]
    post = spec["paths"]["/channels/{channel_id}/messages"]["post"]
    spec["paths"]["/channels/{channel_id}/messages/{message_id}"] = {
        "parameters": ids,
        "patch": post,
    }
    return spec


async def test_run_time_snowflakes_do_not_make_an_exchange_new(scenario: Scenario) -> None:
    openapi, checks = counted(edit_spec())
    checker = OpenAPIChecker(openapi, allowlist=[])
    async with Emulator(scenario, openapi=checker.session()) as emu:
        channel = emu.scenario.guilds[0].channel_named("general")
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            for _ in range(3):  # three messages, each with its new id
                assert await send(emu, "hi") == 200
                [message] = emu.messages(channel)[-1:]
                url = f"{emu.rest_base}/channels/{channel.id}/messages/{message['id']}"
                async with http.patch(url, json={"content": "ho"}) as edited:
                    assert edited.status == 200
        emu.openapi.raise_if_errors()
    edits = [path for path in checks if path.count("/messages/")]
    assert checker.requests_validated == 6 and len(edits) == 1


async def test_a_failing_request_is_reported_every_time(scenario: Scenario) -> None:
    checker = OpenAPIChecker(OpenAPI.from_dict(send_spec()), allowlist=[])
    async with Emulator(scenario, openapi=checker.session()) as emu:
        for _ in range(2):
            assert await send(emu, "x" * 6) == 200  # the emulator takes it; the schema not
        fields = [(p.kind, p.field) for p in emu.openapi.problems]
    assert fields == [("request", "content"), ("request", "content")]


async def test_headers_are_checked_on_every_response(scenario: Scenario) -> None:
    spec = tiny_spec(["id"])
    ok = spec["paths"]["/users/@me"]["get"]["responses"]["200"]
    ok["headers"] = {"X-RateLimit-Limit": {"schema": {"type": "string", "maxLength": 0}}}
    checker = OpenAPIChecker(OpenAPI.from_dict(spec), allowlist=[])
    async with Emulator(scenario, openapi=checker.session()) as emu:
        await fetch_me(emu)
        await fetch_me(emu)  # the same body, passed already: its headers are checked anew
        kinds = [p.kind for p in emu.openapi.problems]
    assert kinds == ["response", "response"]


def test_a_description_other_than_the_checked_one_is_checked_when_loaded(tmp_path: Path) -> None:
    broken = tiny_spec(["id"])
    del broken["paths"]["/users/@me"]["get"]["responses"]["200"]["description"]  # required
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(OpenAPIValidationError, match="description"):
        OpenAPIChecker.load(path)
