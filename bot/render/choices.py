"""Autocomplete answers: roadmaps and timezones as command choices, within Discord's limits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from discord import app_commands

from bot.limits import CHOICE_NAME_MAX, CHOICE_VALUE_MAX, CHOICES_MAX
from bot.render.discord_parts import clip
from bot.roadmaps import Lang, Roadmap
from bot.services.zones import ZoneChoice


def _choice(name: str, value: str) -> app_commands.Choice[str]:
    if len(value) > CHOICE_VALUE_MAX:
        raise ValueError(f"choice value over {CHOICE_VALUE_MAX} characters: {value!r}")
    return app_commands.Choice(name=clip(name, CHOICE_NAME_MAX), value=value)


def roadmap_choices(found: Iterable[Roadmap], lang: Lang) -> list[app_commands.Choice[str]]:
    """``id · title`` for each roadmap; the value is the id."""
    choices = [_choice(f"{r.id} · {r.title.get(lang)}", r.id) for r in found]
    return choices[:CHOICES_MAX]


def utc_offset(offset: timedelta) -> str:
    """``UTC+8``, ``UTC-3:30``, ``UTC+5:45``; ``UTC`` for zero."""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(c: ZoneChoice) -> str:
    """``上海 · 中国标准时间 (UTC+8)``, ``Shanghai · China Standard Time (UTC+8)``; an old
    spelling leads with itself (``US/Eastern · New York · ...``), an offset is itself."""
    parts = [p for p in (c.name if c.legacy else None, c.city, c.zone_name) if p]
    if not c.city:
        parts.insert(0, c.name)
    label = " · ".join(dict.fromkeys(parts))
    return label if c.name.startswith("UTC") else f"{label} ({utc_offset(c.offset)})"


def timezone_choices(found: Iterable[ZoneChoice]) -> list[app_commands.Choice[str]]:
    """Each zone in the reader's words (``zone_label``); the value is the stored name."""
    return [_choice(zone_label(c), c.name) for c in found][:CHOICES_MAX]
