"""A group's settings: defaults, what admins may type in English and Chinese, and refusals
that change nothing."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time

import pytest

from bot.errors import BadSettingValue, NotManager, UnknownSetting
from bot.services.context import Actor
from bot.services.settings import (
    DEFAULTS,
    SPECS,
    decode,
    encode,
    group_settings_here,
    load_settings,
    parse_value,
    settings_from,
)
from bot.store import NewGroup, Store
from tests.explain import refused

GUILD, CHANNEL = 1001, 11
ADMIN = Actor(GUILD, CHANNEL, 1, can_manage=True)
PLAIN = Actor(GUILD, CHANNEL, 2)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def _group(store: Store) -> int:
    new = NewGroup(GUILD, CHANNEL, "14day", date(2026, 3, 2), time(9), "UTC", 1)
    return (await store.create_group(new, NOW)).id


def test_every_setting_has_a_spec_and_its_default_round_trips() -> None:
    assert [f.name for f in fields(DEFAULTS)] == list(SPECS)
    for key, spec in SPECS.items():
        value = getattr(DEFAULTS, key)
        assert decode(spec, encode(spec, value)) == value, key


@pytest.mark.parametrize(
    ("key", "typed", "value"),
    [
        ("reminders", "on", True),
        ("reminders", "开启", True),
        ("reminders", " OFF ", False),
        ("reminders", "关", False),
        ("reminder_time", "8pm", time(20, 0)),
        ("reminder_time", "晚上9点", time(21, 0)),
        ("digest_time", "post", None),
        ("digest_time", "默认", None),
        ("digest_time", "07:30", time(7, 30)),
        ("digest_weekday", "Friday", 4),
        ("digest_weekday", "周日", 6),
        ("digest_weekday", "星期三", 2),
        ("digest_weekday", "1", 0),
        ("freezes_per_month", "0", 0),
        ("freezes_per_month", "三", 3),
        ("break_limit_days", "30", 30),
        ("board_period", "month", "month"),
        ("thread_archive_minutes", "4320", 4320),
    ],
)
def test_values_typed_in_either_language(key: str, typed: str, value: object) -> None:
    assert parse_value(SPECS[key], typed) == value


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("reminders", "maybe"),
        ("reminder_time", "25:00"),
        ("digest_weekday", "8"),
        ("digest_weekday", "someday"),
        ("freezes_per_month", "11"),
        ("freezes_per_month", "-1"),
        ("break_limit_days", "0"),
        ("board_period", "year"),
        ("thread_archive_minutes", "30"),
    ],
)
def test_bad_values_are_refused_with_what_is_accepted(key: str, typed: str) -> None:
    with refused(r"Nothing was changed", BadSettingValue) as caught:
        parse_value(SPECS[key], typed)
    assert caught.value.key == key


def test_unreadable_stored_values_keep_their_defaults() -> None:
    stored = {"reminders": "1", "freezes_per_month": "x", "from_the_future": "1"}
    assert settings_from(stored) == DEFAULTS.__class__(reminders=True)


async def test_admins_change_settings_and_defaults_are_not_stored(store: Store) -> None:
    from bot.services.settings import change_setting

    group_id = await _group(store)
    changed = await change_setting(store, ADMIN, "freezes_per_month", "4")
    assert changed.changed and (changed.old, changed.new) == (2, 4)
    assert changed.settings.freezes_per_month == 4
    assert await store.group_settings(GUILD, group_id) == {"freezes_per_month": "4"}
    again = await change_setting(store, ADMIN, "freezes_per_month", "2")
    assert (again.old, again.new) == (4, 2) and again.group.id == group_id
    assert await store.group_settings(GUILD, group_id) == {}
    assert await load_settings(store, GUILD, group_id) == DEFAULTS


async def test_refusals_change_nothing(store: Store) -> None:
    from bot.services.settings import change_setting

    group_id = await _group(store)
    with refused(kind=NotManager):
        await change_setting(store, PLAIN, "reminders", "on")
    with refused(r"There is no setting `colour`", UnknownSetting):
        await change_setting(store, ADMIN, "colour", "blue")
    with refused(r"`sometimes` is not a value for “Reminders”. Use `on` or `off`"):
        await change_setting(store, ADMIN, "reminders", "sometimes")
    with refused(kind=NotManager):
        await group_settings_here(store, PLAIN)
    assert await store.group_settings(GUILD, group_id) == {}
