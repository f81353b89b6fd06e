"""The weekly digest as posted: its words in English and Chinese, its chart attached (or the
note that it could not be), its button, and Discord's limits at the largest digest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.render import ids
from bot.render.digest import digest_post
from bot.roadmaps import Roadmap
from bot.services.charts import WeekChart
from bot.services.digest import Improvement, NextDay, Standing, Streak, WeekDigest
from tests.render.checks import BIG, ROADMAPS, check, make_group

WEEK = date(2026, 3, 2)
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def longest_titles() -> Roadmap:
    return max(ROADMAPS.values(), key=lambda r: max(len(d.title.en) for d in r.days))


def sample(roadmap: Roadmap, **changes: object) -> WeekDigest:
    group = make_group(roadmap.id)
    chart = WeekChart(roadmap.title, WEEK, (0.5,) * 7, WEEK, (0.1,) * 7, (0.2,) * 14)
    days = [d for d in range(8, 15) if d <= roadmap.total_days]
    base = WeekDigest(
        group=group,
        roadmap=roadmap,
        week_start=WEEK,
        late=False,
        members=3,
        released_tasks=22,
        completion=41,
        tasks_done=12,
        checkins=1,
        minutes=135,
        top=(Standing(10, 5, 2, 60), Standing(11, 1, 1, 15)),
        improved=(Improvement(11, 1, 3),),
        streaks=(Streak(10, 4),),
        inactive=(12,),
        names_inactive=False,
        next_days=tuple(
            NextDay(d, WEEK + timedelta(days=d), roadmap.phase_of(d).number) for d in days
        ),
        summary_next=False,
        chart=chart,
    )
    return replace(base, **changes)


def fields(message) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.name: f.value for f in message.embeds[0].fields}


def test_english_words() -> None:
    roadmap = ROADMAPS["14day"]
    message = digest_post(sample(roadmap), "en", PNG, "chart")
    (e,) = message.embeds
    assert e.title == "Weekly digest · LLM in 14 days: from NLP basics to advanced topics"
    assert e.description == "Week of Mon, Mar 2, 2026"
    got = fields(message)
    assert got["The week"] == (
        "Completion: **41%** of the week's tasks (3 members)\n"
        "✅ 12 tasks done · ✍️ 1 check-in · ⏱️ 135 min studied"
    )
    assert got["Top members"] == (
        "1. <@10> · **60** pts · 5 tasks · 2 check-ins\n2. <@11> · **15** pts · 1 task · 1 check-in"
    )
    assert got["Most improved"] == "<@11> · 1 → **3** tasks"
    assert got["Longest streaks"] == "<@10> · 🔥 4 days"
    assert got["Quiet members"] == "1 member has not ticked or checked in for 3 days or more."
    assert got["Next week"].startswith("**Phase 3: Hands-on practice**\nTue, Mar 10 · Day 8: ")
    assert e.image.url == "attachment://week.png"
    (upload,) = message.files
    assert (upload.filename, upload.data, upload.description) == ("week.png", PNG, "chart")
    (button,) = check(message)
    assert button["custom_id"] == ids.digest(make_group().id, 20260302)
    assert button["label"] == "This week's leaderboard 📊"


def test_chinese_words() -> None:
    roadmap = ROADMAPS["14day"]
    message = digest_post(sample(roadmap, names_inactive=True, late=True), "zh", PNG, "图")
    (e,) = message.embeds
    assert e.title == "每周总结 · 14天打造LLM专家：从NLP基础到高级进阶"
    assert e.description is not None and e.description.startswith("2026年3月2日周一 这一周")
    got = fields(message)
    assert list(got) == ["本周", "优秀成员", "进步最大", "最长连续打卡", "不活跃成员", "下周"]
    assert "完成率：**41%**" in got["本周"]
    assert got["不活跃成员"] == "连续 3 天或更久没有打勾或打卡：<@12>"
    assert "第 3 阶段" in got["下周"]
    check(message)


def test_without_the_chart_it_says_why() -> None:
    message = digest_post(sample(ROADMAPS["14day"]), "en", None, "chart")
    assert message.files == [] and not message.embeds[0].image.url
    assert "The chart is missing: the bot may not attach files here." in (
        message.embeds[0].description or ""
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_largest_digest_fits_discord(lang: str) -> None:
    roadmap = longest_titles()
    crowd = tuple(range(10**17, 10**17 + 10_000))
    big = sample(
        roadmap,
        members=BIG,
        tasks_done=BIG,
        checkins=BIG,
        minutes=BIG,
        top=tuple(Standing(10**19 - k, BIG, BIG, BIG) for k in range(5)),
        improved=tuple(Improvement(10**19 - k, BIG, BIG) for k in range(3)),
        streaks=tuple(Streak(10**19 - k, BIG) for k in range(3)),
        inactive=crowd,
        names_inactive=True,
        summary_next=True,
        late=True,
    )
    message = digest_post(big, lang, PNG, "x" * 5000)
    check(message)
    quiet = list(fields(message).values())[-2]  # then the week ahead
    assert f"<@{crowd[0]}>" in quiet and f"<@{crowd[15]}>" not in quiet
    assert quiet.endswith(("9,985 more", "另外 9,985 人"))
