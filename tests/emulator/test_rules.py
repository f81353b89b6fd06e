"""Discord's rules, with Discord's codes: 50035, 10062, 40060, 50027, 50001/50013, nonces."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
import pytest_asyncio
from emu_bot import EmuBot

from emulator import Emulator, InteractionFailed, Scenario

CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"


def where(sc: Scenario) -> tuple:  # type: ignore[type-arg]
    g = sc.guilds[0]
    return g.channel_named("general"), g.member_named("alice")


@pytest_asyncio.fixture
async def http(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(emulator.rest_base + "/", headers=headers) as session:
        yield session


async def post_message(
    http: aiohttp.ClientSession, channel_id: int, body: dict[str, Any]
) -> tuple[int, Any, aiohttp.typedefs.LooseHeaders]:
    async with http.post(f"channels/{channel_id}/messages", json=body) as resp:
        assert resp.headers["Content-Type"] == "application/json"
        return resp.status, await resp.json(), resp.headers


def button(custom_id: str, label: str = "ok") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(items)}


TOO_BIG: list[tuple[str, dict[str, Any], list[str | int]]] = [
    ("content", {"content": "x" * 2001}, ["content"]),
    ("embed title", {"embeds": [{"title": "t" * 257}]}, ["embeds", "0", "title"]),
    (
        "embed description",
        {"embeds": [{"description": "d" * 4097}]},
        ["embeds", "0", "description"],
    ),
    (
        "field name",
        {"embeds": [{"fields": [{"name": "n" * 257, "value": "v"}]}]},
        ["embeds", "0", "fields", "0", "name"],
    ),
    (
        "field value",
        {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
        ["embeds", "0", "fields", "0", "value"],
    ),
    ("footer", {"embeds": [{"footer": {"text": "f" * 2049}}]}, ["embeds", "0", "footer", "text"]),
    ("author", {"embeds": [{"author": {"name": "a" * 257}}]}, ["embeds", "0", "author", "name"]),
    (
        "26 fields",
        {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
        ["embeds", "0", "fields"],
    ),
    (
        "6000 in total",
        {"embeds": [{"title": "t" * 200, "description": "d" * 4000}, {"description": "d" * 1900}]},
        ["embeds"],
    ),
    ("6 rows", {"components": [row(button(f"b{i}")) for i in range(6)]}, ["components"]),
    (
        "6 buttons in a row",
        {"components": [row(*[button(f"b{i}") for i in range(6)])]},
        ["components", "0", "components"],
    ),
    (
        "label over 80",
        {"components": [row(button("b", "l" * 81))]},
        ["components", "0", "components", "0", "label"],
    ),
    (
        "custom_id over 100",
        {"components": [row(button("c" * 101))]},
        ["components", "0", "components", "0", "custom_id"],
    ),
    (
        "duplicate custom_id",
        {"components": [row(button("same")), row(button("same"))]},
        ["components", "1", "components", "0", "custom_id"],
    ),
]


@pytest.mark.openapi_invalid_requests
@pytest.mark.parametrize(("case", "body", "path"), TOO_BIG, ids=[c[0] for c in TOO_BIG])
async def test_invalid_form_body(
    emulator: Emulator,
    http: aiohttp.ClientSession,
    case: str,
    body: dict[str, Any],
    path: list[str],
) -> None:
    ch, _ = where(emulator.scenario)
    status, data, _ = await post_message(http, ch.id, {"content": "hi", **body})
    assert status == 400
    assert data["code"] == 50035 and data["message"] == "Invalid Form Body"
    node = data["errors"]
    for key in path:
        node = node[key]
    assert node["_errors"][0]["code"]
    assert emulator.messages(ch) == []


async def test_limits_themselves_are_allowed(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    ch, _ = where(emulator.scenario)
    body = {
        "content": "x" * 2000,
        "embeds": [{"title": "t" * 256, "fields": [{"name": "n", "value": "v"}] * 25}],
        "components": [row(*[button(f"b{r}{i}", "l" * 80) for i in range(5)]) for r in range(5)],
    }
    status, data, _ = await post_message(http, ch.id, body)
    assert status == 200, data
    assert len(emulator.messages(ch)) == 1


async def test_empty_message_is_50006(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    ch, _ = where(emulator.scenario)
    status, data, _ = await post_message(http, ch.id, {"content": ""})
    assert (status, data["code"]) == (400, 50006)


@pytest.mark.openapi_invalid_requests
async def test_bot_gets_50035_on_its_interaction_reply(emulator: Emulator, bot: EmuBot) -> None:
    ch, alice = where(emulator.scenario)
    handle = await emulator.command(alice, ch, "toolong", wait=False)
    error = await handle.wait_error(5)
    assert error["code"] == 50035
    assert "content" in error["errors"]["data"]
    await asyncio.wait_for(bot.error_seen.wait(), 5)
    assert isinstance(bot.errors[0], discord.HTTPException) and bot.errors[0].code == 50035


@pytest.mark.openapi_invalid_requests
async def test_more_than_25_choices_is_50035(emulator: Emulator, bot: EmuBot) -> None:
    ch, alice = where(emulator.scenario)
    with pytest.raises(InteractionFailed) as failed:
        await emulator.autocomplete(alice, ch, "many", focused="pick", value="")
    assert failed.value.errors[0]["code"] == 50035
    assert "choices" in failed.value.errors[0]["errors"]["data"]


async def test_late_first_callback_is_10062(emulator: Emulator, bot: EmuBot) -> None:
    ch, alice = where(emulator.scenario)
    hold = emulator.faults.hold(CALLBACK)
    handle = await emulator.command(alice, ch, "ping", wait=False)
    await asyncio.wait_for(hold.arrived.wait(), 5)
    emulator.advance(3.5)  # the bot took longer than 3 s to answer
    hold.release()
    error = await handle.wait_error(5)
    assert error["code"] == 10062 and error["status"] == 404
    await asyncio.wait_for(bot.error_seen.wait(), 5)
    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062


async def test_second_acknowledgement_is_40060(emulator: Emulator, bot: EmuBot) -> None:
    ch, alice = where(emulator.scenario)
    handle = await emulator.command(alice, ch, "twice", wait=False)
    reply = await handle.wait_reply(5)
    assert reply.content == "first"
    error = await handle.wait_error(5)
    assert error["code"] == 40060 and error["status"] == 400
    assert [m["content"] for m in emulator.messages(ch)] == ["first"]


async def test_followup_on_expired_token_is_50027(emulator: Emulator, bot: EmuBot) -> None:
    ch, alice = where(emulator.scenario)
    handle = await emulator.command(alice, ch, "keep", wait=False)
    await handle.wait_ack(5)
    await asyncio.wait_for(bot.kept_seen.wait(), 5)
    interaction = bot.kept[0]
    await interaction.followup.send("in time")
    emulator.advance(15 * 60 + 1)
    with pytest.raises(discord.HTTPException) as late:
        await interaction.followup.send("too late")
    assert late.value.code == 50027 and late.value.status == 401


async def test_channel_overwrites_give_50001_and_50013(scenario: Scenario) -> None:
    g = scenario.guilds[0]
    hidden = g.text_channel("hidden").deny(view=True)
    readonly = g.text_channel("readonly").deny(send=True)
    noembed = g.text_channel("noembed").deny(embed=True)
    async with Emulator(scenario) as emu:
        client = discord.Client(intents=discord.Intents.default())
        from emulator import running_bot

        async with running_bot(emu, client):
            with pytest.raises(discord.Forbidden) as no_access:
                await client.http.send_message(hidden.id, params=text("x"))
            assert no_access.value.code == 50001
            with pytest.raises(discord.Forbidden) as no_send:
                await client.http.send_message(readonly.id, params=text("x"))
            assert no_send.value.code == 50013
            with pytest.raises(discord.Forbidden) as no_embed:
                await client.http.send_message(
                    noembed.id, params=text("x", embed=discord.Embed(title="e"))
                )
            assert no_embed.value.code == 50013
            await client.http.send_message(noembed.id, params=text("plain text is fine"))
            assert [m["content"] for m in emu.messages(noembed)] == ["plain text is fine"]
            perms = client.get_channel(readonly.id).permissions_for(  # type: ignore[union-attr]
                client.get_guild(g.id).me  # type: ignore[union-attr]
            )
            assert perms.view_channel and not perms.send_messages


def text(content: str, **kwargs: Any) -> Any:
    return discord.http.handle_message_parameters(content=content, **kwargs)


async def test_nonce_deduplication(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    ch, _ = where(emulator.scenario)
    body = {"content": "once", "nonce": "1234", "enforce_nonce": True}
    _, first, _ = await post_message(http, ch.id, body)
    _, again, _ = await post_message(http, ch.id, body)
    assert again["id"] == first["id"]
    assert len(emulator.messages(ch)) == 1
    _, unenforced, _ = await post_message(http, ch.id, {**body, "enforce_nonce": False})
    assert unenforced["id"] != first["id"]
    emulator.advance(emulator.nonce_window + 1)
    _, later, _ = await post_message(http, ch.id, body)
    assert later["id"] != first["id"]
    assert len(emulator.messages(ch)) == 3


async def test_unauthorized_and_unknown(emulator: Emulator) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(emulator.rest_base + "/users/@me") as resp:
            assert resp.status == 401
            assert resp.headers["Content-Type"] == "application/json"
        headers = {"Authorization": f"Bot {emulator.token}"}
        async with session.get(
            emulator.rest_base + "/channels/1/messages/2", headers=headers
        ) as resp:
            assert resp.status == 404 and (await resp.json())["code"] == 10003


async def test_malformed_body_is_400_not_a_crash(scenario: Scenario) -> None:
    async with Emulator(scenario) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        url = f"{emu.rest_base}/applications/{emu.application_id}/commands"
        async with (
            aiohttp.ClientSession(headers=headers) as http,
            http.put(url, json=[1, 2]) as resp,
        ):
            assert resp.status == 400 and (await resp.json())["code"] == 50035
        assert len(emu.internal_errors) == 1
