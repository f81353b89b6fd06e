"""Meta-test: load every real extension into a real StudyBot and check the command tree.

No login: the extensions are loaded as ``setup_hook`` would, then the tree's own serialized
payload (what ``tree.sync`` sends) is checked against Discord's limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from discord import app_commands

from bot.app import EXTENSIONS, StudyBot
from bot.config import Settings
from bot.locale import LANGS
from bot.render.commands import CatalogTranslator, autonym
from bot.roadmaps import load_roadmaps
from bot.store import Store

REPO = Path(__file__).resolve().parent.parent

EXPECTED = {
    "roadmap list",
    "roadmap preview",
    "roadmap start",
    "roadmap pause",
    "roadmap resume",
    "roadmap edit",
    "roadmap stop",
    "roadmap status",
    "join",
    "leave",
    "timezone set",
    "today",
    "checkin",
    "progress",
    "break",
}
EXPECTED |= {"roadmap milestones"}  # milestone roles (issue 15)
# Options whose values come from a list: they must offer autocomplete or fixed choices.
AUTOCOMPLETE = {"roadmap", "timezone", "id"}
CHOICES = {"scope", "days"}
CHOICES |= {"milestone"}  # milestone roles (issue 15)
NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
GUILD_CONTEXT = 0
COMMAND_CHARS_MAX = 4000
AUTONYMS = {autonym(lang).message for lang in LANGS}


@pytest.fixture
async def bot(store: Store) -> AsyncIterator[StudyBot]:
    settings = Settings(_env_file=None, STUDYBOT_SYNC_COMMANDS=False)  # type: ignore[call-arg]
    studybot = StudyBot(settings=settings, store=store, roadmaps=load_roadmaps(REPO / "roadmaps"))
    try:
        for name in EXTENSIONS:
            await studybot.load_extension(name)
        yield studybot
    finally:
        await studybot.close()


def walk(
    commands: list[app_commands.Command[Any, ..., Any] | app_commands.Group],
) -> Iterator[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    for cmd in commands:
        yield cmd
        if isinstance(cmd, app_commands.Group):
            yield from walk(cmd.commands)


def leaves(bot: StudyBot) -> list[app_commands.Command[Any, ..., Any]]:
    top = [c for c in bot.tree.get_commands() if not isinstance(c, app_commands.ContextMenu)]
    return [c for c in walk(top) if isinstance(c, app_commands.Command)]


async def test_command_names(bot: StudyBot) -> None:
    assert {c.qualified_name for c in leaves(bot)} == EXPECTED
    assert {c.name for c in bot.tree.get_commands()} == {
        "roadmap",
        "join",
        "leave",
        "timezone",
        "today",
        "checkin",
        "progress",
        "break",
    }


async def test_descriptions_and_options(bot: StudyBot) -> None:
    top = [c for c in bot.tree.get_commands() if not isinstance(c, app_commands.ContextMenu)]
    for cmd in walk(top):
        assert NAME.fullmatch(cmd.name), cmd.qualified_name
        assert 1 <= len(cmd.description) <= 100, cmd.qualified_name
        if not isinstance(cmd, app_commands.Command):
            continue
        for param in cmd.parameters:
            where = f"/{cmd.qualified_name} {param.name}"
            assert NAME.fullmatch(param.name), where
            assert 1 <= len(param.description) <= 100, where
            assert param.description != "…", f"{where} has no description"
            if param.name in AUTOCOMPLETE:
                assert param.autocomplete, f"{where} needs autocomplete"
            if param.name in CHOICES and where != "/break days":  # any count up to the limit
                assert param.choices, f"{where} needs choices"


async def test_all_guild_only(bot: StudyBot) -> None:
    for cmd in bot.tree.get_commands():
        assert getattr(cmd, "guild_only", False), cmd.name
        payload = cmd.to_dict(bot.tree)
        assert payload["dm_permission"] is False, cmd.name
        # ``dm_permission`` is deprecated; ``contexts`` is what Discord honours.
        assert payload["contexts"] == [GUILD_CONTEXT], cmd.name


def option_chars(option: dict[str, Any]) -> int:
    total = len(option["name"]) + len(option["description"])
    total += sum(len(c["name"]) + len(str(c["value"])) for c in option.get("choices", []))
    return total + sum(option_chars(o) for o in option.get("options", []))


def check_options(options: list[dict[str, Any]], where: str, depth: int = 0) -> None:
    assert len(options) <= 25, where
    names = [o["name"] for o in options]
    assert len(names) == len(set(names)), f"{where}: duplicate option names"
    seen_optional = False
    for o in options:
        at = f"{where} {o['name']}"
        assert NAME.fullmatch(o["name"]), at
        assert 1 <= len(o["description"]) <= 100, at
        if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP):
            assert depth < 2, f"{at}: nested too deep"
            check_options(o.get("options", []), at, depth + 1)
            continue
        if o.get("required"):
            assert not seen_optional, f"{at}: required option after an optional one"
        else:
            seen_optional = True
        choices = o.get("choices", [])
        assert len(choices) <= 25, at
        assert not (choices and o.get("autocomplete")), f"{at}: both choices and autocomplete"
        for c in choices:
            assert 1 <= len(c["name"]) <= 100, at
            if isinstance(c["value"], str):
                assert len(c["value"]) <= 100, at
        if "max_length" in o:
            assert 1 <= o["max_length"] <= 6000, at
            assert 0 <= o.get("min_length", 0) <= o["max_length"], at


async def test_payload_is_valid(bot: StudyBot) -> None:
    for cmd in bot.tree.get_commands():
        payload = cmd.to_dict(bot.tree)
        assert NAME.fullmatch(payload["name"]), payload["name"]
        assert 1 <= len(payload["description"]) <= 100, payload["name"]
        check_options(payload.get("options", []), f"/{payload['name']}")
        total = len(payload["name"]) + len(payload["description"])
        total += sum(option_chars(o) for o in payload.get("options", []))
        assert total <= COMMAND_CHARS_MAX, payload["name"]
    assert len(bot.tree.get_commands()) <= 100


def localized(payload: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every localization dict of a translated command payload, with what it belongs to."""
    yield f"{where} name", payload.get("name_localizations") or {}
    if "description" in payload:
        yield f"{where} description", payload.get("description_localizations") or {}
    for option in payload.get("options", []):
        yield from localized(option, f"{where} {option['name']}")
    for choice in payload.get("choices", []):
        if choice["name"] not in AUTONYMS:  # a language's own name is the same everywhere
            yield f"{where} choice {choice['name']!r}", choice.get("name_localizations") or {}


async def test_every_text_is_localized_for_chinese(bot: StudyBot) -> None:
    """The payload a sync sends carries Chinese for every command, option and choice; a
    command's localized option names differ (Discord rejects a clash)."""
    await bot.tree.set_translator(CatalogTranslator())
    for cmd in bot.tree.get_commands():
        payload = await cmd.get_translated_payload(bot.tree, bot.tree.translator)  # type: ignore[arg-type]
        for where, names in localized(payload, f"/{payload['name']}"):
            assert set(names) >= {"zh-CN", "zh-TW"}, f"{where} has no Chinese"
            assert not set(names) & {"en-US", "en-GB", "fr", "de"}, where
        check_localized_option_names(payload.get("options", []), f"/{payload['name']}")


def check_localized_option_names(options: list[dict[str, Any]], where: str) -> None:
    zh = [o.get("name_localizations", {}).get("zh-CN", o["name"]) for o in options]
    assert len(zh) == len(set(zh)), f"{where}: localized option names clash: {zh}"
    for o in options:
        check_localized_option_names(o.get("options", []), f"{where} {o['name']}")


async def test_the_sync_fingerprint_covers_translations(bot: StudyBot) -> None:
    """What is hashed to decide whether to sync is the translated payload: a changed
    translation syncs again."""
    plain = json.dumps(await bot._commands_payload(None), sort_keys=True)
    await bot.tree.set_translator(CatalogTranslator())
    translated = json.dumps(await bot._commands_payload(None), sort_keys=True)
    assert plain != translated
    assert '"zh-CN": "\\u52a0\\u5165"' in translated  # /join is /加入
