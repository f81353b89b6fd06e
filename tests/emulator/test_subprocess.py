"""An unmodified discord.py program in a subprocess, pointed at the emulator by sitecustomize."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from emulator import Emulator, Scenario

SCRIPT = """
import os
import discord

intents = discord.Intents.default()
intents.message_content = True
client = discord.Client(intents=intents)

@client.event
async def on_message(message):
    if message.content == "quit":
        await message.channel.send("bye")
        await client.close()

client.run(os.environ["DISCORD_TOKEN"], log_handler=None)
"""


async def test_subprocess_connects_through_sitecustomize(
    scenario: Scenario, tmp_path: Path
) -> None:
    script = tmp_path / "tiny_bot.py"
    script.write_text(SCRIPT)
    async with Emulator(scenario, token="sub-token") as emu:
        env = emu.subprocess_env()
        assert env["STUDYBOT_DISCORD_API"] == emu.api_base
        assert env["STUDYBOT_DISCORD_GATEWAY"] == emu.gateway_url
        assert env["DISCORD_TOKEN"] == "sub-token"
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await emu.wait_connected(timeout=20)
            assert [r.route for r in emu.requests[:2]] == [
                "GET /users/@me",
                "GET /oauth2/applications/@me",
            ]
            g = scenario.guilds[0]
            ch = g.channel_named("general")
            await emu.user_message(g.member_named("alice"), ch, "quit")
            bye = await emu.wait_for_message(ch, lambda m: m["content"] == "bye", timeout=10)
            assert bye["author"]["id"] == str(emu.bot_user_id)
            _, stderr = await asyncio.wait_for(proc.communicate(), 20)
            assert proc.returncode == 0, stderr.decode()
        finally:
            if proc.returncode is None:
                proc.terminate()
                await proc.wait()
