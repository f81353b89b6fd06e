"""Gateway: op 7, op 9, closes, dropped sockets and missing heartbeat ACKs end in a resume."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import discord
import pytest
from emu_bot import EmuBot

from emulator import Emulator, Scenario, running_bot


def where(sc: Scenario) -> tuple:  # type: ignore[type-arg]
    g = sc.guilds[0]
    return g.channel_named("general"), g.member_named("alice")


async def answer_after(emu: Emulator) -> None:
    ch, alice = where(emu.scenario)
    reply = await emu.command(alice, ch, "ping", n=7)
    assert reply.content == "pong 7"


async def test_op7_reconnect_resumes_at_resume_url(emulator: Emulator, bot: EmuBot) -> None:
    await emulator.gateway_reconnect_op7()
    await emulator.wait_resumed(timeout=5)
    assert emulator.gateway.identify_count == 1
    assert emulator.gateway.connect_urls[-1].startswith("/resume?")
    await answer_after(emulator)


async def test_events_missed_while_away_are_replayed(emulator: Emulator, bot: EmuBot) -> None:
    ch, alice = where(emulator.scenario)
    handle = await emulator.command(alice, ch, "ping", n=1, wait=False)
    await emulator.gateway_close(4000)
    # dispatched while the bot is disconnected: only a RESUME replay can deliver it
    missed = await emulator.command(alice, ch, "ping", n=2, wait=False)
    await emulator.wait_resumed(timeout=5)
    assert (await handle.wait_reply(5)).content == "pong 1"
    assert (await missed.wait_reply(5)).content == "pong 2"


async def test_close_codes_and_dropped_socket_resume(emulator: Emulator, bot: EmuBot) -> None:
    await emulator.gateway_close(code=4000)
    await emulator.wait_resumed(timeout=5, count=1)
    await emulator.gateway_drop()
    await emulator.wait_resumed(timeout=5, count=2)
    assert emulator.gateway.identify_count == 1
    await answer_after(emulator)


async def test_op9_resumable_resumes(emulator: Emulator, bot: EmuBot) -> None:
    await emulator.gateway_invalid_session(resumable=True)
    await emulator.wait_resumed(timeout=5)
    assert emulator.gateway.identify_count == 1
    await answer_after(emulator)


async def test_op9_not_resumable_identifies_again(emulator: Emulator, bot: EmuBot) -> None:
    await emulator.gateway_invalid_session(resumable=False)
    # discord.py waits 5 s before a fresh IDENTIFY (before_identify_hook)
    await emulator.wait_connected(timeout=10, count=2)
    assert emulator.gateway.identify_count == 2
    assert emulator.gateway.resume_count == 0
    await answer_after(emulator)


async def test_missing_heartbeat_acks_make_the_client_reconnect(
    scenario: Scenario, bot_factory: Callable[..., EmuBot]
) -> None:
    async with Emulator(scenario, heartbeat_interval_ms=100) as emu:
        client = bot_factory(heartbeat_timeout=0.5)
        async with running_bot(emu, client):
            assert emu.gateway.heartbeats >= 1 or await emu.wait_until(
                lambda: emu.gateway.heartbeats >= 1, 5, "a heartbeat"
            )
            emu.stop_heartbeat_acks()
            await emu.wait_resumed(timeout=5)
            emu.resume_heartbeat_acks()
            await answer_after(emu)


async def test_fatal_close_code_stops_the_client(scenario: Scenario) -> None:
    async with Emulator(scenario) as emu:
        emu.patch_discord()
        client = discord.Client(intents=discord.Intents.default())
        task = asyncio.create_task(client.start(emu.token))
        await emu.wait_connected(timeout=5)
        await emu.gateway_close(code=4004)
        with pytest.raises(discord.ConnectionClosed) as closed:
            await asyncio.wait_for(task, 5)
        assert closed.value.code == 4004
        assert client.is_closed()
        assert emu.gateway.resume_count == 0


async def test_request_guild_members_chunk(scenario: Scenario) -> None:
    intents = discord.Intents.default()
    intents.members = True
    async with Emulator(scenario) as emu:
        client = discord.Client(intents=intents, chunk_guilds_at_startup=False)
        async with running_bot(emu, client):
            guild = client.get_guild(scenario.guilds[0].id)
            assert guild is not None
            members = await guild.query_members("ali", limit=5)
            assert [m.name for m in members] == ["alice"]
            assert any(f.get("op") == 8 for f in emu.gateway.received)


async def test_zlib_stream_compression(scenario: Scenario) -> None:
    async with Emulator(scenario, gateway_compress=True) as emu:
        client = EmuBot()
        async with running_bot(emu, client, wait_sync=True):
            assert "compress=zlib-stream" in emu.gateway.connect_urls[0]
            await answer_after(emu)


async def test_gateway_send_rate_limit_closes_4008(scenario: Scenario) -> None:
    async with (
        Emulator(scenario) as emu,
        aiohttp.ClientSession() as http,
        http.ws_connect(emu.gateway_url + "?v=10&encoding=json") as ws,
    ):
        hello = await ws.receive_json(timeout=5)
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 41250
        for _ in range(121):
            await ws.send_json({"op": 1, "d": None})
        while (msg := await ws.receive(timeout=5)).type == aiohttp.WSMsgType.TEXT:
            assert msg.json()["op"] == 11
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4008


async def test_a_heartbeat_is_acked_a_round_trip_later(scenario: Scenario) -> None:
    async with (
        Emulator(scenario) as emu,
        aiohttp.ClientSession() as http,
        http.ws_connect(emu.gateway_url + "?v=10&encoding=json") as ws,
    ):
        await ws.receive_json(timeout=5)  # HELLO
        loop = asyncio.get_running_loop()
        sent = loop.time()
        await ws.send_json({"op": 1, "d": None})
        assert (await ws.receive_json(timeout=5))["op"] == 11
        assert loop.time() - sent >= emu.gateway.heartbeat_ack_delay > 0


async def test_identify_with_a_bad_token_closes_4004(scenario: Scenario) -> None:
    async with (
        Emulator(scenario) as emu,
        aiohttp.ClientSession() as http,
        http.ws_connect(emu.gateway_url) as ws,
    ):
        await ws.receive_json(timeout=5)
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0, "properties": {}}})
        msg = await ws.receive(timeout=5)
        assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4004


async def test_heartbeat_acks_come_a_round_trip_later_so_latency_is_true(
    scenario: Scenario, bot_factory: Callable[..., EmuBot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py notes a heartbeat's send time only after the send finished; an ACK arriving
    before that made it measure from the previous heartbeat (a whole interval: "Can't keep up,
    websocket is 41s behind" at Discord's interval). The ACK's round trip keeps it true."""
    latencies: list[float] = []
    measure = discord.gateway.KeepAliveHandler.ack

    def ack(handler: discord.gateway.KeepAliveHandler) -> None:
        measure(handler)
        latencies.append(handler.latency)

    monkeypatch.setattr(discord.gateway.KeepAliveHandler, "ack", ack)
    async with Emulator(scenario, heartbeat_interval_ms=500) as emu:
        client = bot_factory()
        async with running_bot(emu, client):
            await emu.wait_until(lambda: len(latencies) >= 8, 15, "eight heartbeat ACKs")
    assert max(latencies) < 0.25  # half an interval; an ACK that beat the note measured one
    assert min(latencies) >= emu.gateway.heartbeat_ack_delay
