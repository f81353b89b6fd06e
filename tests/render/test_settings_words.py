"""Every setting has its words in every language, and its values read as people say them."""

from __future__ import annotations

from datetime import time

import pytest

from bot.locale import LANGS
from bot.render.catalog import for_lang
from bot.render.settings import accepted_values, setting_help, setting_name, value_text
from bot.services.settings import DEFAULTS, SPECS


@pytest.mark.parametrize("lang", LANGS)
def test_every_setting_has_a_name_help_and_readable_default(lang: str) -> None:
    t = for_lang(lang)
    names = set()
    for key, spec in SPECS.items():
        names.add(setting_name(key, t))
        assert setting_help(key, t)
        assert value_text(spec, getattr(DEFAULTS, key), t)
        assert accepted_values(spec, t)
    assert len(names) == len(SPECS)


def test_values_in_english_and_chinese() -> None:
    en, zh = for_lang("en"), for_lang("zh")
    assert value_text(SPECS["reminders"], True, en) == "on"
    assert value_text(SPECS["reminders"], True, zh) == "开"
    assert value_text(SPECS["digest_weekday"], 0, en) == "Monday"
    assert value_text(SPECS["digest_weekday"], 0, zh) == "星期一"
    assert value_text(SPECS["digest_time"], None, en) == "the post time"
    assert value_text(SPECS["reminder_time"], time(21), en) == "21:00"
    assert value_text(SPECS["thread_archive_minutes"], 10080, en) == "7 days"
    assert value_text(SPECS["thread_archive_minutes"], 60, en) == "1 hour"
