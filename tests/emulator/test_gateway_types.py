"""Every kind of gateway frame the emulator sends, type-checked against discord-api-types (an
independent typed description of Discord's gateway) with ``tsc --strict``.

A session with a discord.py bot goes through every event the emulator can send; the frames it
really sent are written as typed constants into a .ts file and compiled. The differences that
remain are TypeScript artifacts, each listed in ``gateway_types/differences.py`` with why.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import discord
import pytest
from emu_bot import EmuBot
from gateway_types.differences import DIFFERENCES, typescript_module

from emulator import Emulator

HERE = Path(__file__).resolve().parent / "gateway_types"
TSC = HERE / "node_modules" / "typescript" / "bin" / "tsc"
HOW = "npm ci --prefix tests/emulator/gateway_types"

EVERY_EVENT = {
    "READY",
    "GUILD_CREATE",
    "RESUMED",
    "GUILD_MEMBERS_CHUNK",
    "GUILD_MEMBER_ADD",
    "GUILD_MEMBER_REMOVE",
    "CHANNEL_UPDATE",
    "CHANNEL_DELETE",
    "GUILD_ROLE_UPDATE",
    "THREAD_CREATE",
    "MESSAGE_CREATE",
    "MESSAGE_UPDATE",
    "MESSAGE_DELETE",
    "INTERACTION_CREATE",
}
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "skipLibCheck": True,
        "target": "es2022",
        "module": "esnext",
        "moduleResolution": "bundler",
        "types": [],
        "pretty": False,
    },
    "files": ["frames.ts"],
}
EVERY_OP = {0, 7, 9, 10, 11}  # dispatch, RECONNECT, INVALID_SESSION, HELLO, HEARTBEAT_ACK


def tsc_or_skip() -> list[str]:
    node = shutil.which("node")
    if node is None or not TSC.exists():
        pytest.skip(f"the gateway type check needs node and its packages: {HOW}")
    return [node, str(TSC)]


async def drive_everything(emu: Emulator, bot: EmuBot) -> None:
    """One session through every frame the emulator sends."""
    g = emu.scenario.guilds[0]
    general, alice, bob = g.channel_named("general"), g.member_named("alice"), g.member_named("bob")
    await emu.command(alice, general, "ping", n=2)
    assert await emu.autocomplete(alice, general, "roadmap start", focused="timezone", value="Eu")
    await emu.command(alice, general, "roadmap start", roadmap="14day", time="9am")
    counter = await emu.command(alice, general, "counter")
    await emu.click(bob, counter, "emu:count")
    await emu.click(bob, counter, "emu:later")
    await emu.click(bob, counter, "emu:say")
    survey = await emu.click(bob, counter, "emu:ask")
    await emu.submit_modal(bob, survey, {"sv:a": "yes"})
    await emu.command(alice, general, "announce")
    await emu.context_menu(alice, general, "Wave", bob)
    board = await emu.command(alice, general, "board", day=3)
    await emu.click(bob, board, "emu:tick:3")
    modal = await emu.command(alice, general, "feedback")
    await emu.submit_modal(alice, modal, {"fb:text": "fine"})
    await emu.user_message(alice, general, "hello")

    channel = bot.get_channel(general.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("a thread starts here")
    await sent.edit(content="edited")
    await sent.create_thread(name="talk")
    await sent.delete()
    user = await bot.fetch_user(alice.id)
    await user.send("a direct message")
    guild = bot.get_guild(g.id)
    assert guild is not None
    await guild.query_members(query="a")

    carol = await emu.member_join(g, "carol")
    await emu.member_leave(carol)
    general.topic = "changed"
    await emu.channel_updated(general)
    await emu.delete_channel(g.text_channel("scratch"))
    emu.scenario.bot_role(g).position = len(g.roles)
    await emu.role_updated(emu.scenario.bot_role(g))

    await emu.gateway_reconnect_op7()
    await emu.wait_resumed(timeout=5, count=1)
    await emu.gateway_invalid_session(resumable=True)
    await emu.wait_resumed(timeout=5, count=2)
    await emu.command(alice, general, "ping", n=3)


async def compile_frames(frames: list[dict[str, Any]], where: Path) -> tuple[int, str, set[str]]:
    """tsc's exit status and output for ``frames`` as typed constants, and the differences
    from ``DIFFERENCES`` they needed."""
    tsc = tsc_or_skip()
    source, used = typescript_module(frames, HERE / "node_modules")
    (where / "frames.ts").write_text(source)
    (where / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    proc = await asyncio.create_subprocess_exec(
        *tsc,
        "-p",
        str(where / "tsconfig.json"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), used


def metadata_kinds(frames: list[dict[str, Any]]) -> set[str]:
    """Which optional parts of interaction_metadata the messages in ``frames`` carried."""
    kinds: set[str] = set()
    for f in frames:
        if f["t"] in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            kinds.update((f["d"].get("interaction_metadata") or {}).keys())
    return kinds & {
        "interacted_message_id",
        "triggering_interaction_metadata",
        "original_response_message_id",
        "target_user",
    }


async def test_every_frame_matches_discord_api_types(
    emulator: Emulator, bot: EmuBot, tmp_path: Path
) -> None:
    tsc_or_skip()
    await drive_everything(emulator, bot)
    frames = list(emulator.gateway.sent)
    assert {f["op"] for f in frames} == EVERY_OP
    assert {f["t"] for f in frames if f["op"] == 0} == EVERY_EVENT
    assert all(f["s"] is None and f["t"] is None for f in frames if f["op"] != 0)
    assert len(metadata_kinds(frames)) == 4, metadata_kinds(frames)

    status, out, used = await compile_frames(frames, tmp_path)
    assert status == 0, f"tsc found mismatches:\n{out[:6000]}"
    unused = [d.where for d in DIFFERENCES if d.where not in used]
    assert not unused, f"listed differences that no frame needs any more: {unused}"


async def test_the_check_catches_a_frame_off_discords_shape(tmp_path: Path) -> None:
    """A HEARTBEAT_ACK without ``s``/``t`` and a MESSAGE_DELETE with a field Discord does not
    send both fail to compile."""
    frames = [
        {"op": 11, "d": None},
        {"op": 0, "t": "MESSAGE_DELETE", "s": 2, "d": {"id": "1", "channel_id": "2", "x": 1}},
        {"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None},
    ]
    status, out, _ = await compile_frames(frames, tmp_path)
    assert status != 0
    errors = [line for line in out.splitlines() if "error TS" in line]
    assert len(errors) == 2, out
    assert "frames.ts(14," in errors[0] and "missing the following properties" in out
    assert "'\"x\"' does not exist" in errors[1]
