"""Timezones: the names studybot stores, their tzinfo, and reading what people type.

A stored zone name is an IANA name (``Asia/Shanghai``, ``UTC``) or a fixed offset written
``UTC±HH:MM`` (``UTC+08:00``, ``UTC-03:30``). :func:`parse_timezone` turns what a person typed,
in English or Chinese, into one of those: IANA names, offsets (``UTC+8``, ``东八区``), and the
names of :mod:`.zone_index` (cities, ``China Standard Time``, ``北京时间``, countries,
abbreviations). :func:`zone` turns a stored name into a ``tzinfo``, :func:`offset_name` is the one
place that writes the offset form, :func:`timezone_choices` answers autocomplete and
:func:`describe` names a zone for a reader. Problems are typed errors (render words them).
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Literal

from bot import limits
from bot.errors import AmbiguousTimezone, BadOffset, UnknownTimezone
from bot.locale import Lang
from bot.services.numerals import CHINESE_NUMERALS, number
from bot.services.zone_index import COMMON_TIMEZONES, index, is_legacy, rank

log = logging.getLogger(__name__)

__all__ = [
    "COMMON_TIMEZONES",
    "OFFSET_EAST_MAX",
    "OFFSET_WEST_MAX",
    "ZoneChoice",
    "describe",
    "offset_name",
    "parse_timezone",
    "timezone_choices",
    "zone",
]

OFFSET_WEST_MAX = 12 * 60
"""Minutes behind UTC of the westernmost offset accepted (``UTC-12:00``)."""
OFFSET_EAST_MAX = 14 * 60
"""Minutes ahead of UTC of the easternmost offset accepted (``UTC+14:00``)."""
CHOICES_IN_AN_ANSWER = 5
"""Zones an error offers (suggestions, or the meanings of an ambiguous name)."""

_STORED_OFFSET = re.compile(r"UTC([+-])(\d{2}):(\d{2})")
_TYPED_OFFSET = re.compile(
    r"(?:(?:utc|gmt)\s*)?([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE | re.ASCII
)
_CHINESE_OFFSET = re.compile(rf"([东西])([0-9{CHINESE_NUMERALS}]{{1,3}})区")


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """A zone as a reader sees it at one instant: ``Shanghai · China Standard Time (UTC+8)``."""

    name: str
    """The stored name (the choice's value)."""
    city: str | None
    """CLDR's exemplar city in the reader's language; None for UTC and offsets."""
    zone_name: str | None
    """The metazone's name at that instant (standard or daylight), in the reader's language."""
    offset: timedelta
    """The UTC offset at that instant."""
    legacy: bool
    """An old spelling (``US/Eastern``): shown with its name, since its city is another's."""


def offset_name(sign: str, hours: int, minutes: int) -> str:
    """The stored name of a fixed offset: ``UTC+08:00``, ``UTC-03:30``; a zero offset is ``UTC``."""
    return "UTC" if hours == minutes == 0 else f"UTC{sign}{hours:02d}:{minutes:02d}"


@lru_cache(maxsize=1024)
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name: ``ZoneInfo``, or a fixed offset for ``UTC±HH:MM``.

    Raises ``zoneinfo.ZoneInfoNotFoundError`` (a ``KeyError``) for an unknown name; names are
    validated on input by :func:`parse_timezone`.
    """
    match = _STORED_OFFSET.fullmatch(name)
    if match:
        sign = -1 if match[1] == "-" else 1
        return timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3])), name)
    return zoneinfo.ZoneInfo(name)


def _parse_offset(text: str) -> str | None:
    """``UTC+08:00``-style name for an offset (``UTC+8``, ``+8``, ``东八区``), None when ``text``
    is not one. Raises ``BadOffset`` for the right shape out of range."""
    match = _TYPED_OFFSET.fullmatch(text)
    chinese = _CHINESE_OFFSET.fullmatch(text)
    if match:
        sign, hours, minutes = match[1], int(match[2]), int(match[3] or 0)
    elif chinese and (count := number(chinese[2])) is not None:
        sign, hours, minutes = ("+" if chinese[1] == "东" else "-"), count, 0
    else:
        return None
    total = hours * 60 + minutes
    if minutes > 59 or total > (OFFSET_EAST_MAX if sign == "+" else OFFSET_WEST_MAX):
        west = offset_name("-", *divmod(OFFSET_WEST_MAX, 60))
        east = offset_name("+", *divmod(OFFSET_EAST_MAX, 60))
        raise BadOffset(text, west, east)
    return offset_name(sign, hours, minutes)


@lru_cache(maxsize=4096)
def _city(name: str, lang: Lang) -> str | None:
    from babel import dates

    if name == "UTC":
        return None
    try:
        city: str = dates.get_timezone_location(name, locale=lang, return_city=True)
    except LookupError:  # a zone newer than Babel's CLDR
        return None
    return city


@lru_cache(maxsize=4096)
def _zone_name(name: str, lang: Lang, daylight: bool) -> str | None:
    from babel import dates
    from babel.core import get_global

    locale = lang
    variant: Literal["daylight", "standard"] = "daylight" if daylight else "standard"
    try:
        found: str = dates.get_timezone_name(name, "long", zone_variant=variant, locale=locale)
        fallback = dates.get_timezone_location(name, locale=locale)
    except LookupError:  # a zone newer than Babel's CLDR
        return None
    if name not in get_global("meta_zones") and found == fallback:
        return None  # CLDR has no name for it: "Unknown Region (...) Time"
    return found


def describe(name: str, lang: Lang, at: datetime) -> ZoneChoice:
    """How a reader of ``lang`` sees the stored zone ``name`` at ``at``."""
    tz = zone(name)
    local = at.astimezone(tz)
    offset = local.utcoffset() or timedelta(0)
    if _STORED_OFFSET.fullmatch(name):
        return ZoneChoice(name, None, None, offset, False)
    daylight = bool(local.dst())
    return ZoneChoice(
        name, _city(name, lang), _zone_name(name, lang, daylight), offset, is_legacy(name)
    )


def _clock(name: str, now: datetime) -> tuple[timedelta | None, ...]:
    """The zone's UTC offsets twice a month for the coming year: equal clocks, equal tuples."""
    tz = zone(name)
    return tuple((now + timedelta(days=15 * k)).astimezone(tz).utcoffset() for k in range(25))


def _resolve(typed: str, zones: tuple[str, ...], curated: bool, now: datetime) -> str:
    """The zone a name means, or ``AmbiguousTimezone`` with one zone per distinct clock.

    A curated alias means its first zone unless it lists other clocks. A CLDR name shared by
    zones on one clock (``China Standard Time``: Shanghai, Macau) means the most popular; so does
    a country whose popular zones keep one clock (``Germany``), while ``United States`` asks.
    """
    pool = zones if curated else tuple(n for n in zones if n in COMMON_TIMEZONES) or zones
    clocks: dict[tuple[timedelta | None, ...], str] = {}
    for name in pool:
        clocks.setdefault(_clock(name, now), name)
    if len(clocks) == 1:
        return pool[0]
    if not curated:
        clocks = {}
        for name in sorted(zones, key=rank):
            clocks.setdefault(_clock(name, now), name)
    raise AmbiguousTimezone(typed, tuple(clocks.values())[:CHOICES_IN_AN_ANSWER], now)


def parse_timezone(text: str, lang: Lang, now: datetime) -> str:
    """A stored zone name (what :func:`zone` accepts), from what a reader of ``lang`` typed.

    IANA names in any case come back in their canonical spelling (``asia/tokyo`` ->
    ``Asia/Tokyo``); ``UTC``, ``GMT`` and zero offsets give ``UTC``; offsets such as ``UTC+8``,
    ``GMT+5:45``, ``+8`` or ``东八区`` give :func:`offset_name` names within
    ``UTC-12:00..UTC+14:00``; cities, zone names, countries and abbreviations in English or
    Chinese give the IANA name they mean (``Beijing``, ``北京时间``, ``中国`` -> ``Asia/Shanghai``;
    ``CST`` is China's for a Chinese reader and ambiguous for others). ``now`` decides which
    clocks are the same (and the offsets shown in an answer). Raises (:mod:`bot.errors`)
    ``UnknownTimezone`` (with up to five close names), ``AmbiguousTimezone`` or ``BadOffset``.
    """
    key = unicodedata.normalize("NFKC", text).strip()
    if key.lower() in ("utc", "gmt", "z"):
        return "UTC"
    found = index()
    canonical = found.iana.get(key.lower()) or found.iana.get(key.lower().replace(" ", "_"))
    if canonical and not is_legacy(canonical):
        return canonical
    offset = _parse_offset(key)
    if offset:
        return offset
    meant = found.lookup(key, lang) if key else None
    if meant is not None:
        return _resolve(text.strip(), *meant, now)
    if canonical:
        return canonical
    close = found.similar(key)[:CHOICES_IN_AN_ANSWER] if key else []
    raise UnknownTimezone(text, tuple(close), now)


def timezone_choices(
    typed: str, lang: Lang, now: datetime, limit: int = limits.CHOICES_MAX
) -> list[ZoneChoice]:
    """The zones to offer while someone types, best first, at most ``limit`` (and
    ``limits.CHOICES_MAX``), described for a reader of ``lang`` at ``now``.

    Order: the offset ``typed`` spells (``+8`` -> ``UTC+08:00``), names starting with it (IANA
    names, cities, zone names, countries, aliases, in English and Chinese), names containing it,
    then close spellings; popular zones and shorter names lead within each. Nothing typed gives
    :data:`COMMON_TIMEZONES`. Runs on every keystroke: the index is built once.
    """
    limit = min(limit, limits.CHOICES_MAX)
    if limit <= 0:
        return []
    key = unicodedata.normalize("NFKC", typed).strip()
    if not key:
        names = list(COMMON_TIMEZONES[:limit])
    else:
        try:
            offset = _parse_offset(key)
        except BadOffset:
            offset = None
        names = [offset] if offset else []
        names += [n for n in index().search(key, limit) if n != offset]
    return [describe(name, lang, now) for name in names[:limit]]
