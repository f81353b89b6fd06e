"""Threads started from a message, as Discord documents them: the thread's id is the message's
(a second is 160004), ``auto_archive_duration`` one of 60/1440/4320/10080, the message then
carries its ``thread``, Create Public Threads needed, messages in it need Send Messages in
Threads, and a thread archives after its duration without activity once the clock moves."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import pytest_asyncio
from test_gateway_types import compile_frames, tsc_or_skip

from emulator import Emulator, running_bot
from emulator import permissions as P


class Client(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default())
        self.updates: asyncio.Queue[discord.Thread] = asyncio.Queue()

    async def on_thread_update(self, before: discord.Thread, after: discord.Thread) -> None:
        await self.updates.put(after)


@pytest_asyncio.fixture
async def client(emulator: Emulator) -> AsyncIterator[Client]:
    bot = Client()
    async with running_bot(emulator, bot):
        yield bot


@pytest_asyncio.fixture
async def http(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(emulator.rest_base + "/", headers=headers) as session:
        yield session


async def call(
    http: aiohttp.ClientSession, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    async with http.request(method, path, json=body) as resp:
        return resp.status, (await resp.json() if resp.status != 204 else None)


async def posted(http: aiohttp.ClientSession, channel_id: int, text: str = "Day 1") -> str:
    status, message = await call(http, "POST", f"channels/{channel_id}/messages", {"content": text})
    assert status == 200
    return str(message["id"])


async def test_one_thread_per_message_with_its_archive_duration(
    emulator: Emulator, client: Client, http: aiohttp.ClientSession
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    channel = client.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("Day 12")
    thread = await message.create_thread(name="Day 12 · Sorting", auto_archive_duration=60)
    assert thread.id == message.id and thread.name == "Day 12 · Sorting"
    assert thread.auto_archive_duration == 60 and not thread.archived
    # the message now shows its thread (GET, and MESSAGE_UPDATE told the bot)
    status, fetched = await call(http, "GET", f"channels/{ch.id}/messages/{message.id}")
    assert status == 200 and fetched["thread"]["id"] == str(message.id)
    assert fetched["thread"]["thread_metadata"]["auto_archive_duration"] == 60
    assert any(
        r.route == "POST /channels/{channel_id}/messages/{message_id}/threads"
        for r in emulator.requests
    )
    # a second thread on the same message: Discord's 160004, nothing created
    with_path = f"channels/{ch.id}/messages/{message.id}/threads"
    status, body = await call(http, "POST", with_path, {"name": "again"})
    assert (status, body["code"]) == (400, 160004)
    assert body["message"] == "A thread has already been created for this message"
    status, got = await call(http, "GET", f"channels/{thread.id}")
    assert status == 200 and got["name"] == "Day 12 · Sorting" and got["type"] == 11


@pytest.mark.openapi_invalid_requests
async def test_bad_names_and_durations_are_50035(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    mid = await posted(http, ch.id)
    path = f"channels/{ch.id}/messages/{mid}/threads"
    status, body = await call(http, "POST", path, {"name": "x" * 101})
    assert (status, body["code"]) == (400, 50035) and "name" in body["errors"]
    status, body = await call(http, "POST", path, {"name": "ok", "auto_archive_duration": 30})
    assert (status, body["code"]) == (400, 50035)
    [error] = body["errors"]["auto_archive_duration"]["_errors"]
    assert error["code"] == "BASE_TYPE_CHOICES"
    status, made = await call(http, "POST", path, {"name": "ok"})  # the default: 3 days
    assert status == 201 and made["thread_metadata"]["auto_archive_duration"] == 4320


async def test_threads_need_create_public_threads(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    mid = await posted(http, ch.id)
    ch.deny(extra=P.CREATE_PUBLIC_THREADS)
    status, body = await call(
        http, "POST", f"channels/{ch.id}/messages/{mid}/threads", {"name": "t"}
    )
    assert (status, body["code"]) == (403, 50013)
    status, fetched = await call(http, "GET", f"channels/{ch.id}/messages/{mid}")
    assert "thread" not in fetched


async def test_archives_after_its_duration_without_activity(
    emulator: Emulator, client: Client, http: aiohttp.ClientSession
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    mid = await posted(http, ch.id)
    path = f"channels/{ch.id}/messages/{mid}/threads"
    status, _ = await call(http, "POST", path, {"name": "Day 1", "auto_archive_duration": 60})
    assert status == 201
    emulator.advance(30 * 60)
    assert (await call(http, "POST", f"channels/{mid}/messages", {"content": "hi"}))[0] == 200
    emulator.advance(45 * 60)  # 45 minutes after the last message: still active
    status, thread = await call(http, "GET", f"channels/{mid}")
    assert thread["thread_metadata"]["archived"] is False and thread["message_count"] == 1
    emulator.advance(16 * 60)  # an hour after the last message: archived, and the bot is told
    updated = await asyncio.wait_for(client.updates.get(), 5)
    assert updated.id == int(mid) and updated.archived
    status, thread = await call(http, "GET", f"channels/{mid}")
    assert thread["thread_metadata"]["archived"] is True
    status, fetched = await call(http, "GET", f"channels/{ch.id}/messages/{mid}")
    assert fetched["thread"]["thread_metadata"]["archived"] is True
    # a message unarchives it (activity)
    assert (await call(http, "POST", f"channels/{mid}/messages", {"content": "back"}))[0] == 200
    status, thread = await call(http, "GET", f"channels/{mid}")
    assert thread["thread_metadata"]["archived"] is False and thread["message_count"] == 2


async def test_posting_in_a_thread_needs_send_messages_in_threads(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    mid = await posted(http, ch.id)
    await call(http, "POST", f"channels/{ch.id}/messages/{mid}/threads", {"name": "t"})
    ch.deny(send=True)  # Send Messages in the parent does not matter in its threads
    assert (await call(http, "POST", f"channels/{mid}/messages", {"content": "a"}))[0] == 200
    ch.deny(extra=P.SEND_MESSAGES_IN_THREADS)
    status, body = await call(http, "POST", f"channels/{mid}/messages", {"content": "b"})
    assert (status, body["code"]) == (403, 50013)


async def test_a_new_session_hears_the_active_threads_apart_from_the_channels(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    ch = emulator.scenario.guilds[0].channel_named("general")
    mid = await posted(http, ch.id)
    await call(http, "POST", f"channels/{ch.id}/messages/{mid}/threads", {"name": "t"})
    bot = Client()
    async with running_bot(emulator, bot):
        [created] = [f for f in emulator.gateway.sent if f["t"] == "GUILD_CREATE"]
        assert [t["id"] for t in created["d"]["threads"]] == [mid]
        assert mid not in [c["id"] for c in created["d"]["channels"]]
        guild = bot.get_guild(emulator.scenario.guilds[0].id)
        assert guild is not None and [t.id for t in guild.threads] == [int(mid)]
    status, listed = await call(http, "GET", f"guilds/{emulator.scenario.guilds[0].id}/channels")
    assert status == 200 and mid not in [c["id"] for c in listed]


async def test_guild_create_with_a_thread_matches_discord_api_types(
    emulator: Emulator, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    """The thread in GUILD_CREATE's ``threads``, and THREAD_CREATE/THREAD_UPDATE, type-checked
    as ``test_gateway_types`` checks every frame."""
    tsc_or_skip()
    ch = emulator.scenario.guilds[0].channel_named("general")
    bot = Client()
    async with running_bot(emulator, bot):
        mid = await posted(http, ch.id)
        path = f"channels/{ch.id}/messages/{mid}/threads"
        await call(http, "POST", path, {"name": "t", "auto_archive_duration": 60})
    async with running_bot(emulator, Client()):  # a new session: the thread in GUILD_CREATE
        pass
    frames = [f for f in emulator.gateway.sent if str(f["t"]).startswith(("GUILD_C", "THREAD"))]
    assert any(f["d"].get("threads") for f in frames if f["t"] == "GUILD_CREATE")
    status, out, _ = await compile_frames(frames, tmp_path)
    assert status == 0, f"tsc found mismatches:\n{out[:6000]}"
