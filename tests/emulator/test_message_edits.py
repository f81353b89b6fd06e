"""Editing a message (``PATCH /channels/{channel_id}/messages/{message_id}``) as Discord does:
its own bucket per channel (5 edits per 5 s, apart from sending), the global limit, 10008 for
a deleted message, 50005 for another user's, and the buttons kept when only embeds change."""

from __future__ import annotations

from typing import Any

import aiohttp

from emulator import Emulator, Scenario
from emulator.ratelimit import DISCORD_ROUTES

EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
BUTTONS = [
    {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": "Tick", "custom_id": "studybot:x"}],
    }
]


async def send(http: aiohttp.ClientSession, emu: Emulator, channel_id: int) -> dict[str, Any]:
    body = {"embeds": [{"title": "Day 1", "description": "tasks"}], "components": BUTTONS}
    async with http.post(f"{emu.rest_base}/channels/{channel_id}/messages", json=body) as resp:
        assert resp.status == 200
        sent: dict[str, Any] = await resp.json()
        return sent


async def edit(
    http: aiohttp.ClientSession, emu: Emulator, message: dict[str, Any], text: str
) -> tuple[int, dict[str, Any]]:
    url = f"{emu.rest_base}/channels/{message['channel_id']}/messages/{message['id']}"
    body = {"embeds": [{"title": "Day 1", "description": text}]}
    async with http.patch(url, json=body) as resp:
        return resp.status, await resp.json()


async def test_edits_have_their_own_bucket_per_channel(scenario: Scenario) -> None:
    guild = scenario.guilds[0]
    general, second = guild.channel_named("general"), guild.text_channel("second")
    async with Emulator(scenario) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            here = [await send(http, emu, general.id) for _ in range(2)]
            there = await send(http, emu, second.id)
            statuses = [(await edit(http, emu, here[i % 2], f"v{i}"))[0] for i in range(6)]
            assert statuses == [200] * 5 + [429]  # 5 per 5 s, whichever message of the channel
            assert (await edit(http, emu, there, "other channel"))[0] == 200
            (limited,) = emu.rate_limited
            assert limited.route == EDIT
            assert limited.headers["X-RateLimit-Scope"] == "user"
            assert limited.headers["X-RateLimit-Limit"] == "5"
            emu.advance(5.0)
            status, body = await edit(http, emu, here[0], "after the window")
            assert status == 200 and body["embeds"][0]["description"] == "after the window"
    assert DISCORD_ROUTES[EDIT].limit == 5 and DISCORD_ROUTES[EDIT].per == 5.0


async def test_editing_embeds_keeps_the_buttons(scenario: Scenario) -> None:
    general = scenario.guilds[0].channel_named("general")
    async with Emulator(scenario) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            sent = await send(http, emu, general.id)
            status, body = await edit(http, emu, sent, "✅ 7/12")
            assert status == 200
            assert body["edited_timestamp"] is not None
            assert body["components"] == sent["components"]
            [stored] = [m for m in emu.messages(general) if m["id"] == sent["id"]]
            assert stored["embeds"][0]["description"] == "✅ 7/12"


async def test_a_deleted_message_is_10008_and_anothers_is_50005(scenario: Scenario) -> None:
    guild = scenario.guilds[0]
    general, alice = guild.channel_named("general"), guild.member_named("alice")
    async with Emulator(scenario) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            sent = await send(http, emu, general.id)
            await emu.message_store.delete(emu.message_store.get(int(sent["id"])))
            status, body = await edit(http, emu, sent, "gone")
            assert (status, body["code"]) == (404, 10008)
            theirs = await emu.user_message(alice, general, "hello")
            status, body = await edit(http, emu, theirs, "not yours")
            assert (status, body["code"]) == (403, 50005)
            assert not emu.rate_limited
