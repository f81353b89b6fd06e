"""``/roadmap settings`` and the announcements of changes in words: both languages, every
setting and every kind, within Discord's limits, times as Discord timestamps."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time, timedelta

import pytest

from bot.render.announcements import announcement, text
from bot.render.settings_view import setting_changed, settings_list, value_choices
from bot.services.announcements import Notice
from bot.services.setting_changes import candidates, value_suggestions
from bot.services.settings import DEFAULTS, SPECS, SettingChanged
from bot.store.features.announcements import Announcement
from tests.render.checks import MAX_GROUP, NOW, ROADMAPS, check, make_group

LANGS = ["en", "zh"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_list_shows_every_setting(lang: str) -> None:
    message = settings_list("3month", DEFAULTS, lang)
    check(message)
    (embed,) = message.embeds
    assert len(embed.fields) == len(SPECS)
    assert all(f.value for f in embed.fields)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", list(SPECS))
def test_a_change_is_answered_and_its_values_suggested(lang: str, key: str) -> None:
    spec = SPECS[key]
    old = getattr(DEFAULTS, key)
    values = candidates(spec)
    new = next(v for v, _ in values if v != old)
    outcome = SettingChanged(make_group(), spec, old, new, replace(DEFAULTS, **{key: new}))
    check(setting_changed(outcome, lang))
    same = SettingChanged(make_group(), spec, old, old, DEFAULTS)
    assert check(setting_changed(same, lang)) == []
    choices = value_choices(spec, values, "", lang)
    assert 1 <= len(choices) <= 25
    for c in choices:
        assert 1 <= len(c.name) <= 100 and 1 <= len(str(c.value)) <= 100


def test_what_was_typed_comes_first_when_it_is_valid() -> None:
    found = value_suggestions("reminder_time", "晚上9点半")
    assert found is not None
    spec, values = found
    assert values[0] == (time(21, 30), "晚上9点半")
    assert value_choices(spec, values, "晚上9点半", "zh")[0].value == "晚上9点半"
    assert value_suggestions("nope", "x") is None
    counts = value_suggestions("break_limit_days", "")
    assert counts is not None and len(counts[1]) <= 25


def notice(kind: str, detail: str = "", **kw: object) -> Notice:
    group = make_group("3month", language=None)
    row = Announcement(MAX_GROUP, group.guild_id, group.id, kind, detail, "n" * 21, NOW)
    spec = SPECS.get(detail) if kind == "setting" else None
    value = getattr(DEFAULTS, detail) if spec is not None else None
    base = Notice(row, group, ROADMAPS["3month"], NOW + timedelta(hours=1), (5, NOW), spec, value)
    return replace(base, **kw)  # type: ignore[arg-type]


KINDS = ["schedule", "language", "schedule_language", "paused", "resumed"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS + [f"setting:{k}" for k in SPECS])
def test_every_announcement_is_short_and_in_the_groups_language(lang: str, kind: str) -> None:
    name, _, key = kind.partition(":")
    n = notice(name, key)
    message = announcement(n, lang)
    (button,) = check(message)
    assert button["custom_id"] == f"studybot:notice:{MAX_GROUP}:{MAX_GROUP}"
    assert message.content is not None and len(message.content) < 400
    if name in ("schedule", "schedule_language"):
        stamps = re.findall(r"<t:(\d+):([tF])>", message.content)
        assert [s for _, s in stamps] == ["t", "F"]
        assert int(stamps[0][0]) == int(n.post_at.timestamp())


def test_no_next_post_no_next_line() -> None:
    assert "<t:" not in text(notice("resumed", next_post=None), "en")
    assert "<t:" in text(notice("schedule", next_post=None), "en")  # the time itself stays
