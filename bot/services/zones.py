"""Timezones: the names studybot stores, their tzinfo, and reading what people type.

A stored zone name is an IANA name (``Asia/Shanghai``, ``UTC``) or a fixed offset written
``UTC±HH:MM`` (``UTC+08:00``, ``UTC-03:30``). :func:`parse_timezone` turns what a person typed
into one of those, :func:`zone` turns one of those into a ``tzinfo``, and :func:`offset_name`
is the one place that writes the offset form. :func:`timezone_choices` answers autocomplete.
"""

from __future__ import annotations

import difflib
import logging
import re
import zoneinfo
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache

from bot import limits
from bot.errors import BadOffset, UnknownTimezone

log = logging.getLogger(__name__)

_CLOSE_CUTOFF = 0.6
_SIMILAR_CUTOFF = 0.5
OFFSET_WEST_MAX = 12 * 60
"""Minutes behind UTC of the westernmost offset accepted (``UTC-12:00``)."""
OFFSET_EAST_MAX = 14 * 60
"""Minutes ahead of UTC of the easternmost offset accepted (``UTC+14:00``)."""

_STORED_OFFSET = re.compile(r"UTC([+-])(\d{2}):(\d{2})")
_TYPED_OFFSET = re.compile(
    r"(?:(?:utc|gmt)\s*)?([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE | re.ASCII
)

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

_NAMES: tuple[str, ...] = tuple(sorted(zoneinfo.available_timezones() | {"UTC"}))
_BY_LOWER: dict[str, str] = {name.lower(): name for name in _NAMES}
_COMMON_SET = frozenset(COMMON_TIMEZONES)
_LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")


def _rank(name: str) -> tuple[bool, bool, str]:
    """Popular zones first, then ``Area/City`` names, then legacy aliases like ``US/Eastern``."""
    legacy = "/" not in name or name.startswith(_LEGACY_PREFIXES)
    return (name not in _COMMON_SET, legacy and name != "UTC", name)


_RANKED: tuple[str, ...] = tuple(sorted(_NAMES, key=_rank))
# "Etc/GMT+8" means UTC-8 (POSIX sign): never offered, people read it the other way round.
_RANKED_LOWER: tuple[tuple[str, str, str], ...] = tuple(
    (name, name.lower(), name.rsplit("/", 1)[-1].lower())
    for name in _RANKED
    if not re.match(r"Etc/GMT[+-]", name)
)
_SPELLINGS: dict[str, list[str]] = {}
for _name, _lower, _last in _RANKED_LOWER:
    _SPELLINGS.setdefault(_lower, []).append(_name)
    if _last != _lower:
        _SPELLINGS.setdefault(_last, []).append(_name)


def _bigrams(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 2] for i in range(len(padded) - 1))


_SPELLING_BIGRAMS: tuple[tuple[frozenset[str], list[str]], ...] = tuple(
    (_bigrams(spelling), names) for spelling, names in _SPELLINGS.items()
)


def _similar_names(key: str) -> list[str]:
    """Names spelled like ``key`` by shared letter pairs: a fast stand-in for difflib.

    Autocomplete must answer within a couple of milliseconds on every keystroke, which difflib
    over six hundred names does not; the pair sets are built once at import.
    """
    wanted = _bigrams(key)
    scores: dict[str, float] = {}
    for pairs, names in _SPELLING_BIGRAMS:
        score = 2 * len(wanted & pairs) / (len(wanted) + len(pairs))
        if score >= _SIMILAR_CUTOFF:
            for name in names:
                scores[name] = max(scores.get(name, 0.0), score)
    return sorted(scores, key=lambda name: (-scores[name], _rank(name)))


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
    """``UTC+08:00``-style canonical name for an offset, None when ``text`` is not one.

    Raises for an offset that has the right shape but is out of range.
    """
    match = _TYPED_OFFSET.fullmatch(text)
    if not match:
        return None
    sign, hours, minutes = match[1], int(match[2]), int(match[3] or 0)
    total = hours * 60 + minutes
    if minutes > 59 or total > (OFFSET_EAST_MAX if sign == "+" else OFFSET_WEST_MAX):
        west = offset_name("-", *divmod(OFFSET_WEST_MAX, 60))
        east = offset_name("+", *divmod(OFFSET_EAST_MAX, 60))
        raise BadOffset(text, west, east)
    return offset_name(sign, hours, minutes)


def _close_names(typed: str, n: int) -> list[str]:
    """Up to ``n`` IANA names spelled like ``typed``, as a whole name or as a city name."""
    key = typed.strip().lower().replace(" ", "_")
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scores: dict[str, float] = {}
    for spelling, names in _SPELLINGS.items():
        matcher.set_seq1(spelling)
        if (
            matcher.real_quick_ratio() >= _CLOSE_CUTOFF
            and matcher.quick_ratio() >= _CLOSE_CUTOFF
            and (score := matcher.ratio()) >= _CLOSE_CUTOFF
        ):
            for name in names:
                scores[name] = max(scores.get(name, 0.0), score)
    return sorted(scores, key=lambda name: (-scores[name], _rank(name)))[:n]


def parse_timezone(text: str) -> str:
    """A stored zone name (what :func:`zone` accepts), from what a person typed.

    IANA names in any case come back in their canonical spelling (``asia/tokyo`` ->
    ``Asia/Tokyo``); ``UTC``, ``GMT`` and zero offsets give ``UTC``; offsets such as ``UTC+8``,
    ``GMT+5:45`` or ``+8`` give :func:`offset_name` names within ``UTC-12:00..UTC+14:00``.
    Unknown names get up to three suggestions.
    """
    key = text.strip()
    if key.lower() in ("utc", "gmt", "z"):
        return "UTC"
    canonical = _BY_LOWER.get(key.lower()) or _BY_LOWER.get(key.lower().replace(" ", "_"))
    if canonical:
        return canonical
    offset = _parse_offset(key)
    if offset:
        return offset
    raise UnknownTimezone(text, tuple(_close_names(key, 3)) if key else ())


def timezone_choices(typed: str, limit: int = limits.CHOICES_MAX) -> list[str]:
    """The zone names to offer while someone types, best first, at most ``limit`` (and
    ``limits.CHOICES_MAX``).

    Order: the offset ``typed`` spells (``+8`` -> ``UTC+08:00``), names or city names starting
    with it, names containing it, then close spellings. Popular zones lead within each group.
    Nothing typed gives :data:`COMMON_TIMEZONES`. Autocomplete runs on every keystroke, so the
    name tables are built once at import.
    """
    limit = min(limit, limits.CHOICES_MAX)
    if limit <= 0:
        return []
    key = typed.strip().lower().replace(" ", "_")
    if not key:
        return list(COMMON_TIMEZONES[:limit])
    found: dict[str, None] = {}
    try:
        offset = _parse_offset(typed.strip())
    except BadOffset:
        offset = None
    if offset:
        found[offset] = None
    prefix = [n for n, low, last in _RANKED_LOWER if low.startswith(key) or last.startswith(key)]
    found.update(dict.fromkeys(prefix))
    if len(found) < limit:
        found.update(dict.fromkeys(n for n, low, _ in _RANKED_LOWER if key in low))
    if len(found) < limit:
        found.update(dict.fromkeys(_similar_names(key)))
    return list(found)[:limit]
