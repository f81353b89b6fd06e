"""The languages studybot speaks: English (the source) and one gettext catalog per other
language in this folder (``<lang>/LC_MESSAGES/messages.po``).

A language code (:data:`Lang`) is the catalog's folder name, which is also its Babel locale and
the key roadmap texts use (``en``, ``zh``). Adding a language is adding its catalog: the list of
languages (:data:`LANGS`) is read from the folders present, and :func:`lang_for` maps a Discord
locale to the closest one. Nothing here knows words; ``bot.render.catalog`` reads the catalogs.
"""

from __future__ import annotations

from pathlib import Path

Lang = str
"""A language code: ``en`` or the name of a catalog folder here (``zh``)."""

SOURCE_LANG: Lang = "en"
"""The language the messages are written in; it has no catalog of its own."""

DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def catalog_path(lang: Lang, folder: Path = LOCALE_DIR) -> Path:
    """Where the catalog of ``lang`` lives (the source language has none)."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages_in(folder: Path) -> tuple[Lang, ...]:
    """The source language, then every language with a catalog in ``folder``."""
    found = sorted(p.name for p in folder.iterdir() if catalog_path(p.name, folder).is_file())
    return (SOURCE_LANG, *(lang for lang in found if lang != SOURCE_LANG))


LANGS: tuple[Lang, ...] = languages_in(LOCALE_DIR)
"""Every language studybot speaks, the source language first."""


def lang_for(locale: str | None) -> Lang:
    """The language for a Discord locale (``zh-CN``, ``en-US``, ``pt-BR``): the catalog named
    exactly like it (``pt_BR``), else one for its language (``zh-TW`` reads ``zh``, Simplified
    Chinese), else English."""
    if not locale:
        return SOURCE_LANG
    exact = locale.replace("-", "_")
    if exact in LANGS:
        return exact
    language = exact.split("_", 1)[0].lower()
    if language in LANGS:
        return language
    return next((lang for lang in LANGS if lang.split("_", 1)[0] == language), SOURCE_LANG)


def group_lang(language: str | None, server_locale: str | None) -> Lang:
    """The language of a group's public posts: its own setting while that language is still
    available, else its server's preferred locale."""
    if language is not None and language in LANGS:
        return language
    return lang_for(server_locale)
