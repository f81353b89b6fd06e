"""Roadmap text per language and as posted: links per language, English fallback, the day-size
check measuring the posted text (links percent-encoded), and task titles that fit their button."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot import limits
from bot.render import messages
from bot.render.days import day_text, minutes_text
from bot.roadmaps import (
    LANGS,
    Day,
    Lang,
    Links,
    Phase,
    Roadmap,
    RoadmapError,
    RoadmapIssue,
    Text,
    day_body,
    load_roadmap_file,
    task_label,
)
from bot.roadmaps.schema import per_language
from bot.services.posting import PostPlan
from bot.services.study import TodayView
from tests.render.checks import ROADMAPS, check, make_group, make_post

HEAD = """\
id: demo
title: {en: Demo, zh: 演示}
description: {en: A demo roadmap., zh: 一个演示路线图。}
source: test
phases:
  - title: {en: Start, zh: 开始}
    days: [1, 1]
    goal: {en: Get going, zh: 开始学习}
days:
  - day: 1
    title: {en: Day one, zh: 第一天}
    tasks:
"""
EN_BOOK = "https://d2l.ai/chapter_preliminaries/linear-algebra.html"
ZH_BOOK = "https://zh.d2l.ai/chapter_preliminaries/linear-algebra.html"
CJK_LINK = "https://zh.wikipedia.org/wiki/注意力机制"
CJK_ENCODED = "https://zh.wikipedia.org/wiki/%E6%B3%A8%E6%84%8F%E5%8A%9B%E6%9C%BA%E5%88%B6"


def load(tmp_path: Path, tasks: str, head: str = HEAD) -> Roadmap:
    path = tmp_path / "demo.yaml"
    path.write_text(head + textwrap.indent(textwrap.dedent(tasks), "      "), encoding="utf-8")
    return load_roadmap_file(path)


def issues(tmp_path: Path, tasks: str, head: str = HEAD) -> list[RoadmapIssue]:
    with pytest.raises(RoadmapError) as info:
        load(tmp_path, tasks, head)
    return info.value.issues


# -- links per language ---------------------------------------------------------------------------


def test_links_per_language(tmp_path: Path) -> None:
    roadmap = load(
        tmp_path,
        f"""\
        - id: read
          title: {{en: Read, zh: 读}}
          links: {{en: ["{EN_BOOK}"], zh: ["{ZH_BOOK}", "https://courses.d2l.ai/zh-v2/"]}}
        """,
    )
    task = roadmap.day(1).tasks[0]
    assert task.links_for("en") == (EN_BOOK,)
    assert task.links_for("zh") == (ZH_BOOK, "https://courses.d2l.ai/zh-v2/")
    assert task.links.every == (EN_BOOK, ZH_BOOK, "https://courses.d2l.ai/zh-v2/")
    en = day_text(roadmap, roadmap.day(1), "en")
    zh = day_text(roadmap, roadmap.day(1), "zh")
    assert EN_BOOK in en and ZH_BOOK not in en
    assert ZH_BOOK in zh and EN_BOOK not in zh


def test_one_list_serves_every_language(tmp_path: Path) -> None:
    roadmap = load(tmp_path, f'- id: read\n  title: {{en: Read}}\n  links: ["{EN_BOOK}"]\n')
    task = roadmap.day(1).tasks[0]
    assert task.links == Links(en=(EN_BOOK,))
    assert all(task.links_for(lang) == (EN_BOOK,) for lang in LANGS)


def test_a_language_without_its_own_links_gets_the_english_ones(tmp_path: Path) -> None:
    roadmap = load(tmp_path, f'- id: read\n  title: {{en: Read}}\n  links: {{en: ["{EN_BOOK}"]}}\n')
    assert roadmap.day(1).tasks[0].links_for("zh") == (EN_BOOK,)


def test_links_per_language_need_english(tmp_path: Path) -> None:
    found = issues(tmp_path, f'- id: read\n  title: {{en: Read}}\n  links: {{zh: ["{ZH_BOOK}"]}}\n')
    assert [(i.line, i.field, i.message) for i in found] == [
        (15, "days[0].tasks[0].links.en", "required field is missing")
    ]


def test_link_errors_name_the_field_as_written(tmp_path: Path) -> None:
    four = ", ".join(f'"https://example.com/{k}"' for k in range(4))
    found = issues(
        tmp_path,
        f"""\
        - id: a
          title: {{en: A}}
          links: {{en: ["{EN_BOOK}"], zh: [{four}], fr: []}}
        - id: b
          title: {{en: B}}
          links: "{EN_BOOK}"
        - id: c
          title: {{en: C}}
          links: ["not a url"]
        """,
    )
    assert [(i.line, i.field) for i in found] == [
        (15, "days[0].tasks[0].links.zh"),
        (15, "days[0].tasks[0].links.fr"),
        (18, "days[0].tasks[1].links"),
        (21, "days[0].tasks[2].links[0]"),
    ]
    assert found[0].message == "at most 3 items"
    assert "unknown field" in found[1].message


# -- text in a language the roadmap lacks ----------------------------------------------------------


def test_english_only_text_falls_back_to_english(tmp_path: Path) -> None:
    head = HEAD.replace(", zh: 演示}", "}").replace(", zh: 第一天}", "}")
    roadmap = load(tmp_path, "- id: read\n  title: {en: Read the paper}\n", head)
    assert roadmap.title.get("zh") == "Demo"
    assert roadmap.day(1).title.get("zh") == "Day one"
    assert roadmap.day(1).tasks[0].title.get("zh") == "Read the paper"
    assert roadmap.description.get("zh") == "一个演示路线图。"


def test_a_new_language_is_one_more_key() -> None:
    """A catalog for a new language makes its key valid in every text; readers of it get their
    text, or English where a roadmap lacks it."""
    title = per_language("Title", str, ("en", "zh", "ja"))
    assert title.model_validate({"en": "Read", "ja": "読む"}).model_dump() == {
        "en": "Read",
        "zh": None,
        "ja": "読む",
    }
    with pytest.raises(ValidationError):
        title.model_validate({"en": "Read", "fr": "Lire"})
    text = Text("Read", ja="読む")
    assert (text.get("ja"), text.get("zh"), text.get("fr")) == ("読む", "Read", "Read")
    links = Links((EN_BOOK,), ja=("https://example.jp/",))
    assert links.get("ja") == ("https://example.jp/",) and links.get("zh") == (EN_BOOK,)


def test_english_is_required(tmp_path: Path) -> None:
    found = issues(tmp_path, "- id: read\n  title: {zh: 读论文}\n")
    assert [(i.field, i.message) for i in found] == [
        ("days[0].tasks[0].title.en", "required field is missing")
    ]


# -- the day-size check measures the text as posted ---------------------------------------------


def longest(minutes: int) -> str:
    return "m" * limits.MINUTES_TEXT_MAX


def measured(day: Day, lang: Lang) -> int:
    return len(day_body(day, lang, longest, done=frozenset()))


SAME_SIZE_HEAD = HEAD.replace("zh: 第一天}", "zh: 第一天基础知识}")
"""Day titles of the same length in both languages."""


def cjk_day(extra: str = "") -> str:
    """Ten tasks with three links of Chinese characters each: exactly ``DAY_TEXT_MAX`` as
    posted in either language (the links are percent-encoded: 9 characters per character)."""
    tasks = []
    for k in range(10):
        pad = 12 if k == 0 else 21
        links = ", ".join(f'"{CJK_LINK}{k}{n}{extra if k == n == 0 else ""}"' for n in range(3))
        tasks.append(
            f"- id: t{k}\n  title: {{en: {'x' * pad}, zh: {'字' * pad}}}\n  minutes: 600\n"
            f"  links: [{links}]\n"
        )
    return "".join(tasks)


def test_a_day_at_the_limit_as_posted_passes_and_posts_whole(tmp_path: Path) -> None:
    roadmap = load(tmp_path, cjk_day(), SAME_SIZE_HEAD)
    day = roadmap.day(1)
    assert [measured(day, lang) for lang in LANGS] == [limits.DAY_TEXT_MAX] * 2
    assert day.tasks[0].links_for("en")[0] == CJK_ENCODED + "00"
    phase = Phase(1, Text("P" * 100, "阶" * 100), 1, 1, Text("G" * 300, "目" * 300), None)
    biggest = replace(roadmap, phases=(phase,))
    group = make_group(roadmap.id)
    for lang in LANGS:
        body = day_body(day, lang, minutes_text(lang))
        for late, catch_up in ((False, False), (True, False), (True, True)):
            plan = PostPlan(
                group=group,
                roadmap=biggest,
                day=1,
                kind="day",
                late=late,
                catch_up=catch_up,
                post=make_post(group, 1, late=late),
            )
            post = messages.day_post(plan, lang)
            check(post)
            assert body in (post.embeds[0].description or "")
        for released in (1, 2):
            view = TodayView(group, biggest, day, frozenset({"t3"}), released, None)
            shown = messages.today_view(view, lang)
            check(shown)
            assert day_body(day, lang, minutes_text(lang), frozenset({"t3"})) in (
                shown.embeds[0].description or ""
            )


def test_a_non_ascii_link_is_measured_percent_encoded(tmp_path: Path) -> None:
    """One more Chinese character in one link is one character as typed, nine as posted."""
    found = issues(tmp_path, cjk_day(extra="注"), SAME_SIZE_HEAD)
    assert [(i.line, i.field) for i in found] == [(10, "days[0]"), (10, "days[0]")]
    assert found[0].message.startswith(
        f"this day's en text is {limits.DAY_TEXT_MAX + 9} characters as posted"
    )
    assert found[1].message.startswith(
        f"this day's zh text is {limits.DAY_TEXT_MAX + 9} characters as posted"
    )
    tasks = yaml.safe_load(cjk_day(extra="注"))
    as_typed = len("Day one") + sum(
        len(t["title"]["en"]) + 12 + sum(len(link) + 4 for link in t["links"]) for t in tasks
    )
    assert as_typed < limits.DAY_TEXT_MAX  # what the check used to count: it passed


@pytest.mark.parametrize("lang", LANGS)
def test_the_check_counts_estimates_at_their_longest(lang: Lang) -> None:
    """Whatever words render uses for minutes, in every language, fit the length the check
    counted (a task takes at most 600 minutes, a day at most ten of them)."""
    for minutes in (1, 59, 600, 10 * 600):
        assert len(minutes_text(lang)(minutes)) <= limits.MINUTES_TEXT_MAX


# -- task titles fit their buttons ----------------------------------------------------------------


def test_a_title_at_the_maximum_fits_its_button_whole(tmp_path: Path) -> None:
    title = "T" * limits.TASK_TITLE_MAX
    tasks = "".join(f"- id: t{k}\n  title: {{en: {title}, zh: {'题' * 76}}}\n" for k in range(10))
    roadmap = load(tmp_path, tasks)
    assert len(task_label(10, title)) == limits.LABEL_MAX
    group = make_group(roadmap.id)
    plan = PostPlan(group, roadmap, 1, "day", False, False, make_post(group, 1, late=False), False)
    for lang in LANGS:
        labels = [b["label"] for b in check(messages.day_post(plan, lang))][:10]
        today = TodayView(group, roadmap, roadmap.day(1), frozenset({"t9"}), 1, None)
        labels += [b["label"] for b in check(messages.today_view(today, lang))]
        full = roadmap.day(1).tasks[0].title.get(lang)
        assert labels == [f"{k}. {full}" for k in range(1, 11)] * 2
        assert max(map(len, labels)) <= limits.LABEL_MAX


# -- the shipped roadmaps link each reader to their edition ---------------------------------------

CHINESE_ONLY = ("//zh.d2l.ai/", "/zh-v2/", "/zh-CN/", "yanxishe.com")
"""Pages in Chinese only, each with an English edition or an English stand-in that
``roadmaps/*.yaml`` gives English readers instead."""
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_shipped_roadmaps_give_english_readers_english_pages() -> None:
    per_language = 0
    for roadmap in ROADMAPS.values():
        for day in roadmap.days:
            for task in day.tasks:
                english = task.links_for("en")
                assert not [u for u in english if any(m in u for m in CHINESE_ONLY)], task.id
                assert not CJK.search(task.title.en), task.id
                if task.links.zh is not None:
                    per_language += 1
                    assert task.links_for("zh") != english, task.id
    assert per_language >= 14


def test_the_d2l_book_links_each_language_to_its_edition() -> None:
    task = ROADMAPS["3month"].days[8].tasks[1]
    assert task.id == "d09-multihead"
    assert task.links_for("en") == (
        "https://d2l.ai/chapter_attention-mechanisms-and-transformers/multihead-attention.html",
    )
    assert task.links_for("zh") == (
        "https://zh.d2l.ai/chapter_attention-mechanisms/multihead-attention.html",
    )
