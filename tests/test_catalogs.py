"""CI checks of the message catalogs (bot/locale): the template holds exactly what the code
asks for, and every language translates every message completely, with the same placeholders,
nothing fuzzy, and command names Discord accepts."""

from __future__ import annotations

import fnmatch
import string
import tomllib
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from bot.locale import LANGS, SOURCE_LANG, TEMPLATE, catalog_path
from bot.render.commands import NAME_CONTEXTS
from tests.conftest import REPO

Key = tuple[str | None, str]

NAME_MAX = 32
DESCRIPTION_MAX = 100
NAME_PUNCTUATION = frozenset("-_'")


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=lang)


def key(m: Message) -> Key:
    return (m.context, m.id if isinstance(m.id, str) else m.id[0])


def messages(catalog: Catalog) -> dict[Key, Message]:
    return {key(m): m for m in catalog if m.id}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_template_holds_what_the_code_asks_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pybabel extract`` (configured in pyproject.toml) run now gives the committed
    template's messages: nobody added, changed or removed a message without extracting."""
    monkeypatch.chdir(REPO)
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-o", str(fresh)])
    extracted = {k: m.id for k, m in messages(read(fresh)).items()}
    committed = {k: m.id for k, m in messages(read(TEMPLATE)).items()}
    assert set(extracted) - set(committed) == set(), "run `pybabel extract` (README, Languages)"
    assert set(committed) - set(extracted) == set(), "run `pybabel extract` (README, Languages)"
    assert extracted == committed
    assert any(ctx == "command name" for ctx, _ in extracted)
    assert any(ctx is None for ctx, _ in extracted)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != SOURCE_LANG])
def test_every_message_is_translated(lang: str) -> None:
    template = messages(read(TEMPLATE))
    catalog = read(catalog_path(lang), lang)
    translated = messages(catalog)
    assert set(template) - set(translated) == set(), f"run `pybabel update`, then translate {lang}"
    assert set(translated) - set(template) == set(), f"stale messages in {lang}: `pybabel update`"
    plural_forms = catalog.num_plurals
    for k, m in translated.items():
        where = f"{lang} {k}"
        assert "fuzzy" not in m.flags, f"{where} is fuzzy: check it and remove the flag"
        assert m.id == template[k].id, where
        if isinstance(m.id, str):
            assert isinstance(m.string, str) and m.string, f"{where} is not translated"
            assert fields(m.string) == fields(m.id), f"{where}: placeholders differ"
            continue
        forms = tuple(m.string)
        assert len(forms) == plural_forms and all(forms), f"{where} lacks plural forms"
        allowed = fields(m.id[0]) | fields(m.id[1])
        for form in forms:
            assert fields(m.id[0]) - {"n"} <= fields(form) <= allowed, f"{where}: placeholders"


def valid_name(name: str) -> bool:
    """Discord's ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$``, lowercase."""
    ok = all(
        c in NAME_PUNCTUATION or unicodedata.category(c)[0] in "LN" or c.isalnum() for c in name
    )
    return ok and 1 <= len(name) <= NAME_MAX and name == name.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_command_texts_fit_discords_rules(lang: str) -> None:
    path = TEMPLATE if lang == SOURCE_LANG else catalog_path(lang)
    for (ctx, msgid), m in messages(read(path)).items():
        if ctx is None or not ctx.startswith(("command", "option")):
            continue
        text = msgid if lang == SOURCE_LANG else str(m.string)
        if ctx in NAME_CONTEXTS:
            assert valid_name(text), f"{lang} {ctx} {msgid!r}: {text!r} is not a valid name"
        else:
            assert 1 <= len(text) <= DESCRIPTION_MAX, f"{lang} {ctx} {msgid!r}: {text!r}"


def test_the_name_check_follows_discord() -> None:
    assert valid_name("生日") and valid_name("catch_up") and valid_name("最近7天")
    assert not valid_name("Join") and not valid_name("every day") and not valid_name("a" * 33)
    assert not valid_name("") and not valid_name("a/b")


def test_the_catalogs_ship_in_the_package() -> None:
    """A wheel (the Dockerfile builds one) carries every catalog: package-data lists them."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["bot"]
    bot_dir = REPO / "bot"
    shipped = [TEMPLATE, *(catalog_path(lang) for lang in LANGS if lang != SOURCE_LANG)]
    for path in shipped:
        relative = path.relative_to(bot_dir).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in globs), f"{relative} is not package data"
