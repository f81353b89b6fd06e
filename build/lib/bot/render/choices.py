"""Autocomplete answers: roadmaps and timezones as command choices, within Discord's limits."""

from __future__ import annotations

from collections.abc import Iterable

from discord import app_commands

from bot.limits import CHOICE_NAME_MAX, CHOICE_VALUE_MAX, CHOICES_MAX
from bot.render.discord_parts import clip
from bot.roadmaps import Lang, Roadmap


def _choice(name: str, value: str) -> app_commands.Choice[str]:
    if len(value) > CHOICE_VALUE_MAX:
        raise ValueError(f"choice value over {CHOICE_VALUE_MAX} characters: {value!r}")
    return app_commands.Choice(name=clip(name, CHOICE_NAME_MAX), value=value)


def roadmap_choices(found: Iterable[Roadmap], lang: Lang) -> list[app_commands.Choice[str]]:
    """``id · title`` for each roadmap; the value is the id."""
    choices = [_choice(f"{r.id} · {r.title.get(lang)}", r.id) for r in found]
    return choices[:CHOICES_MAX]


def timezone_choices(names: Iterable[str]) -> list[app_commands.Choice[str]]:
    return [_choice(name, name) for name in names][:CHOICES_MAX]
