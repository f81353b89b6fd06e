"""Every text of the slash commands, for the message catalog.

The cogs write command, option and choice texts in English in their decorators. This module
lists them the way a sync sees them: it runs discord.py's own translated-payload walk with a
translator that only records (:func:`command_texts`), so nothing a sync asks the catalog for is
missed. :func:`extract` is the Babel extraction method ``pybabel extract`` runs on each cog
file (configured in ``pyproject.toml``); tests use :func:`command_texts` on the real tree.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.commands import NAME_CONTEXTS, context_of

NAME_RULE = "A Discord name: lowercase, no spaces, at most 32 characters."
DESCRIPTION_RULE = "At most 100 characters."


class _Recorder(app_commands.Translator):
    """Records each text once (for one locale) with its catalog context; translates nothing."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], None] = {}

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is discord.Locale.american_english:
            ctx = context_of(string, context.location)
            if ctx is not None:
                self.found[(ctx, string.message)] = None
        return None


async def command_texts(tree: app_commands.CommandTree[Any]) -> list[tuple[str, str]]:
    """``(context, English text)`` for every name, description and choice in ``tree``."""
    recorder = _Recorder()
    for command in tree.get_commands():
        await command.get_translated_payload(tree, recorder)
    return list(recorder.found)


async def _extension_texts(module: str) -> list[tuple[str, str]]:
    intents = discord.Intents.none()
    intents.guilds = True
    bot = commands.Bot(command_prefix=commands.when_mentioned, intents=intents)
    try:
        await bot.load_extension(module)
        return await command_texts(bot.tree)
    finally:
        await bot.close()


def _module_of(path: Path) -> str | None:
    parts = path.resolve().with_suffix("").parts
    if "cogs" not in parts:
        return None
    first = len(parts) - 1 - parts[::-1].index("cogs")
    return ".".join(parts[first:])


def extract(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method: the command texts of the extension in ``fileobj``, as
    ``pgettext(context, text)`` calls with a note for translators on Discord's rules."""
    module = _module_of(Path(getattr(fileobj, "name", "")))
    if module is None or not hasattr(importlib.import_module(module), "setup"):
        return
    for ctx, text in asyncio.run(_extension_texts(module)):
        rule = NAME_RULE if ctx in NAME_CONTEXTS else DESCRIPTION_RULE
        yield 1, "pgettext", (ctx, text), [rule]
