"""``/roadmap settings`` beyond the settings service: a change that members feel is
announced in the channel, and the values the ``value`` option suggests for each setting."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from bot.errors import UserFacingError
from bot.services.announcements import announce
from bot.services.context import Actor
from bot.services.settings import SPECS, Kind, SettingChanged, Spec, change_setting, parse_value
from bot.store import Store

COMMON_TIMES = tuple(time(h, 0) for h in (7, 8, 9, 12, 18, 19, 20, 21, 22))
COMMON_COUNTS = (1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90)


async def change_announced(
    store: Store, actor: Actor, key: str, raw: str, now: datetime
) -> SettingChanged:
    """``change_setting``, then (if the value really changed and members feel it) an
    announcement in the channel, recorded before the admin is answered."""
    outcome = await change_setting(store, actor, key, raw)
    if outcome.changed and outcome.spec.members_see:
        await announce(store, outcome.group, "setting", now, detail=key)
    return outcome


def candidates(spec: Spec) -> list[tuple[Any, str]]:
    """Every value worth suggesting for ``spec``: (the value, text ``parse_value`` reads back
    as it)."""
    if spec.kind is Kind.FLAG:
        return [(True, "on"), (False, "off")]
    if spec.kind in (Kind.TIME, Kind.TIME_OR_POST):
        times = [(t, t.strftime("%H:%M")) for t in COMMON_TIMES]
        return [(None, "post"), *times] if spec.kind is Kind.TIME_OR_POST else times
    if spec.kind is Kind.WEEKDAY:
        return [(d, str(d + 1)) for d in range(7)]
    if spec.kind is Kind.COUNT:
        if spec.high - spec.low < 25:
            counts = list(range(spec.low, spec.high + 1))
        else:
            counts = [n for n in COMMON_COUNTS if spec.low <= n <= spec.high]
        return [(n, str(n)) for n in counts]
    return [(int(c) if c.isdigit() else c, c) for c in spec.choices]


def value_suggestions(key: str | None, typed: str) -> tuple[Spec, list[tuple[Any, str]]] | None:
    """The values to suggest for setting ``key`` given what was typed: what it reads as (if
    valid) first, then the candidates; None for an unknown or missing setting."""
    spec = SPECS.get(key or "")
    if spec is None:
        return None
    found = candidates(spec)
    if typed.strip():
        try:
            value = parse_value(spec, typed)
        except UserFacingError:
            return spec, found
        found = [(value, typed.strip())] + [c for c in found if c[0] != value]
    return spec, found
