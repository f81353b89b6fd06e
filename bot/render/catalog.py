"""The message catalog: every word a person reads, in their language, and CLDR formats.

Render functions take a :class:`Catalog` (``t = for_lang(lang)``) and write every text as a
catalog call whose first argument is the English source string::

    t.gettext("Day {day} of {total}", day=3, total=14)
    t.ngettext("{n} group", "{n} groups", count)          # ``n`` is the count
    t.pgettext("button", "Join")                          # a context tells same words apart

Placeholders are ``{name}`` fields filled after translation, so a translation may reorder them
(a literal brace is doubled: ``{{``); values are inserted as given (format numbers, dates and
durations with the methods below first). ``pybabel extract`` finds the calls (README,
"Languages"); a missing translation falls back to the English source.

The catalogs are the ``.po`` files in ``bot/locale``, compiled in memory when first used (as
Red does): there is no ``.mo`` to forget to rebuild, and a wheel carries the ``.po`` files.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterable
from functools import cache
from io import BytesIO
from typing import Any, Literal

from babel import Locale, dates, lists, numbers, units
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.locale import LANGS, SOURCE_LANG, Lang, catalog_path, lang_for
from bot.services.zones import zone


def load_translations(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (fuzzy entries left out, as ``pybabel compile`` does);
    the source language translates to itself."""
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Catalog:
    """One language's messages and formats. Get one with :func:`for_lang`."""

    def __init__(self, lang: Lang, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self._t = translations
        self._minutes: dict[int, str] = {}

    # -- messages -------------------------------------------------------------------------

    def gettext(self, message: str, /, **values: Any) -> str:
        return _fill(self._t.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form for ``n`` (English: singular for 1; Chinese has one form); ``{n}`` is
        ``n`` in this language's number format unless ``values`` gives it."""
        values.setdefault("n", self.number(n))
        return _fill(self._t.ngettext(singular, plural, n), values)

    def pgettext(self, context: str, message: str, /, **values: Any) -> str:
        return _fill(self._t.pgettext(context, message), values)

    def as_written(self, message: str, *, context: str | None = None) -> str:
        """The translation with nothing filled in (texts that hold no placeholders, such as
        command names)."""
        if context is None:
            return self._t.gettext(message)
        return self._t.pgettext(context, message)

    # -- formats (CLDR, through Babel) -------------------------------------------------------

    def number(self, n: int) -> str:
        """``1,234``."""
        return numbers.format_decimal(n, locale=self.locale)

    def percent(self, whole_percent: int) -> str:
        """``45%`` from 45."""
        return numbers.format_percent(whole_percent / 100, locale=self.locale)

    def minutes(self, n: int) -> str:
        """A duration in minutes: ``45 min``, ``45分钟`` (remembered: every day post shows a
        few, and Babel takes tens of microseconds for each)."""
        found = self._minutes.get(n)
        if found is None:
            found = units.format_unit(n, "duration-minute", length="short", locale=self.locale)
            self._minutes[n] = found
        return found

    def date(self, d: dt.date) -> str:
        """A date with its year: ``Mon, Mar 2, 2026``, ``2026年3月2日周一``."""
        return dates.format_skeleton("yMMMEd", d, locale=self.locale)

    def day(self, d: dt.date) -> str:
        """A date in the near future or past: ``Tue, Dec 1``, ``12月1日周二``."""
        return dates.format_skeleton("MMMEd", d, locale=self.locale)

    def time(self, t: dt.time) -> str:
        """A wall time, 24-hour: ``09:00``."""
        return dates.format_skeleton("Hm", t, locale=self.locale)

    def moment(self, instant: dt.datetime, tz_name: str) -> str:
        """An instant on the wall clock of ``tz_name`` (a stored zone name): ``Tue, Dec 1,
        09:00``, ``12月1日周二 09:00``."""
        local = instant.astimezone(zone(tz_name))
        pattern = self.locale.datetime_formats["medium"]
        return (
            str(pattern)
            .replace("{1}", self.day(local.date()))
            .replace("{0}", self.time(local.time()))
        )

    def language(self, lang: Lang) -> str:
        """A language's name in this one: ``Chinese``, ``英语``."""
        name = Locale.parse(lang).get_display_name(self.locale) or lang
        return name[:1].upper() + name[1:]

    def list(self, items: Iterable[str], *, style: Literal["standard", "or"] = "standard") -> str:
        """``a, b, and c``, ``a、b和c``; ``style="or"``: ``a, b, or c``."""
        return lists.format_list(list(items), style=style, locale=self.locale)


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format_map(values)


@cache
def for_lang(lang: Lang) -> Catalog:
    """The catalog of ``lang``; a language without a catalog gets English."""
    if lang not in LANGS:
        lang = SOURCE_LANG
    return Catalog(lang, load_translations(lang))


def for_locale(locale: str | None) -> Catalog:
    """The catalog for a Discord locale (``zh-CN``), through :func:`bot.locale.lang_for`."""
    return for_lang(lang_for(locale))
