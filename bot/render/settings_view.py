"""``/roadmap settings`` as its admin reads it (their own language): every setting with its
value and what it means, the answer to a change, and the ``value`` option's suggestions."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.limits import CHOICES_MAX, CONTENT_MAX
from bot.locale import Lang
from bot.render.catalog import for_lang
from bot.render.choices import _choice
from bot.render.discord_parts import Message, add_field, clip, embed
from bot.render.settings import setting_help, setting_name, value_text
from bot.services.settings import SPECS, GroupSettings, SettingChanged, Spec


def settings_list(roadmap_id: str, settings: GroupSettings, lang: Lang) -> Message:
    """One field per setting (there are fewer than Discord's 25): name, value, meaning."""
    t = for_lang(lang)
    e = embed(
        t.gettext("Settings · {roadmap}", roadmap=roadmap_id),
        t.gettext(
            "Change one with `/roadmap settings setting:<name> value:<new value>`; members are "
            "told in this channel when a change affects them."
        ),
    )
    for key, spec in SPECS.items():
        value = value_text(spec, getattr(settings, key), t)
        add_field(e, f"{setting_name(key, t)}: {value}", setting_help(key, t))
    return Message(embeds=[e])


def setting_changed(outcome: SettingChanged, lang: Lang) -> Message:
    t = for_lang(lang)
    spec = outcome.spec
    name = setting_name(spec.key, t)
    if not outcome.changed:
        text = t.gettext(
            "**{setting}** is already **{value}**: nothing changed.",
            setting=name,
            value=value_text(spec, outcome.new, t),
        )
    else:
        text = t.gettext(
            "**{setting}**: {old} → **{new}**.",
            setting=name,
            old=value_text(spec, outcome.old, t),
            new=value_text(spec, outcome.new, t),
        )
        if spec.members_see:
            text += " " + t.gettext("The channel has been told.")
    return Message(content=clip(text, CONTENT_MAX))


def value_choices(
    spec: Spec, found: list[tuple[Any, str]], typed: str, lang: Lang
) -> list[app_commands.Choice[str]]:
    """Each suggested value in the reader's words; the choice's value is text the setting
    accepts. What was typed filters the suggestions by their words or values."""
    t = for_lang(lang)
    named = [(value_text(spec, value, t), raw) for value, raw in found]
    needle = typed.strip().casefold()
    if needle:
        hits = [(n, r) for n, r in named if needle in n.casefold() or needle in r.casefold()]
        if found and found[0][1] == typed.strip():  # it parsed: keep it first
            hits = [named[0], *[h for h in hits if h != named[0]]]
        named = hits or named
    return [_choice(f"{name} ({raw})" if name != raw else name, raw) for name, raw in named][
        :CHOICES_MAX
    ]
