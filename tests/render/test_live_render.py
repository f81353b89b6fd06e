"""A day post with its live completion (``Group progress``) fits Discord's limits whole, for
every shipped day and language, with the largest counts; and says so when nobody joined yet."""

from __future__ import annotations

import pytest

from bot.locale import LANGS, Lang
from bot.render import messages
from bot.render.catalog import for_lang
from bot.roadmaps import Day, Roadmap
from bot.services.live import DayCompletion
from bot.services.posting import PostPlan
from tests.render.checks import all_days, check, day_id, make_group, make_post

BIG = 1_000_000


def plan_of(roadmap: Roadmap, day: Day) -> PostPlan:
    group = make_group(roadmap.id)
    post = make_post(group, day.number, late=True)
    return PostPlan(group, roadmap, day.number, "day", True, True, post)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("roadmap", "day"), all_days(), ids=[day_id(p) for p in all_days()])
def test_every_day_with_its_counts_fits_whole(roadmap: Roadmap, day: Day, lang: Lang) -> None:
    counts = DayCompletion(BIG, tuple(BIG - k for k in range(len(day.tasks))), BIG - 99)
    post = messages.day_post(plan_of(roadmap, day), lang, counts)
    check(post)
    t = for_lang(lang)
    [field] = post.embeds[0].fields
    assert field.name == t.gettext("Group progress")
    lines = (field.value or "").split("\n")
    assert len(lines) == len(day.tasks) + 1  # a line per task and the whole day, none clipped
    assert lines[0] == f"1️⃣ ✅ {t.number(BIG)}/{t.number(BIG)}"
    assert t.number(BIG - 99) in lines[-1] and t.percent(100) in lines[-1]
    assert (
        post.embeds[0].description
        == messages.day_post(plan_of(roadmap, day), lang).embeds[0].description
    )  # the day's text is the same with or without its counts


@pytest.mark.parametrize("lang", LANGS)
def test_no_members_yet_is_one_line(lang: Lang) -> None:
    roadmap, day = all_days()[0]
    post = messages.day_post(plan_of(roadmap, day), lang, DayCompletion(0, (0, 0, 0), 0))
    [field] = post.embeds[0].fields
    assert field.value == for_lang(lang).gettext("No members yet: `/join` to take part.")
