"""A group's settings and its members' planned breaks.

Settings are key/value text per group: the keys, their types and their defaults belong to
``bot.services.settings``; the store keeps only what an admin changed (a missing key is the
default). Breaks are inclusive ranges of a member's local dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.shards import ShardSet


@dataclass(frozen=True, slots=True)
class GroupSetting:
    """One changed setting of one group (what ``studybot db copy`` carries)."""

    guild_id: int
    group_id: int
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class MemberBreak:
    """A planned break: the member neither studies nor loses their streak from ``start`` to
    ``end``, both included, in their local dates."""

    guild_id: int
    group_id: int
    user_id: int
    start: date
    end: date
    created_at: datetime


class SettingsQueries(Protocol):
    async def group_settings(self, guild_id: int, group_id: int) -> dict[str, str]:
        """The group's changed settings, by key; empty for a group of another server."""
        ...

    async def set_group_setting(
        self, guild_id: int, group_id: int, key: str, value: str | None
    ) -> bool:
        """Set one setting (``None`` removes it: back to the default); False (and nothing
        written) when the group is not in that server."""
        ...

    async def settings_all_guilds(self, shards: ShardSet) -> dict[int, dict[str, str]]:
        """Start-up's batch read: the changed settings of every running group the shards
        serve, by group id."""
        ...

    async def setting_all_guilds(self, shards: ShardSet, key: str) -> list[GroupSetting]:
        """Start-up's batch read of one setting: every running group the shards serve whose
        ``key`` was changed (most groups keep their defaults), with its stored value, by
        group id."""
        ...

    async def add_break(self, brk: MemberBreak) -> bool:
        """Insert a break; False (nothing written) if the member has no row in the group or a
        break starting that day exists. Overlaps are the service's rule, not checked here."""
        ...

    async def breaks(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[MemberBreak]:
        """The group's breaks (one member's if ``user_id``), by member then start."""
        ...

    async def remove_break(self, guild_id: int, group_id: int, user_id: int, start: date) -> bool:
        """Delete the member's break starting ``start``; whether one was deleted."""
        ...


class SettingsStore:
    """The ``Store`` methods for settings and breaks (contracts on ``SettingsQueries``)."""

    _settings: SettingsQueries

    def _init_settings(self, settings: SettingsQueries) -> None:
        self._settings = settings

    async def group_settings(self, guild_id: int, group_id: int) -> dict[str, str]:
        return await self._settings.group_settings(guild_id, group_id)

    async def set_group_setting(
        self, guild_id: int, group_id: int, key: str, value: str | None
    ) -> bool:
        return await self._settings.set_group_setting(guild_id, group_id, key, value)

    async def settings_all_guilds(self, shards: ShardSet) -> dict[int, dict[str, str]]:
        return await self._settings.settings_all_guilds(shards)

    async def setting_all_guilds(self, shards: ShardSet, key: str) -> list[GroupSetting]:
        return await self._settings.setting_all_guilds(shards, key)

    async def add_break(self, brk: MemberBreak) -> bool:
        return await self._settings.add_break(brk)

    async def breaks(
        self, guild_id: int, group_id: int, user_id: int | None = None
    ) -> list[MemberBreak]:
        return await self._settings.breaks(guild_id, group_id, user_id)

    async def remove_break(self, guild_id: int, group_id: int, user_id: int, start: date) -> bool:
        return await self._settings.remove_break(guild_id, group_id, user_id, start)
