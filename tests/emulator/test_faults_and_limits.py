"""Fault injection and rate limits: 429 and 5xx retried without doubling, held and dropped
requests, per-route buckets and the global limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
import pytest_asyncio

from emulator import Emulator, RateLimiter, Scenario, running_bot

SEND = "POST /channels/{channel_id}/messages"


@pytest_asyncio.fixture
async def client(emulator: Emulator) -> AsyncIterator[discord.Client]:
    c = discord.Client(intents=discord.Intents.default())
    async with running_bot(emulator, c):
        yield c


def general(emu: Emulator) -> discord.TextChannel:
    return emu.scenario.guilds[0].channel_named("general")  # type: ignore[return-value]


async def send(client: discord.Client, channel_id: int, content: str) -> discord.Message:
    channel = client.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return await channel.send(content)


def statuses(emu: Emulator, route: str) -> list[int]:
    return [r.status for r in emu.requests if r.route == route]


async def test_429_is_retried_without_doubling(emulator: Emulator, client: discord.Client) -> None:
    ch = general(emulator)
    emulator.faults.fail(SEND, status=429, times=2, retry_after=0.05)
    msg = await send(client, ch.id, "only once")
    assert statuses(emulator, SEND) == [429, 429, 200]
    assert [m["content"] for m in emulator.messages(ch)] == ["only once"]
    assert str(msg.id) == emulator.messages(ch)[0]["id"]
    limited = next(r for r in emulator.requests if r.status == 429)
    assert limited.headers["Via"] and limited.headers["X-RateLimit-Scope"] == "user"
    assert limited.headers["Retry-After"] == "1"
    assert limited.response == {
        "message": "You are being rate limited.",
        "retry_after": 0.05,
        "global": False,
        "code": 0,
    }


async def test_502_is_retried_without_doubling(emulator: Emulator, client: discord.Client) -> None:
    ch = general(emulator)
    emulator.faults.fail(SEND, status=502, times=1)
    await send(client, ch.id, "after a bad gateway")  # discord.py waits 1 s, then retries
    assert statuses(emulator, SEND) == [502, 200]
    assert len(emulator.messages(ch)) == 1


async def test_persistent_5xx_surfaces_as_server_error(
    emulator: Emulator, client: discord.Client
) -> None:
    emulator.faults.fail("GET /channels/{}", status=503, times=1)
    with pytest.raises(discord.DiscordServerError):
        await client.fetch_channel(general(emulator).id)


async def test_hold_and_release(emulator: Emulator, client: discord.Client) -> None:
    ch = general(emulator)
    hold = emulator.faults.hold(SEND)
    task = asyncio.create_task(send(client, ch.id, "held"))
    await asyncio.wait_for(hold.arrived.wait(), 5)
    assert hold.request is not None and hold.request["json"]["content"] == "held"
    assert emulator.messages(ch) == []  # not handled while held
    hold.release()
    msg = await asyncio.wait_for(task, 5)
    assert msg.content == "held" and len(emulator.messages(ch)) == 1


async def test_dropped_reply_then_nonce_retry_does_not_double(
    emulator: Emulator, client: discord.Client
) -> None:
    ch = general(emulator)
    hold = emulator.faults.hold(SEND)
    params = discord.http.handle_message_parameters(content="exactly once", nonce=42)
    task = asyncio.create_task(client.http.send_message(ch.id, params=params))
    await asyncio.wait_for(hold.arrived.wait(), 5)
    hold.release(drop=True)
    with pytest.raises((aiohttp.ClientError, OSError)):
        await asyncio.wait_for(task, 5)
    assert len(emulator.messages(ch)) == 1  # Discord created it; the client never saw the reply
    again = await client.http.send_message(ch.id, params=params)  # the same nonce again
    assert again["id"] == emulator.messages(ch)[0]["id"]
    assert len(emulator.messages(ch)) == 1


async def test_route_buckets_are_respected_by_the_client(scenario: Scenario) -> None:
    limits = RateLimiter()
    limits.set(SEND, limit=2, per=0.3)
    async with Emulator(scenario, rate_limits=limits) as emu:
        client = discord.Client(intents=discord.Intents.default())
        async with running_bot(emu, client):
            ch = general(emu)
            for i in range(5):
                await send(client, ch.id, f"m{i}")
            sent = [r for r in emu.requests if r.route == SEND]
            # discord.py reads X-RateLimit-* and waits instead of hitting 429
            assert [r.status for r in sent] == [200] * 5
            assert sent[0].headers["X-RateLimit-Limit"] == "2"
            assert sent[0].headers["X-RateLimit-Remaining"] == "1"
            assert sent[1].headers["X-RateLimit-Remaining"] == "0"
            assert float(sent[1].headers["X-RateLimit-Reset-After"]) <= 0.3
            assert sent[0].headers["X-RateLimit-Bucket"] == sent[4].headers["X-RateLimit-Bucket"]
            assert "X-RateLimit-Reset" in sent[0].headers
            assert len(emu.messages(ch)) == 5


async def test_bucket_overflow_and_global_limit_answer_429(scenario: Scenario) -> None:
    limits = RateLimiter(global_limit=5, global_per=10.0)
    limits.set("GET /users/@me", limit=2, per=10.0)
    async with Emulator(scenario, rate_limits=limits) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            seen = []
            for _ in range(3):
                async with http.get(emu.rest_base + "/users/@me") as resp:
                    seen.append((resp.status, dict(resp.headers), await resp.json()))
            assert [s for s, _, _ in seen] == [200, 200, 429]
            status, h, body = seen[2]
            assert h["X-RateLimit-Scope"] == "user" and "Via" in h and "Retry-After" in h
            assert body["global"] is False and body["retry_after"] > 0
            for _ in range(3):
                async with http.get(emu.rest_base + "/gateway") as resp:
                    last = (resp.status, dict(resp.headers), await resp.json())
            status, h, body = last
            assert status == 429
            assert body["global"] is True
            assert h["X-RateLimit-Global"] == "true" and h["X-RateLimit-Scope"] == "global"
            assert h["Via"] and int(h["Retry-After"]) >= 1


async def test_interaction_callbacks_are_exempt_from_the_global_limit(scenario: Scenario) -> None:
    limits = RateLimiter(global_limit=3, global_per=30.0)
    async with Emulator(scenario, rate_limits=limits) as emu:
        client = discord.Client(intents=discord.Intents.default())
        tree = discord.app_commands.CommandTree(client)

        @tree.command(description="hi")
        async def hi(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("hello")
            await interaction.followup.send("and again")

        async with running_bot(emu, client):
            await tree.sync()  # with the two login calls: the global budget is spent
            g = scenario.guilds[0]
            handle = await emu.command(
                g.member_named("alice"), g.channel_named("general"), "hi", wait=False
            )
            await emu.wait_until(lambda: len(handle.followup_ids) == 1, 5, "the followup")
            assert not handle.errors
            headers = {"Authorization": f"Bot {emu.token}"}
            async with (
                aiohttp.ClientSession(headers=headers) as http,
                http.get(emu.rest_base + "/gateway") as resp,
            ):
                assert resp.status == 429 and (await resp.json())["global"] is True
