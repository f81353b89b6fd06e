"""Shards as Discord serves them: IDENTIFY with ``[shard_id, num_shards]``, servers routed by
``(guild_id >> 22) % num_shards`` (READY, GUILD_CREATE and every server event only on the owning
shard, direct messages on shard 0), ``GET /gateway/bot``'s shard count and session start
limits, and the real discord.py ``AutoShardedClient`` over it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest

from emulator import Emulator, Scenario, running_bot
from emulator.gateway_shards import shard_of

SHARDS = 2


@pytest.fixture
def scenario() -> Scenario:
    """Six servers, so that both of two shards own some."""
    sc = Scenario()
    for n in range(6):
        guild = sc.guild(f"Server {n}")
        guild.text_channel("general")
        guild.member(f"member{n}")
    assert {shard_of(g.id, SHARDS) for g in sc.guilds} == {0, 1}
    return sc


class RawSession:
    """One gateway session over a bare WebSocket: what it was sent, by event name."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self._arrived = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                self.frames.append(json.loads(msg.data))
                async with self._arrived:
                    self._arrived.notify_all()

    def events(self, name: str) -> list[dict[str, Any]]:
        return [f["d"] for f in self.frames if f.get("t") == name]

    async def wait_for(self, name: str, count: int = 1, timeout: float = 5) -> None:
        async def enough() -> None:
            async with self._arrived:
                await self._arrived.wait_for(lambda: len(self.events(name)) >= count)

        await asyncio.wait_for(enough(), timeout)


@asynccontextmanager
async def identified(emu: Emulator, shard: list[Any] | None) -> AsyncIterator[RawSession]:
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(emu.gateway_url + "?v=10&encoding=json") as ws,
    ):
        hello = await ws.receive_json(timeout=5)
        assert hello["op"] == 10
        identify: dict[str, Any] = {"token": emu.token, "intents": 1, "properties": {}}
        if shard is not None:
            identify["shard"] = shard
        await ws.send_json({"op": 2, "d": identify})
        session = RawSession(ws)
        yield session


def owned(sc: Scenario, shard_id: int) -> set[int]:
    return {g.id for g in sc.guilds if shard_of(g.id, SHARDS) == shard_id}


async def test_each_shard_gets_only_its_servers(emulator: Emulator) -> None:
    sc = emulator.scenario
    for shard_id in range(SHARDS):
        mine = owned(sc, shard_id)
        async with identified(emulator, [shard_id, SHARDS]) as session:
            await session.wait_for("GUILD_CREATE", count=len(mine))
            (ready,) = session.events("READY")
            assert ready["shard"] == [shard_id, SHARDS]
            assert {int(g["id"]) for g in ready["guilds"]} == mine
            assert {int(g["id"]) for g in session.events("GUILD_CREATE")} == mine
    assert emulator.gateway.identified_shards == [(0, SHARDS), (1, SHARDS)]


async def test_an_unsharded_session_gets_every_server(emulator: Emulator) -> None:
    async with identified(emulator, None) as session:
        await session.wait_for("GUILD_CREATE", count=len(emulator.scenario.guilds))
        assert "shard" not in session.events("READY")[0]


@pytest.mark.parametrize("shard", [[2, 2], [-1, 2], [0, 0], [0], ["0", 2], [True, 2]])
async def test_an_invalid_shard_is_closed_with_4010(emulator: Emulator, shard: list[Any]) -> None:
    async with identified(emulator, shard) as session:
        await asyncio.wait_for(session._reader, 5)
        assert session.ws.close_code == 4010
        assert session.events("READY") == []


async def test_server_events_go_to_the_owning_shard_and_dms_to_shard_0(
    emulator: Emulator,
) -> None:
    sc = emulator.scenario
    async with (
        identified(emulator, [0, SHARDS]) as zero,
        identified(emulator, [1, SHARDS]) as one,
    ):
        await zero.wait_for("GUILD_CREATE", count=len(owned(sc, 0)))
        await one.wait_for("GUILD_CREATE", count=len(owned(sc, 1)))
        for guild in sc.guilds:
            await emulator.user_message(guild.members[-1], guild.channel_named("general"), "hi")
        await emulator.dispatch(
            "MESSAGE_CREATE", {"id": "1", "channel_id": "2", "content": "a direct message"}
        )
        await zero.wait_for("MESSAGE_CREATE", count=len(owned(sc, 0)) + 1)
        await one.wait_for("MESSAGE_CREATE", count=len(owned(sc, 1)))
        await asyncio.sleep(0)  # nothing else is on its way: dispatch sends before returning
        assert {int(m["guild_id"]) for m in one.events("MESSAGE_CREATE")} == owned(sc, 1)
        zero_messages = zero.events("MESSAGE_CREATE")
        assert {int(m["guild_id"]) for m in zero_messages if "guild_id" in m} == owned(sc, 0)
        assert [m["content"] for m in zero_messages if "guild_id" not in m] == ["a direct message"]


async def test_gateway_bot_recommends_shards_and_counts_session_starts(
    emulator: Emulator,
) -> None:
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        async with http.get(emulator.rest_base + "/gateway/bot") as response:
            before = await response.json()
        assert before["shards"] == 1  # one per 1,000 servers
        assert before["session_start_limit"]["max_concurrency"] == 1
        async with identified(emulator, [0, 1]) as session:
            await session.wait_for("READY")
        emulator.gateway.recommended_shards = 4
        emulator.gateway.max_concurrency = 16
        async with http.get(emulator.rest_base + "/gateway/bot") as response:
            after = await response.json()
    assert after["shards"] == 4
    assert after["session_start_limit"]["max_concurrency"] == 16
    remaining = before["session_start_limit"]["remaining"]
    assert after["session_start_limit"]["remaining"] == remaining - 1
    assert after["url"] == emulator.gateway_url


async def test_discord_py_auto_sharded_client_sees_each_server_on_its_shard(
    emulator: Emulator,
) -> None:
    emulator.gateway.max_concurrency = SHARDS  # no 5 s wait between the two IDENTIFYs
    client = discord.AutoShardedClient(
        intents=discord.Intents.none() | discord.Intents(guilds=True),
        shard_ids=[0, 1],
        shard_count=SHARDS,
    )

    async def before_identify_hook(shard_id: int | None, *, initial: bool = False) -> None:
        return None  # the emulator's max_concurrency allows both at once

    client.before_identify_hook = before_identify_hook  # type: ignore[method-assign]
    async with running_bot(emulator, client):
        await emulator.wait_connected(timeout=10, count=SHARDS)
        await asyncio.wait_for(client.wait_until_ready(), 15)  # every shard's servers are in
        assert {g.id for g in client.guilds} == {g.id for g in emulator.scenario.guilds}
        for guild in client.guilds:
            assert guild.shard_id == shard_of(guild.id, SHARDS)
    assert sorted(s for s in emulator.gateway.identified_shards if s) == [(0, 2), (1, 2)]
