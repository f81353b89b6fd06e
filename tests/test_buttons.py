"""Every custom-id spec has exactly one persistent button, which reads its id back."""

from __future__ import annotations

from typing import Any, cast

import discord
import pytest

import cogs.cards
import cogs.digest
import cogs.members
import cogs.milestones
import cogs.roadmap
import cogs.study
from bot.render import ids
from cogs.buttons import PersistentButton

MODULES = (cogs.cards, cogs.members, cogs.roadmap, cogs.study)
MODULES += (cogs.milestones,)  # milestone roles (issue 15)
MODULES += (cogs.digest,)  # the weekly digest (issue 14)


def buttons() -> list[type[PersistentButton[Any]]]:
    found = [
        value
        for module in MODULES
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, PersistentButton)
    ]
    return [b for b in found if b is not PersistentButton]


def test_one_button_per_spec() -> None:
    specs = [b.spec.kind for b in buttons()]
    assert sorted(specs) == sorted(s.kind for s in ids.SPECS)
    for button in buttons():
        assert button.__discord_ui_compiled_template__.pattern == button.spec.template
        assert button.handle is not PersistentButton.handle, button


@pytest.mark.parametrize("button", buttons(), ids=lambda b: b.__name__)
async def test_a_click_builds_the_item_with_the_ids_fields(
    button: type[PersistentButton[Any]],
) -> None:
    custom_id = button.spec.widest()
    match = button.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None
    interaction = cast(discord.Interaction, None)  # not read when building the item
    item = await button.from_custom_id(interaction, cast(discord.ui.Item[Any], None), match)
    assert isinstance(item, button)
    assert item.ref == button.spec.match(custom_id)
    assert item.custom_id == custom_id


def test_the_base_template_matches_nothing() -> None:
    never = PersistentButton.__discord_ui_compiled_template__
    assert all(never.search(spec.widest()) is None for spec in ids.SPECS)
