"""Every payload factory, fed through discord.py's real ConnectionState parsers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest_asyncio
from discord.state import ChunkRequest

from emulator import Channel, Scenario
from emulator import payloads as gp


@pytest_asyncio.fixture
async def state() -> AsyncIterator[Any]:
    client = discord.Client(intents=discord.Intents.all(), guild_ready_timeout=0.01)
    events: list[tuple[str, tuple[Any, ...]]] = []
    original = client.dispatch

    def record(event: str, /, *args: Any, **kwargs: Any) -> None:
        events.append((event, args))
        original(event, *args, **kwargs)

    client.dispatch = record  # type: ignore[method-assign]
    conn = client._connection
    conn.dispatch = record
    conn.events = events  # type: ignore[attr-defined]
    try:
        yield conn
    finally:
        task = getattr(conn, "_ready_task", None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await client.close()


def world() -> tuple[Scenario, Any, Any, Any, Any]:
    sc = Scenario()
    g = sc.guild("Study Hall", preferred_locale="de")
    ch = g.text_channel("general", topic="study")
    mods = g.role("Mods", permissions=1 << 13, color=0x336699)
    alice = g.member("alice", manage_guild=True, roles=[mods], nick="Al")
    return sc, g, ch, alice, mods


async def test_ready_and_guild_create(state: Any) -> None:
    sc, g, ch, alice, mods = world()
    state.parse_ready(gp.ready(sc, session_id="s", resume_gateway_url="ws://x/resume"))
    assert state.user.id == sc.bot_user_id and state.user.bot
    assert state.application_id == sc.application_id
    state.parse_guild_create(gp.guild_create(g))
    guild = state._get_guild(g.id)
    assert guild.name == "Study Hall" and str(guild.preferred_locale) == "de"
    assert guild.member_count == len(g.members) == len(guild.members)
    assert guild.owner_id == g.owner_id
    channel = guild.get_channel(ch.id)
    assert isinstance(channel, discord.TextChannel) and channel.topic == "study"
    member = guild.get_member(alice.id)
    assert member.nick == "Al" and member.guild_permissions.manage_guild
    assert guild.get_role(mods.id).colour.value == 0x336699
    me = guild.get_member(sc.bot_user_id)
    assert me is not None and channel.permissions_for(me).send_messages


async def test_members_chunk(state: Any) -> None:
    sc, g, _, alice, _ = world()
    state.parse_ready(gp.ready(sc, session_id="s", resume_gateway_url="ws://x/resume"))
    data = gp.guild_create(g)
    data["members"] = []
    state.parse_guild_create(data)
    request = ChunkRequest(g.id, 0, asyncio.get_running_loop(), state._get_guild, cache=True)
    state._chunk_requests[request.nonce] = request
    waiter = request.get_future()
    state.parse_guild_members_chunk(gp.guild_members_chunk(g, [alice], nonce=request.nonce))
    members = await asyncio.wait_for(waiter, 1)
    assert [m.name for m in members] == ["alice"]
    assert state._get_guild(g.id).get_member(alice.id).name == "alice"


async def test_message_create_update_delete(state: Any) -> None:
    sc, g, ch, alice, _ = world()
    state.parse_ready(gp.ready(sc, session_id="s", resume_gateway_url="ws://x/resume"))
    state.parse_guild_create(gp.guild_create(g))
    msg = gp.message(
        message_id=10**18,
        channel_id=ch.id,
        author=gp.member_user(alice),
        content="hello",
        timestamp=1.7e9,
        embeds=[{"type": "rich", "title": "t"}],
        components=[
            {"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "c", "label": "l"}]}
        ],
        member=gp.member(alice, with_user=False),
    )
    msg["guild_id"] = str(g.id)  # MESSAGE_CREATE's extra field in a guild
    state.parse_message_create(msg)
    created = next(a[0] for e, a in state.events if e == "message")
    assert created.content == "hello" and created.author.id == alice.id
    assert created.embeds[0].title == "t" and created.components[0].children[0].custom_id == "c"
    state.parse_message_update({**msg, "content": "edited", "edited_timestamp": gp.iso(1.8e9)})
    assert state._get_message(10**18).content == "edited"
    state.parse_message_delete(gp.message_delete(10**18, ch.id, g.id))
    assert any(e == "message_delete" for e, _ in state.events)


async def test_interaction_create(state: Any) -> None:
    sc, g, ch, alice, _ = world()
    state.parse_ready(gp.ready(sc, session_id="s", resume_gateway_url="ws://x/resume"))
    state.parse_guild_create(gp.guild_create(g))
    payload = gp.interaction_create(
        interaction_id=10**18 + 5,
        interaction_type=2,
        token="tok",
        application_id=sc.application_id,
        guild=g,
        channel_obj=ch,
        member_obj=alice,
        member_permissions=g.permissions_for(alice, ch),
        app_permissions=g.permissions_for(sc.bot_member(g), ch),
        data={"id": "1", "name": "ping", "type": 1, "options": []},
    )
    state.parse_interaction_create(payload)
    interaction = next(a[0] for e, a in state.events if e == "interaction")
    assert interaction.user.id == alice.id and interaction.permissions.manage_guild
    assert interaction.channel.id == ch.id and str(interaction.locale) == "en-US"
    assert interaction.app_permissions.send_messages
    assert interaction.guild.id == g.id


async def test_resumed_and_dispatch_frames(state: Any) -> None:
    state.parse_resumed({"_trace": []})
    assert any(e == "resumed" for e, _ in state.events)
    frame = gp.dispatch("RESUMED", {}, 7)
    assert frame == {"op": 0, "t": "RESUMED", "s": 7, "d": {}}
    assert gp.hello(1000)["d"] == {"heartbeat_interval": 1000}


async def test_thread_create(state: Any) -> None:
    sc, g, ch, _, _ = world()
    state.parse_ready(gp.ready(sc, session_id="s", resume_gateway_url="ws://x/resume"))
    state.parse_guild_create(gp.guild_create(g))
    thread_ch = Channel(id=10**18 + 9, guild_id=g.id, name="Day 1", type=11, parent_id=ch.id)
    state.parse_thread_create(
        {**gp.thread(thread_ch, owner_id=sc.bot_user_id, now=1.7e9), "newly_created": True}
    )
    thread = state._get_guild(g.id).get_thread(thread_ch.id)
    assert thread is not None and thread.name == "Day 1" and thread.parent_id == ch.id
    assert thread.owner_id == sc.bot_user_id and not thread.archived
