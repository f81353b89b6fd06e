"""Roadmap validation: each error kind names the file, the line and the field."""

from __future__ import annotations

import logging
import textwrap
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import yaml

from bot import limits
from bot.roadmaps import (
    Links,
    RoadmapError,
    RoadmapIssue,
    load_roadmap_file,
    load_roadmaps,
    summary_day,
)
from bot.roadmaps import loading as roadmaps_loading
from bot.services.schedule import Schedule, day_at

REPO = Path(__file__).resolve().parent.parent

VALID = """\
id: demo
title: {en: Demo, zh: 演示}
description: {en: A demo roadmap., zh: 一个演示路线图。}
source: test
phases:
  - title: {en: Start, zh: 开始}
    days: [1, 2]
    goal: {en: Get going, zh: 开始学习}
days:
  - day: 1
    title: {en: Day one, zh: 第一天}
    tasks:
      - id: d01-read
        title: {en: Read the paper, zh: 读论文}
        minutes: 30
        links: ["https://arxiv.org/abs/1706.03762"]
  - day: 2
    title: {en: Day two, zh: 第二天}
    tasks:
      - id: d02-code
        title: {en: Write the code, zh: 写代码}
"""


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def issues_of(path: Path) -> list[RoadmapIssue]:
    with pytest.raises(RoadmapError) as info:
        load_roadmap_file(path)
    return info.value.issues


def only(path: Path) -> RoadmapIssue:
    issues = issues_of(path)
    assert len(issues) == 1, issues
    assert issues[0].file == str(path)
    return issues[0]


def test_valid_file_loads(tmp_path: Path) -> None:
    roadmap = load_roadmap_file(write(tmp_path, VALID))
    assert (roadmap.id, roadmap.total_days, roadmap.task_count) == ("demo", 2, 2)
    task = roadmap.day(1).tasks[0]
    assert task.links == Links(en=("https://arxiv.org/abs/1706.03762",))
    assert task.links_for("en") == task.links_for("zh") == ("https://arxiv.org/abs/1706.03762",)
    assert roadmap.phase_of(2).title.zh == "开始"


def test_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("        minutes: 30\n", "        minuets: 30\n"))
    issue = only(path)
    assert (issue.line, issue.field) == (15, "days[0].tasks[0].minuets")
    assert "unknown field" in issue.message


def test_duplicate_task_id(tmp_path: Path) -> None:
    issue = only(write(tmp_path, VALID.replace("id: d02-code", "id: d01-read")))
    assert (issue.line, issue.field) == (20, "days[1].tasks[0].id")
    assert "already used at days[0].tasks[0].id" in issue.message


def test_gap_in_day_numbering(tmp_path: Path) -> None:
    issues = issues_of(write(tmp_path, VALID.replace("  - day: 2", "  - day: 3")))
    assert [(i.line, i.field) for i in issues] == [(17, "days[1].day")]
    assert "expected day 2" in issues[0].message


def test_duplicate_day_number(tmp_path: Path) -> None:
    issue = only(write(tmp_path, VALID.replace("  - day: 2", "  - day: 1")))
    assert (issue.line, issue.field) == (17, "days[1].day")
    assert "appears twice" in issue.message


def test_phases_overlap_and_gap(tmp_path: Path) -> None:
    text = VALID.replace(
        "    days: [1, 2]\n    goal: {en: Get going, zh: 开始学习}\n",
        "    days: [1, 1]\n    goal: {en: Get going, zh: 开始学习}\n"
        "  - title: {en: B, zh: 乙}\n    days: [1, 1]\n    goal: {en: G, zh: 目}\n",
    )
    issues = issues_of(write(tmp_path, text))
    assert [(i.line, i.field) for i in issues] == [(10, "phases[1].days"), (5, "phases")][::-1]
    assert "overlaps" in issues[1].message and "2..2 belong to no phase" in issues[0].message


def test_task_title_longer_than_a_button_label(tmp_path: Path) -> None:
    """A title leaves room for the button's number: ``10. `` plus 76 characters is 80."""
    assert limits.TASK_TITLE_MAX == 76
    long = "x" * 77
    issue = only(
        write(tmp_path, VALID.replace("title: {en: Write the code", f"title: {{en: {long}"))
    )
    assert (issue.line, issue.field) == (21, "days[1].tasks[0].title.en")
    assert issue.message == "at most 76 characters (got 77)"
    assert load_roadmap_file(write(tmp_path, VALID.replace("Write the code", "x" * 76)))


def test_day_that_cannot_fit_in_one_message(tmp_path: Path) -> None:
    tasks = "".join(
        f"      - id: d02-t{k}\n        title: {{en: {'y' * 75}, zh: 短}}\n"
        f'        links: ["https://example.com/{"z" * 250}", "https://example.com/{"q" * 250}"]\n'
        for k in range(6)
    )
    text = VALID.split("  - day: 2")[0] + (
        "  - day: 2\n    title: {en: Day two, zh: 第二天}\n    tasks:\n" + tasks
    )
    issues = issues_of(write(tmp_path, text))
    assert [(i.line, i.field) for i in issues] == [(17, "days[1]"), (17, "days[1]")]
    assert "day's en text is" in issues[0].message and "day's zh text is" in issues[1].message
    assert "one Discord message" in issues[0].message


def test_empty_field(tmp_path: Path) -> None:
    issue = only(write(tmp_path, VALID.replace("zh: 第二天", 'zh: "  "')))
    assert (issue.line, issue.field) == (18, "days[1].title.zh")
    assert issue.message == "must not be empty"


def test_missing_field(tmp_path: Path) -> None:
    issue = only(write(tmp_path, VALID.replace("    goal: {en: Get going, zh: 开始学习}\n", "")))
    assert (issue.line, issue.field) == (6, "phases[0].goal")
    assert issue.message == "required field is missing"


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    issue = only(write(tmp_path, VALID.replace("source: test\n", "source: test\nsource: again\n")))
    assert (issue.line, issue.field) == (5, "source")
    assert "twice" in issue.message


def test_too_many_tasks(tmp_path: Path) -> None:
    tasks = "".join(
        f"      - id: d02-t{k}\n        title: {{en: T{k}, zh: 任务{k}}}\n" for k in range(11)
    )
    text = VALID.split("  - day: 2")[0] + (
        "  - day: 2\n    title: {en: Day two, zh: 第二天}\n    tasks:\n" + tasks
    )
    issue = only(write(tmp_path, text))
    assert (issue.line, issue.field) == (19, "days[1].tasks")
    assert issue.message == "at most 10 items"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    issue = only(write(tmp_path, VALID.replace("  - day: 2\n", "  - day: 2\n   bad: [\n")))
    assert issue.field == "(yaml)" and issue.line == 18
    assert "not valid YAML" in issue.message


def test_yaml_errors_keep_pyyaml_wording(tmp_path: Path) -> None:
    """libyaml parses (start-up speed); a file it refuses is re-read by PyYAML for the message."""
    issue = only(write(tmp_path, VALID.replace("  - day: 2\n", "  - day: 2\n   bad: [\n")))
    assert issue.message.startswith("not valid YAML: expected"), issue.message


def test_libyaml_and_pyyaml_give_the_same_roadmaps(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_roadmaps(REPO / "roadmaps")
    monkeypatch.setattr(roadmaps_loading, "_FAST_LOADER", yaml.SafeLoader)
    assert load_roadmaps(REPO / "roadmaps") == fast


def test_all_errors_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("minutes: 30", "minutes: 0").replace("id: d02-code", "id: Bad_Id")
    text = text.replace("zh: 读论文", 'zh: ""')
    issues = issues_of(write(tmp_path, text))
    assert [i.field for i in issues] == [
        "days[0].tasks[0].title.zh",
        "days[0].tasks[0].minutes",
        "days[1].tasks[0].id",
    ]
    assert str(issues[0]).startswith(f"{tmp_path / 'demo.yaml'}:14: days[0].tasks[0].title.zh:")


def test_a_broken_file_is_left_out_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, VALID, "good.yaml")
    write(tmp_path, VALID.replace("id: demo", "id: other").replace("day: 2", "day: 5"), "bad.yaml")
    write(tmp_path, VALID, "copy.yaml")
    with caplog.at_level(logging.ERROR):
        loaded = load_roadmaps(tmp_path)
    assert list(loaded) == ["demo"]
    assert "bad.yaml" in caplog.text and "expected day 2" in caplog.text
    assert "good.yaml left out: id 'demo' is already used by copy.yaml" in caplog.text


@pytest.mark.parametrize(
    ("roadmap_id", "days"), [("3month", 84), ("14day", 14), ("7stage", 49), ("foundations", 56)]
)
def test_shipped_roadmaps(roadmap_id: str, days: int) -> None:
    roadmaps = load_roadmaps(REPO / "roadmaps")
    roadmap = roadmaps[roadmap_id]
    assert roadmap.total_days == days
    assert roadmap.path.name == f"{roadmap_id}.yaml"
    assert (REPO.parent / "shared" / "seeds" / roadmap.source).exists() or roadmap.source
    for day in roadmap.days:
        assert day.tasks, f"{roadmap_id} day {day.number} has no task"
        for task in day.tasks:
            for lang in ("en", "zh"):
                assert task.title.get(lang).strip()  # type: ignore[arg-type]


def test_the_summary_day_and_the_current_day() -> None:
    """The day after the last releases the summary; members keep the last day meanwhile."""
    roadmap = load_roadmaps(REPO / "roadmaps")["14day"]
    assert roadmap.summary_day == summary_day(14) == 15
    assert [roadmap.current_day(n) for n in (0, 1, 14, 15)] == [0, 1, 14, 14]
    assert [roadmap.is_summary(n) for n in (1, 14, 15)] == [False, False, True]
    assert [roadmap.is_last_day(n) for n in (13, 14, 15)] == [False, True, False]
    schedule = Schedule(date(2026, 3, 2), time(9), "UTC", roadmap.total_days)
    assert schedule.summary_day == roadmap.summary_day
    assert day_at(schedule, datetime(2027, 1, 1, tzinfo=UTC)) == roadmap.summary_day
