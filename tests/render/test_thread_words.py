"""A day thread's name: ``Day 12 · <title>`` in the group's language, within Discord's 100
characters whatever the title; the status words for threads and for refused milestone roles
fit a field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.limits import FIELD_VALUE_MAX, THREAD_NAME_MAX
from bot.locale import LANGS, Lang
from bot.render import messages
from bot.render.catalog import for_lang
from bot.render.threads import day_thread_name, thread_refused_text
from bot.roadmaps import Text
from bot.services.groups import GroupStatus
from bot.store.features.threads import DayThread
from tests.render.checks import BIG, MAX_DAY, NOW, ROADMAPS, check, make_group


def test_names_in_both_languages() -> None:
    roadmap = ROADMAPS["14day"]
    title = roadmap.day(12).title
    assert day_thread_name(roadmap, 12, "en") == f"Day 12 · {title.get('en')}"
    assert day_thread_name(roadmap, 12, "zh") == f"第 12 天 · {title.get('zh')}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_title_is_cut_to_discords_limit(lang: Lang) -> None:
    roadmap = ROADMAPS["3month"]
    last = roadmap.total_days
    days = list(roadmap.days)
    days[-1] = replace(days[-1], title=Text("T" * 300, "题" * 300))
    long = replace(roadmap, days=tuple(days))
    name = day_thread_name(long, last, lang)
    assert len(name) == THREAD_NAME_MAX and name.endswith("…")
    assert str(last) in name


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_day_names_a_thread(lang: Lang) -> None:
    for roadmap in ROADMAPS.values():
        for day in roadmap.days:
            assert 1 <= len(day_thread_name(roadmap, day.number, lang)) <= THREAD_NAME_MAX


@pytest.mark.parametrize("lang", LANGS)
def test_a_refusal_fits_a_field(lang: Lang) -> None:
    text = thread_refused_text(9999, "x" * 200, lang)
    assert len(text) <= FIELD_VALUE_MAX


@pytest.mark.parametrize("lang", LANGS)
def test_status_reports_threads_within_discords_limits(lang: Lang) -> None:
    """With a long channel problem, every missed day and a refused thread with a long
    reason: the threads field is still there and everything fits."""
    roadmap = ROADMAPS["3month"]
    group = make_group(problem="Missing Access. " * 200)
    refused = DayThread(
        group.guild_id, group.id, MAX_DAY, 1, None, "Missing Permissions " * 50, NOW
    )
    field = "⚠️ " + for_lang(lang).gettext("Day threads")
    base = GroupStatus(group, roadmap, 5, (6, NOW), BIG, BIG, BIG, tuple(range(1, MAX_DAY + 1)))
    cases = [
        (replace(base, threads=True), True, True),
        (replace(base, threads=True), False, False),
        (replace(base, threads=True, thread_refused=refused), False, True),
        (replace(base, threads=False), True, False),  # off: nothing to report
    ]
    for s, missing, shown in cases:
        message = messages.status(s, lang, threads_missing=missing)
        check(message)
        names = [f.name for f in message.embeds[0].fields]
        assert (field in names) == shown


@pytest.mark.parametrize("lang", LANGS)
def test_status_reports_refused_milestone_grants_in_the_readers_language(lang: Lang) -> None:
    base = GroupStatus(make_group(), ROADMAPS["3month"], 5, (6, NOW), BIG, BIG, BIG, ())
    field = "⚠️ " + for_lang(lang).gettext("Milestone roles")
    assert field not in [f.name for f in messages.status(base, lang).embeds[0].fields]
    message = messages.status(replace(base, milestones_refused=BIG), lang)
    check(message)
    [value] = [f.value for f in message.embeds[0].fields if f.name == field]
    assert for_lang(lang).number(BIG) in value or str(BIG) in value
    assert "/roadmap milestones" in value
