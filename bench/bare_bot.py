"""The ceiling for task ticks: a bare discord.py bot with one ``DynamicItem`` button.

Its callback does one aiosqlite INSERT + commit and an ephemeral reply, nothing else. It matches
studybot's tick ``custom_id`` template, so both bots receive identical interactions. Run it as
``python -m bench.bare_bot DB_PATH`` with the emulator's environment (``subprocess_env``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sys
from typing import Any

import aiosqlite
import discord
from discord.ext import commands

from bot.render import ids

log = logging.getLogger("bench.bare_bot")


class BareBot(commands.Bot):
    def __init__(self, db: aiosqlite.Connection) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(command_prefix=commands.when_mentioned, intents=intents)
        self.db = db

    async def setup_hook(self) -> None:
        self.add_dynamic_items(BareTick)


class BareTick(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ids.tick.template
):
    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="Tick", custom_id=custom_id))
        self.custom = custom_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> BareTick:
        return cls(match.group(0))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, BareBot)
        await bot.db.execute(
            "INSERT INTO ticks (user_id, custom_id) VALUES (?, ?)",
            (interaction.user.id, self.custom),
        )
        await bot.db.commit()
        await interaction.response.send_message("Done", ephemeral=True)


async def open_db(path: str) -> aiosqlite.Connection:
    """The same pragmas as studybot's store (WAL, synchronous=NORMAL)."""
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    await db.execute(
        "CREATE TABLE IF NOT EXISTS ticks "
        "(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, custom_id TEXT NOT NULL)"
    )
    await db.commit()
    return db


async def run(path: str) -> None:
    db = await open_db(path)
    try:
        async with BareBot(db) as bot:
            await bot.start(os.environ["DISCORD_TOKEN"])
    finally:
        await db.close()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(sys.argv[1]))


if __name__ == "__main__":
    main()
