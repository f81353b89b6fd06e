"""Every name of every timezone in every language, built once and searched on every keystroke.

The names are the IANA names themselves, CLDR's exemplar cities (``Shanghai``/``上海``), metazone
names (``China Standard Time``/``中国标准时间``) and countries (``Japan``/``日本``) in each of
:data:`bot.roadmaps.LANGS` through Babel, and the alias table (:mod:`.zone_aliases`). The index
is built on first use (about 0.2 s; :func:`warm` does it at start-up) and then answers a lookup
or an autocomplete keystroke from plain dicts and tuples (see bench row ``autocomplete``).
"""

from __future__ import annotations

import heapq
import logging
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.locale import LANGS, Lang
from bot.services.zone_aliases import ALIASES, BY_LANGUAGE

log = logging.getLogger(__name__)

COMMON_TIMEZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Jakarta",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Moscow",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Africa/Lagos",
)
"""Offered when nothing is typed, and ranked first among equal matches."""
COMMON = frozenset(COMMON_TIMEZONES)

_LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")
_SIMILAR_CUTOFF = 0.5
_WORST = (9, 9, 9**9, 9**9)
_DROPPED = re.compile(r"[\s_\-.'’·・,()（）]+")


def normalise(text: str) -> str:
    """The form names are matched in: NFKC (full-width letters and digits become ASCII),
    case-folded, without spaces, underscores, hyphens, dots, apostrophes or brackets."""
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text).casefold())


def is_legacy(name: str) -> bool:
    """Old spellings kept by the tz database (``US/Eastern``, ``PRC``, ``Etc/UTC``)."""
    return name != "UTC" and ("/" not in name or name.startswith(_LEGACY_PREFIXES))


def rank(name: str) -> tuple[bool, bool, str]:
    """Popular zones first, then ``Area/City`` names, then legacy spellings."""
    return (name not in COMMON, is_legacy(name), name)


def _bigrams(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 2] for i in range(len(padded) - 1))


@dataclass(frozen=True, slots=True)
class ZoneIndex:
    iana: Mapping[str, str]
    """Lower-case IANA spelling (spaces as ``_``) -> the IANA name."""
    aliases: Mapping[str, tuple[str, ...]]
    by_language: Mapping[Lang, Mapping[str, tuple[str, ...]]]
    names: Mapping[str, tuple[str, ...]]
    """CLDR names -> the zones that carry them, best first."""
    entries: tuple[tuple[str, tuple[tuple[int, int, str], ...]], ...]
    """Every searchable spelling with its zones, each as (not popular, place in :func:`rank`'s
    order, name): what autocomplete scans, with every score part ready."""
    latin: tuple[tuple[frozenset[str], tuple[str, ...]], ...]
    """Letter pairs of the Latin spellings, for suggesting close names."""

    def lookup(self, typed: str, lang: Lang) -> tuple[tuple[str, ...], bool] | None:
        """The zones a whole name means, and whether they come from the curated aliases."""
        key = normalise(typed)
        for table in (self.by_language.get(lang, {}), self.aliases):
            if key in table:
                return table[key], True
        found = self.names.get(key)
        return (found, False) if found else None

    def search(self, typed: str, limit: int) -> list[str]:
        """Zones whose names start with ``typed``, then those containing it, popular zones and
        shorter names first within each; when none does, zones spelled like it."""
        key = normalise(typed)
        best: dict[str, tuple[int, int, int, int]] = {}
        for spelling, zones in self.entries:
            if spelling.startswith(key):
                tier = 0 if spelling == key else 1
            elif key in spelling:
                tier = 2
            else:
                continue
            size = len(spelling)
            for uncommon, order, name in zones:
                score = (tier, uncommon, size, order)
                if score < best.get(name, _WORST):
                    best[name] = score
        if best:
            return heapq.nsmallest(limit, best, key=best.__getitem__)
        return self.similar(key)[:limit]

    def similar(self, typed: str) -> list[str]:
        """Zones with a Latin name spelled like ``typed`` (shared letter pairs; difflib is too
        slow for a keystroke), closest first."""
        wanted = _bigrams(normalise(typed))
        scores: dict[str, float] = {}
        for pairs, zones in self.latin:
            score = 2 * len(wanted & pairs) / (len(wanted) + len(pairs))
            if score >= _SIMILAR_CUTOFF:
                for name in zones:
                    scores[name] = max(scores.get(name, 0.0), score)
        return sorted(scores, key=lambda name: (-scores[name], rank(name)))


def _ordered(found: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(set(zones), key=rank)) for key, zones in found.items()}


def _add_zone_names(
    add: Callable[[str | None, str], None], dates: Any, zone: str, locale: Any, metazone: bool
) -> None:
    add(dates.get_timezone_location(zone, locale=locale, return_city=True), zone)
    if metazone:
        for variant in ("generic", "standard", "daylight"):
            add(dates.get_timezone_name(zone, "long", zone_variant=variant, locale=locale), zone)
    else:  # a name of its own (UTC's), never the "Unknown Region (UTC)" fallback
        own = dates.get_timezone_name(zone, "long", zone_variant="standard", locale=locale)
        if own != dates.get_timezone_location(zone, locale=locale):
            add(own, zone)


def _cldr_names(canonical: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Exemplar cities, metazone names and countries in every language, by normalised name."""
    from babel import Locale, dates
    from babel.core import get_global

    meta_zones = get_global("meta_zones")
    renamed = get_global("zone_aliases")
    found: dict[str, set[str]] = {}

    def add(name: str | None, zone: str) -> None:
        key = normalise(name or "")
        if key:
            found.setdefault(key, set()).add(zone)

    zones = list(canonical)
    for lang in LANGS:
        locale = Locale.parse(lang)  # a language code is its Babel locale (bot.locale)
        for zone in zones:
            try:
                _add_zone_names(add, dates, zone, locale, zone in meta_zones)
            except LookupError:  # a zone newer than Babel's CLDR: its IANA names still work
                log.debug("CLDR has no names for %s", zone)
        known = set(zones)
        for code, members in get_global("territory_zones").items():
            for member in members:
                zone = renamed.get(member, member)
                if zone in known:
                    add(locale.territories.get(code), zone)
    return _ordered(found)


def _build() -> ZoneIndex:
    renamed = _renamed()
    names = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"} | {"UTC"})
    # "Etc/GMT+8" means UTC-8 (POSIX sign): never offered, people read it the other way round.
    offered = [n for n in names if not re.match(r"Etc/GMT[+-]", n)]
    canonical = [n for n in offered if n == "UTC" or not (is_legacy(n) or n in renamed)]
    cldr = _cldr_names(canonical)
    aliases = _ordered_aliases(ALIASES)
    by_language = {lang: _ordered_aliases(table) for lang, table in BY_LANGUAGE.items()}
    spellings: dict[str, set[str]] = {}
    for name in offered:
        spellings.setdefault(normalise(name), set()).add(name)
        if not is_legacy(name):
            spellings.setdefault(normalise(name.rsplit("/", 1)[-1]), set()).add(name)
    for table in (cldr, aliases, *by_language.values()):
        for key, zones in table.items():
            spellings.setdefault(key, set()).update(zones)
    ordered = _ordered(spellings)
    place = {name: k for k, name in enumerate(sorted(offered, key=rank))}
    entries = tuple(
        (key, tuple((int(n not in COMMON), place[n], n) for n in zones))
        for key, zones in ordered.items()
    )
    latin = tuple((_bigrams(key), zones) for key, zones in ordered.items() if key.isascii())
    return ZoneIndex(
        iana={n.lower(): n for n in names},
        aliases=aliases,
        by_language=by_language,
        names=cldr,
        entries=entries,
        latin=latin,
    )


def _renamed() -> Mapping[str, str]:
    from babel.core import get_global

    renamed: Mapping[str, str] = get_global("zone_aliases")
    return renamed


def _ordered_aliases(table: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Aliases keep the order they were written in: the first zone is the one meant."""
    return {normalise(key): zones for key, zones in table.items()}


@cache
def index() -> ZoneIndex:
    """The index, built on first use."""
    built = _build()
    log.debug("timezone index: %d spellings", len(built.entries))
    return built


def warm() -> None:
    """Build the index now (start-up), so the first keystroke does not wait for it."""
    index()
