"""Parsers for what people type into commands: times, timezones and start dates.

Each parser returns a normalised value or raises :class:`~bot.errors.UserFacingError` whose
message says what is accepted, with an example, so the Discord layer can show it as is.
"""

from __future__ import annotations

import difflib
import logging
import re
import zoneinfo
from datetime import date, time, timedelta

from bot.errors import UserFacingError

log = logging.getLogger(__name__)

_ECHO_LIMIT = 40
_MAX_CHOICES = 25
_START_WINDOW_DAYS = 366
_CLOSE_CUTOFF = 0.6
_SIMILAR_CUTOFF = 0.5

_TIME_RE = re.compile(
    r"(\d{1,2})(?:[:h](\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE | re.ASCII
)
_OFFSET_RE = re.compile(
    r"(?:(?:utc|gmt)\s*)?([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE | re.ASCII
)

TIME_HELP = "Use 24-hour `HH:MM` like `09:00` or `21:30`, or 12-hour like `9am` or `9:30pm`."
TIMEZONE_HELP = (
    "Use an IANA name like `Asia/Shanghai` or `America/New_York`, "
    "or an offset from UTC like `UTC+8` or `UTC-03:30`."
)
START_HELP = "Use `today`, `tomorrow` or a date written `YYYY-MM-DD`, like `2026-09-01`."

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


def _echo(text: str) -> str:
    """The user's input in code formatting, shortened and without backticks of its own."""
    clean = text.strip().replace("`", "'")
    if not clean:
        return '""'
    return f"`{clean if len(clean) <= _ECHO_LIMIT else clean[: _ECHO_LIMIT - 1] + '…'}`"


def parse_time(text: str) -> time:
    """A wall time from ``9``, ``09:00``, ``9am``, ``9 AM``, ``9:30pm``, ``21:30``, ``9h30``.

    ``12am`` is midnight and ``12pm`` noon; a 12-hour time needs an hour from 1 to 12.
    """
    match = _TIME_RE.fullmatch(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        half = (match[3] or "").lower()
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half == "p" else 0)
        elif half:
            hour = -1
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return time(hour, minute)
    raise UserFacingError(f"I couldn't read {_echo(text)} as a time. {TIME_HELP}")


def _offset_name(sign: str, hours: int, minutes: int) -> str:
    return "UTC" if hours == minutes == 0 else f"UTC{sign}{hours:02d}:{minutes:02d}"


def _parse_offset(text: str) -> str | None:
    """``UTC+08:00``-style canonical name for an offset, None when ``text`` is not one.

    Raises for an offset that has the right shape but is out of range.
    """
    match = _OFFSET_RE.fullmatch(text)
    if not match:
        return None
    sign, hours, minutes = match[1], int(match[2]), int(match[3] or 0)
    total = hours * 60 + minutes
    if minutes > 59 or total > (14 * 60 if sign == "+" else 12 * 60):
        raise UserFacingError(
            f"{_echo(text)} is not a real UTC offset: offsets go from `UTC-12:00` to "
            f"`UTC+14:00`. {TIMEZONE_HELP}"
        )
    return _offset_name(sign, hours, minutes)


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
    """A zone name ``bot.services.schedule.zone`` accepts, from what a person typed.

    IANA names in any case come back in their canonical spelling (``asia/tokyo`` ->
    ``Asia/Tokyo``); ``UTC``, ``GMT`` and zero offsets give ``UTC``; offsets such as ``UTC+8``,
    ``GMT+5:45`` or ``+8`` give ``UTC+08:00``-style names within ``UTC-12:00..UTC+14:00``.
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
    message = f"I don't know the timezone {_echo(text)}. {TIMEZONE_HELP}"
    suggestions = _close_names(key, 3) if key else []
    if suggestions:
        message += " Did you mean " + ", ".join(f"`{name}`" for name in suggestions) + "?"
    raise UserFacingError(message)


def parse_start(text: str, today: date) -> date:
    """The first date of a group: ``today``, ``tomorrow`` or ``YYYY-MM-DD`` within 366 days.

    The window keeps typos such as ``2062`` for ``2026`` from silently creating a group that
    never posts, or one that is already long finished.
    """
    key = text.strip().lower()
    if key == "today":
        return today
    if key == "tomorrow":
        return today + timedelta(days=1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
        try:
            chosen = date.fromisoformat(key)
        except ValueError:
            raise UserFacingError(
                f"{_echo(text)} is not a date on the calendar. {START_HELP}"
            ) from None
        if abs((chosen - today).days) > _START_WINDOW_DAYS:
            raise UserFacingError(
                f"`{chosen.isoformat()}` is too far from today ({today.isoformat()}): the start "
                f"must be within {_START_WINDOW_DAYS} days before or after it. {START_HELP}"
            )
        return chosen
    raise UserFacingError(f"I couldn't read {_echo(text)} as a start date. {START_HELP}")


def timezone_choices(typed: str, limit: int = _MAX_CHOICES) -> list[str]:
    """The zone names to offer while someone types, best first, at most ``limit`` (and 25).

    Order: the offset ``typed`` spells (``+8`` -> ``UTC+08:00``), names or city names starting
    with it, names containing it, then close spellings. Popular zones lead within each group.
    Nothing typed gives :data:`COMMON_TIMEZONES`. Autocomplete runs on every keystroke, so the
    name tables are built once at import.
    """
    limit = min(limit, _MAX_CHOICES)
    if limit <= 0:
        return []
    key = typed.strip().lower().replace(" ", "_")
    if not key:
        return list(COMMON_TIMEZONES[:limit])
    found: dict[str, None] = {}
    try:
        offset = _parse_offset(typed.strip())
    except UserFacingError:
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
