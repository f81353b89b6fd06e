"""The base of every persistent button: its id spec gives the template and the parsed fields.

A subclass names its spec and implements ``handle``::

    class JoinButton(PersistentButton[ids.GroupRef], spec=ids.join):
        async def handle(self, interaction: discord.Interaction) -> None: ...

discord.py matches a click's ``custom_id`` against the spec's template and builds the item with
the parsed fields in ``self.ref``; ``handle`` runs inside ``guarded``, so any error becomes an
ephemeral reply. The buttons people see (with their labels in the reader's language) are built
by ``bot.render``; these items only receive the clicks, which is why they survive restarts.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Generic, Self, TypeVar

import discord

from bot.render.ids import IdSpec
from cogs.common import guarded

Ref = TypeVar("Ref", bound=tuple[Any, ...])

_NEVER = r"(?!)"  # the base itself is never registered; each subclass gets its spec's template


class PersistentButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], Generic[Ref], template=_NEVER
):
    spec: ClassVar[IdSpec[..., Any]]

    def __init_subclass__(cls, *, spec: IdSpec[..., Any], **kwargs: Any) -> None:
        super().__init_subclass__(template=spec.template, **kwargs)
        cls.spec = spec

    def __init__(self, ref: Ref) -> None:
        # never shown: the button people see is rendered; this one only matches its clicks
        super().__init__(discord.ui.Button(label=self.spec.kind, custom_id=self.spec.build(ref)))
        self.ref = ref

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(cls.spec.parse(match))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, lambda: self.handle(interaction))

    async def handle(self, interaction: discord.Interaction) -> None:
        """What a click does; errors are reported to the clicker by ``callback``."""
        raise NotImplementedError
