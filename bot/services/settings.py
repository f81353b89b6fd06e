"""A group's settings: the one place that knows every key, its type, its default and the
values an admin may give it.

The store keeps only the settings an admin changed, as text (``Store.group_settings``); a key
the store lacks has its default here, so adding a setting never needs a migration: add a field
to ``GroupSettings`` and a ``Spec`` to ``SPECS`` (the render layer then needs its name and
description in the catalog). ``load_settings`` is what the rest of the bot reads;
``change_setting`` is the admin's command, checked and validated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum
from functools import lru_cache
from typing import Any

from bot.errors import BadSettingValue, BadTime, UnknownSetting
from bot.services.context import Actor, channel_group, require_manager
from bot.services.inputs.times import parse_time
from bot.services.numerals import number
from bot.store import Group, Store

BOARD_PERIODS = ("today", "week", "month", "all")
THREAD_ARCHIVE_MINUTES = (60, 1440, 4320, 10080)
"""Discord's choices for a thread's ``auto_archive_duration``."""


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """Every setting of a group, with its default."""

    reminders: bool = False
    """Members who have done nothing on a study day are reminded (``/remind``)."""
    reminder_time: time = time(21, 0)
    """When a member is reminded, in their own timezone, unless they chose a time: 3 hours
    before their local day ends."""
    rollcall_mentions: bool = True
    """The roll call (members whose DMs are closed) mentions them; else names them only."""
    digest: bool = True
    """The channel gets the weekly digest."""
    digest_weekday: int = 0
    """The digest's day, 0 (Monday) to 6 (Sunday), in the group's timezone."""
    digest_time: time | None = None
    """The digest's time in the group's timezone; None: the group's post time."""
    digest_names_inactive: bool = False
    """The digest names members with no activity for 3+ days; else it counts them."""
    freezes_per_month: int = 2
    """Study days a member may miss each calendar month without losing their streak."""
    break_limit_days: int = 14
    """The longest planned break a member may announce (``/break``)."""
    board: bool = False
    """The channel keeps one pinned leaderboard that the bot edits."""
    board_period: str = "week"
    """The pinned leaderboard's period: one of ``BOARD_PERIODS``."""
    threads: bool = False
    """Each daily post gets its own discussion thread."""
    thread_archive_minutes: int = 1440
    """A day thread archives after this long without messages (``THREAD_ARCHIVE_MINUTES``)."""


class Kind(StrEnum):
    FLAG = "flag"
    TIME = "time"
    TIME_OR_POST = "time_or_post"
    WEEKDAY = "weekday"
    COUNT = "count"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class Spec:
    key: str
    kind: Kind
    choices: tuple[str, ...] = ()
    """``CHOICE``: the stored values; ``COUNT``: empty (``low``..``high`` apply)."""
    low: int = 0
    high: int = 0
    members_see: bool = True
    """A change is announced in the channel (it changes what members get)."""


SPECS: dict[str, Spec] = {
    s.key: s
    for s in (
        Spec("reminders", Kind.FLAG),
        Spec("reminder_time", Kind.TIME),
        Spec("rollcall_mentions", Kind.FLAG),
        Spec("digest", Kind.FLAG),
        Spec("digest_weekday", Kind.WEEKDAY),
        Spec("digest_time", Kind.TIME_OR_POST),
        Spec("digest_names_inactive", Kind.FLAG),
        Spec("freezes_per_month", Kind.COUNT, low=0, high=10),
        Spec("break_limit_days", Kind.COUNT, low=1, high=90),
        Spec("board", Kind.FLAG),
        Spec("board_period", Kind.CHOICE, choices=BOARD_PERIODS),
        Spec("threads", Kind.FLAG),
        Spec(
            "thread_archive_minutes",
            Kind.CHOICE,
            choices=tuple(str(m) for m in THREAD_ARCHIVE_MINUTES),
        ),
    )
}
"""Every setting, in the order ``/roadmap settings`` shows them."""

DEFAULTS = GroupSettings()

_ON = frozenset(
    {"on", "true", "yes", "y", "1", "enable", "enabled", "开", "开启", "打开", "是", "启用"}
)
_OFF = frozenset(
    {"off", "false", "no", "n", "0", "disable", "disabled", "关", "关闭", "否", "停用", "禁用"}
)
_POST = frozenset({"post", "post time", "default", "发帖时间", "默认", "帖子时间"})
_WEEKDAY_NAMES = (
    ("monday", "mon", "周一", "星期一", "礼拜一"),
    ("tuesday", "tue", "tues", "周二", "星期二", "礼拜二"),
    ("wednesday", "wed", "周三", "星期三", "礼拜三"),
    ("thursday", "thu", "thur", "thurs", "周四", "星期四", "礼拜四"),
    ("friday", "fri", "周五", "星期五", "礼拜五"),
    ("saturday", "sat", "周六", "星期六", "礼拜六"),
    ("sunday", "sun", "周日", "周天", "星期日", "星期天", "礼拜日", "礼拜天"),
)
_WEEKDAYS = {name: i for i, names in enumerate(_WEEKDAY_NAMES) for name in names}


def encode(spec: Spec, value: Any) -> str:
    """A value as the store keeps it."""
    if spec.kind is Kind.FLAG:
        return "1" if value else "0"
    if spec.kind in (Kind.TIME, Kind.TIME_OR_POST):
        return "post" if value is None else value.strftime("%H:%M")
    return str(value)


def decode(spec: Spec, text: str) -> Any:
    """A stored value back; ``ValueError`` for text this code never wrote."""
    if spec.kind is Kind.FLAG:
        return {"1": True, "0": False}[text]
    if spec.kind in (Kind.TIME, Kind.TIME_OR_POST):
        if text == "post" and spec.kind is Kind.TIME_OR_POST:
            return None
        return time.fromisoformat(text)
    if spec.kind in (Kind.WEEKDAY, Kind.COUNT):
        value = int(text)
        if spec.kind is Kind.WEEKDAY and not 0 <= value <= 6:
            raise ValueError(text)
        return value
    if text not in spec.choices:
        raise ValueError(text)
    return int(text) if spec.key == "thread_archive_minutes" else text


def settings_from(stored: dict[str, str]) -> GroupSettings:
    """Settings from the store's changed values; an unknown key or unreadable value (written
    by a newer or older version) is ignored and its default kept.

    Start-up reads every group's settings, and most groups share theirs (none changed, or the
    same few): equal stored values give the same (frozen, immutable) ``GroupSettings``.
    """
    if not stored:
        return DEFAULTS
    return _decoded(frozenset(stored.items()))


@lru_cache(maxsize=4096)
def _decoded(stored: frozenset[tuple[str, str]]) -> GroupSettings:
    values: dict[str, Any] = {}
    for key, text in stored:
        spec = SPECS.get(key)
        if spec is None:
            continue
        try:
            values[key] = decode(spec, text)
        except (KeyError, ValueError):
            continue
    return replace(DEFAULTS, **values)


async def load_settings(store: Store, guild_id: int, group_id: int) -> GroupSettings:
    """The group's settings (defaults where nothing was changed)."""
    return settings_from(await store.group_settings(guild_id, group_id))


def parse_value(spec: Spec, raw: str) -> Any:
    """What an admin typed, in English or Chinese, as the setting's value; ``BadSettingValue``
    if it is not one."""
    text = re.sub(r"\s+", " ", raw.strip().casefold())
    bad = BadSettingValue(spec.key, raw.strip())
    if spec.kind is Kind.FLAG:
        if text in _ON:
            return True
        if text in _OFF:
            return False
        raise bad
    if spec.kind is Kind.TIME_OR_POST and text in _POST:
        return None
    if spec.kind in (Kind.TIME, Kind.TIME_OR_POST):
        try:
            return parse_time(raw)
        except BadTime as exc:
            raise bad from exc
    if spec.kind is Kind.WEEKDAY:
        if text in _WEEKDAYS:
            return _WEEKDAYS[text]
        found = number(text)
        if found is not None and 1 <= found <= 7:
            return found - 1
        raise bad
    if spec.kind is Kind.COUNT:
        found = number(text)
        if found is None or not spec.low <= found <= spec.high:
            raise bad
        return found
    for choice in spec.choices:
        if text == choice:
            return int(choice) if spec.key == "thread_archive_minutes" else choice
    raise bad


@dataclass(frozen=True, slots=True)
class SettingChanged:
    """The outcome of ``change_setting``: the group, the setting, and both values."""

    group: Group
    spec: Spec
    old: Any
    new: Any
    settings: GroupSettings

    @property
    def changed(self) -> bool:
        return bool(self.old != self.new)


async def group_settings_here(store: Store, actor: Actor) -> tuple[Group, GroupSettings]:
    """The channel's group and its settings, for ``/roadmap settings`` (Manage Server)."""
    require_manager(actor)
    group = await channel_group(store, actor)
    return group, await load_settings(store, actor.guild_id, group.id)


async def change_setting(store: Store, actor: Actor, key: str, raw: str) -> SettingChanged:
    """Set one setting of the channel's group from what an admin typed. Manage Server only;
    an unknown key or a bad value raises and changes nothing. Setting a value back to its
    default removes the stored row."""
    require_manager(actor)
    spec = SPECS.get(key)
    if spec is None:
        raise UnknownSetting(key, tuple(SPECS))
    value = parse_value(spec, raw)
    group = await channel_group(store, actor)
    before = await load_settings(store, actor.guild_id, group.id)
    default = getattr(DEFAULTS, key)
    stored = None if value == default else encode(spec, value)
    await store.set_group_setting(actor.guild_id, group.id, key, stored)
    after = replace(before, **{key: value})
    return SettingChanged(group, spec, getattr(before, key), value, after)


def setting_keys() -> tuple[str, ...]:
    """Every key, in the order shown."""
    return tuple(SPECS)
