"""Slash commands in every language: the ``app_commands.Translator`` that fills the synced
commands' ``name_localizations`` and ``description_localizations`` from the catalogs.

Command, option and choice texts are written in English in the cogs; discord.py wraps each in
a ``locale_str`` and asks the translator for every Discord locale at sync. The catalog keeps
them under a context per kind (:data:`CONTEXTS`), because one English word can need two
translations (the ``start`` subcommand and the ``start`` date option). ``pybabel extract``
collects them with ``cogs/command_strings.py``. Interactions always carry the English names.
"""

from __future__ import annotations

import discord
from babel import Locale
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.locale import LANGS, SOURCE_LANG, Lang, lang_for
from bot.render.catalog import for_lang

CONTEXTS: dict[Where, str] = {
    Where.command_name: "command name",
    Where.group_name: "command name",
    Where.command_description: "command description",
    Where.group_description: "command description",
    Where.parameter_name: "option name",
    Where.parameter_description: "option description",
    Where.choice_name: "option choice",
}
"""The catalog context of each kind of command text (``other``: plain messages)."""

COUNT_OPTION = "count option name"
"""The context of an option name that is a count (``/break days``: how many days), apart from
the same word as another option (``/roadmap start days``: which days)."""

NAME_CONTEXTS = frozenset({"command name", "option name", COUNT_OPTION})
"""Names: lowercase, no spaces, at most 32 characters (Discord's rule)."""

AUTONYM = "autonym"
"""A ``locale_str`` extra marking a text that is never translated: a language's own name."""

CONTEXT = "context"
"""A ``locale_str`` extra naming its own catalog context (one of ``NAME_CONTEXTS``)."""


def context_of(string: app_commands.locale_str, where: Where) -> str | None:
    """The catalog context of a command text; None for texts that are never translated."""
    if string.extras.get(AUTONYM):
        return None
    own = string.extras.get(CONTEXT)
    return own if isinstance(own, str) else CONTEXTS.get(where)


def autonym(lang: Lang) -> app_commands.locale_str:
    """A language's name in itself (``English``, ``中文``), the same in every locale."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return app_commands.locale_str(name[:1].upper() + name[1:], **{AUTONYM: True})


def language_choices() -> list[app_commands.Choice[str]]:
    """The ``language`` option's choices: every language studybot speaks, by its own name."""
    return [app_commands.Choice(name=autonym(lang), value=lang) for lang in LANGS]


class CatalogTranslator(app_commands.Translator):
    """Command texts from the catalogs; None (Discord shows the English default) for English,
    for locales no catalog covers and for texts the catalog leaves as they are."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return translate(string, locale.value, context.location)


def translate(string: app_commands.locale_str, locale: str, where: Where) -> str | None:
    """The translation of one command text for a Discord locale, or None."""
    lang = lang_for(locale)
    ctx = context_of(string, where)
    if lang == SOURCE_LANG or ctx is None:
        return None
    text = for_lang(lang).as_written(string.message, context=ctx)
    return None if text == string.message else text
