"""Custom ids: each spec's builder, template and parser agree, at the widest values too."""

from __future__ import annotations

import re

import pytest

from bot.render import ids
from tests.render.checks import (
    CUSTOM_ID_MAX,
    MAX_DAY,
    MAX_GROUP,
    MAX_PAGE,
    MAX_TASK,
    TEMPLATES,
    all_days,
    check_custom_id,
)

MAX_IDS = [
    (ids.TICK, ids.tick(MAX_GROUP, MAX_DAY, MAX_TASK)),
    (ids.UNDO, ids.undo(MAX_GROUP, MAX_DAY, MAX_TASK)),
    (ids.CHECKIN, ids.checkin(MAX_GROUP)),
    (ids.JOIN, ids.join(MAX_GROUP)),
    (ids.LEAVE, ids.leave(MAX_GROUP)),
    (ids.STOP, ids.stop(MAX_GROUP)),
    (ids.CANCEL, ids.cancel()),
    *[(ids.PAGE_BUTTON, ids.page(MAX_GROUP, s, MAX_PAGE)) for s in ("all", "week", "today")],
]


@pytest.mark.parametrize(("template", "custom_id"), MAX_IDS, ids=[c for _, c in MAX_IDS])
def test_max_custom_ids(template: str, custom_id: str) -> None:
    assert len(custom_id) <= CUSTOM_ID_MAX
    match = re.fullmatch(template, custom_id)
    assert match is not None
    found = match.groupdict()
    if "group" in found:
        assert int(found["group"]) == MAX_GROUP
    if "day" in found:
        assert int(found["day"]) == MAX_DAY
    if "task" in found:
        assert found["task"] == MAX_TASK
    if "page" in found:
        assert int(found["page"]) == MAX_PAGE
    check_custom_id(custom_id)


def test_templates_do_not_overlap() -> None:
    """A custom id is claimed by exactly one DynamicItem template."""
    for _, custom_id in MAX_IDS:
        matching = [t for t in TEMPLATES.values() if re.fullmatch(t, custom_id)]
        assert len(matching) == 1, custom_id


def test_shipped_task_ids_fit_the_template() -> None:
    for _, day in all_days():
        for task in day.tasks:
            assert re.fullmatch(ids.TICK, ids.tick(MAX_GROUP, day.number, task.id))


@pytest.mark.parametrize(
    "custom_id",
    [
        "",
        "studybot",
        "studybot:",
        "studybot:tick",
        "studybot:tick:1:1:",
        "studybot:tick:1:1:a:b",
        "studybot:nope:1",
        "other:tick:1:1:a",
        "studybot:lb:1:month:0",
        "studybot:cancel:1",
        "Studybot:join:1",
    ],
)
def test_unknown_ids_are_not_known(custom_id: str) -> None:
    assert not ids.is_known(custom_id)


def test_every_built_id_is_known() -> None:
    assert all(ids.is_known(custom_id) for _, custom_id in MAX_IDS)
    assert ids.is_known(ids.tick(1, 1, "a"))
