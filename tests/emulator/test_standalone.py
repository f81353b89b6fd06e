"""``python -m emulator`` in its own process, driven over /_control, with a bot in this one."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import aiohttp
import discord

from emulator.discord_target import DiscordTarget, point_discord_at


async def test_standalone_emulator_over_http() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STUDYBOT_"))}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "emulator",
        "--log-level",
        "WARNING",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        lines: dict[str, str] = {}
        while len(lines) < 4:
            line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode().strip()
            assert line, "the emulator exited early"
            key, _, value = line.partition("=")
            lines[key] = value
        target = DiscordTarget.from_env(lines)
        assert target is not None and target.api is not None
        api = target.api
        restore_discord = point_discord_at(target)
        client = discord.Client(intents=discord.Intents.default())
        tree = discord.app_commands.CommandTree(client)

        @tree.command(description="hi")
        async def hi(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"hi {name}")

        try:
            async with aiohttp.ClientSession(api + "/_control/") as http:
                async with http.get("scenario") as resp:
                    world: dict[str, Any] = await resp.json()
                guild = world["guilds"][0]
                general = guild["channels"][0]["id"]
                alice = next(m["id"] for m in guild["members"] if m["name"] == "alice")
                await client.login(lines["DISCORD_TOKEN"])
                await tree.sync()
                task = asyncio.create_task(client.connect())
                try:
                    async with http.post("wait_connected", json={"timeout": 10}) as resp:
                        assert resp.status == 200
                    async with http.get("status") as resp:
                        status = await resp.json()
                    assert status["connected"] and status["commands"] == ["hi"]
                    body = {
                        "member_id": alice,
                        "channel_id": general,
                        "name": "hi",
                        "options": {"name": "there"},
                    }
                    async with http.post("command", json=body) as resp:
                        assert resp.status == 200
                        reply = await resp.json()
                    assert reply["content"] == "hi there" and not reply["ephemeral"]
                    async with http.get(f"channels/{general}/messages") as resp:
                        assert [m["content"] for m in await resp.json()] == ["hi there"]
                finally:
                    await client.close()
                    await asyncio.wait_for(task, 10)
        finally:
            restore_discord()
    finally:
        proc.terminate()
        await proc.wait()
    assert proc.returncode is not None
