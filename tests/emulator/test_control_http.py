"""The control API over HTTP: every endpoint emulator/README.md documents, its JSON errors, the
event stream, the clock, and who may call it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from emu_bot import EmuBot

from emulator import Emulator

JSON = dict[str, Any]


@pytest_asyncio.fixture
async def http(emulator: Emulator, bot: EmuBot) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(emulator.api_base + "/_control/") as session:
        yield session


async def call(
    http: aiohttp.ClientSession, method: str, path: str, body: Any = None, status: int = 200
) -> Any:
    async with http.request(method, path, json=body) as resp:
        assert resp.status == status, await resp.text()
        assert resp.content_type == "application/json"
        return await resp.json()


def ids(emu: Emulator) -> tuple[str, str, str, str]:
    g = emu.scenario.guilds[0]
    return (
        str(g.id),
        str(g.channel_named("general").id),
        str(g.member_named("alice").id),
        str(g.member_named("bob").id),
    )


async def test_scenario_names_every_guild_channel_and_member_with_language_and_rights(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    world = await call(http, "GET", "scenario")
    guild = world["guilds"][0]
    assert (guild["name"], guild["preferred_locale"]) == ("Study Hall", "en-US")
    assert [c["name"] for c in guild["channels"]] == ["general"]
    members = {m["name"]: m for m in guild["members"]}
    assert members["alice"]["manage_guild"] and members["alice"]["locale"] == "en-US"
    assert not members["bob"]["manage_guild"] and members["bob"]["locale"] == "zh-CN"
    assert members["studybot"]["bot"] and members["owner"]["owner"]
    assert world["bot_user_id"] == str(emulator.bot_user_id)


async def test_status_and_commands_are_what_the_bot_synced(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    status = await call(http, "GET", "status")
    assert status["connected"] and status["syncs"] == 1 and "ping" in status["commands"]
    assert status["heartbeats"] >= 1
    guild_id, *_ = ids(emulator)
    commands = await call(http, "GET", f"commands?guild_id={guild_id}")
    start = next(c for c in commands if c["name"] == "roadmap")["options"][0]
    assert start["name"] == "start"
    assert [o["name"] for o in start["options"]] == ["roadmap", "time", "timezone"]
    assert await call(http, "GET", "commands") == commands  # no guild commands: the global ones
    missing = await call(http, "GET", "commands?guild_id=1", status=404)
    assert missing["error"] == "not_found"
    assert (await call(http, "GET", "commands?guild_id=x", status=400))["error"] == "input"


async def test_a_command_answers_its_reply_and_ephemeral_ones_show_only_to_their_member(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    _, general, alice, bob = ids(emulator)
    body = {"member_id": alice, "channel_id": general, "name": "ping", "options": {"n": 3}}
    reply = await call(http, "POST", "command", body)
    assert reply["content"] == "pong 3" and reply["ephemeral"]
    pong = reply["message"]["id"]
    seen_by = {
        who: [m["id"] for m in await call(http, "GET", f"channels/{general}/messages?viewer={who}")]
        for who in (alice, bob)
    }
    assert seen_by == {alice: [pong], bob: []}
    assert await call(http, "GET", f"channels/{general}/messages") == []


async def test_autocomplete_click_and_a_member_message(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    _, general, alice, _ = ids(emulator)
    body = {
        "member_id": alice,
        "channel_id": general,
        "name": "roadmap start",
        "focused": "timezone",
        "value": "Asia/Ka",
        "options": {"roadmap": "14day"},
    }
    choices = (await call(http, "POST", "autocomplete", body))["choices"]
    assert [c["value"] for c in choices] == ["Asia/Kathmandu", "Asia/Kabul", "Asia/Karachi"]

    board = {"member_id": alice, "channel_id": general, "name": "board", "options": {"day": 4}}
    posted = (await call(http, "POST", "command", board))["message"]
    click = {"member_id": alice, "message_id": posted["id"], "custom_id": "emu:tick:4"}
    assert (await call(http, "POST", "click", click))["content"] == "ticked day 4"
    wrong = {**click, "custom_id": "emu:nothing"}
    assert (await call(http, "POST", "click", wrong, status=400))["error"] == "input"
    picked = {**click, "values": ["a"]}
    assert (await call(http, "POST", "select", picked, status=400))["error"] == "input"

    said = await call(
        http, "POST", "messages", {"member_id": alice, "channel_id": general, "content": "hi"}
    )
    assert said["author"]["id"] == alice and said["content"] == "hi"
    empty = {"member_id": alice, "channel_id": general, "content": ""}
    assert (await call(http, "POST", "messages", empty, status=400))["error"] == "input"
    dms = await call(http, "GET", f"members/{alice}/dms")
    assert dms == {"channel_id": None, "messages": []}


@pytest.mark.openapi_invalid_requests  # the bot's too-long reply, refused with 50035
async def test_errors_are_json_with_what_went_wrong(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    _, general, alice, _ = ids(emulator)
    async with http.post(
        "command", data=b"{nope", headers={"Content-Type": "application/json"}
    ) as r:
        assert r.status == 400 and (await r.json())["error"] == "input"
    missing = await call(http, "POST", "command", {"channel_id": general, "name": "ping"}, 400)
    assert "member_id" in missing["message"]
    unknown = {"member_id": "42", "channel_id": general, "name": "ping"}
    assert (await call(http, "POST", "command", unknown, status=404))["error"] == "not_found"
    bad_option = {"member_id": alice, "channel_id": general, "name": "ping", "options": {"x": 1}}
    assert (await call(http, "POST", "command", bad_option, status=400))["error"] == "input"
    too_long = {"member_id": alice, "channel_id": general, "name": "toolong"}
    rejected = await call(http, "POST", "command", too_long, status=409)
    assert rejected["errors"][0]["code"] == 50035
    never = {"member_id": alice, "channel_id": general, "name": "keep", "timeout": 0.5}
    assert (await call(http, "POST", "command", never, status=504))["error"] == "timeout"
    assert (await call(http, "POST", "wait_connected", {"timeout": 5}))["connected"]


async def test_the_clock_moves_only_forward_and_only_by_sane_steps(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    before = await call(http, "GET", "clock")
    after = await call(http, "POST", "clock/advance", {"seconds": 3600})
    assert 3600 <= after["unix"] - before["unix"] < 3660
    assert after["now"].endswith("+00:00") and not after["moving"]
    for bad in (-5, 0, "soon", True, 10**12):
        result = await call(http, "POST", "clock/advance", {"seconds": bad}, status=400)
        assert result["error"] == "input"
    nothing = await call(http, "POST", "clock/next")
    assert nothing["moved"] is False  # the emulator alone schedules nothing


async def read_events(resp: aiohttp.ClientResponse, until: str) -> list[JSON]:
    """Events up to and including the first of type ``until``."""
    events: list[JSON] = []
    while not events or events[-1]["type"] != until:
        line = (await asyncio.wait_for(resp.content.readline(), 10)).decode()
        if line.startswith("data: "):
            events.append(json.loads(line[6:]))
    return events


async def test_the_event_stream_says_hello_then_every_change_with_its_audience(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    _, general, alice, _ = ids(emulator)
    async with http.get("events") as resp:
        assert resp.content_type == "text/event-stream"
        (hello,) = await read_events(resp, "hello")
        assert hello["status"]["connected"]
        assert hello["notices"] == [] and "unix" in hello["clock"]
        body = {"member_id": alice, "channel_id": general, "name": "ping"}
        await call(http, "POST", "command", body)
        await call(http, "POST", "clock/advance", {"seconds": 60})
        emulator.feed.set_notices([{"level": "error", "title": "t", "lines": ["f.yaml:3: x: y"]}])
        events = await read_events(resp, "notices")
    assert [e["type"] for e in events] == ["message", "clock", "clock", "notices"]
    created, moving, moved, notices = events
    assert (created["op"], created["place"], created["visible_to"]) == (
        "create",
        "ephemeral",
        alice,
    )
    assert created["message"]["content"] == "pong 1"
    assert (moving["moving"], moved["moving"]) == (True, False)
    assert moved["unix"] - moving["unix"] >= 60
    assert notices["notices"][0]["lines"] == ["f.yaml:3: x: y"]
    assert (await call(http, "GET", "notices"))["notices"][0]["title"] == "t"


async def test_a_channel_message_event_is_for_everyone(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    _, general, alice, _ = ids(emulator)
    async with http.get("events") as resp:
        await read_events(resp, "hello")
        body = {"member_id": alice, "channel_id": general, "name": "board"}
        await call(http, "POST", "command", body)
        (event,) = await read_events(resp, "message")
    assert (event["place"], event["visible_to"]) == ("channel", None)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 200),
        ({"Origin": "http://127.0.0.1:{port}"}, 200),
        ({"Origin": "https://evil.example"}, 403),
        ({"Host": "evil.example:{port}"}, 403),
    ],
)
async def test_only_pages_from_this_server_may_drive_it(
    emulator: Emulator, headers: dict[str, str], status: int
) -> None:
    sent = {k: v.format(port=emulator.port) for k, v in headers.items()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(emulator.api_base + "/_control/clock/next", headers=sent) as resp,
    ):
        assert resp.status == status
        if status == 403:
            assert (await resp.json())["error"] == "forbidden"


async def test_the_page_and_its_files_are_served_without_outside_sources(
    emulator: Emulator,
) -> None:
    async with aiohttp.ClientSession(emulator.api_base) as session:
        async with session.get("/") as resp:
            assert resp.status == 200 and resp.content_type == "text/html"
            assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
            page = await resp.text()
        assert '<script type="module" src="/static/app.js">' in page
        for name in ("app.js", "api.js", "commands.js", "format.js", "markdown.js", "style.css"):
            async with session.get(f"/static/{name}") as resp:
                assert resp.status == 200, name
                assert "http://" not in (await resp.text()).replace("http://127.0.0.1", "")
        async with session.get("/static/../control/web.py") as resp:
            assert resp.status in (403, 404)
