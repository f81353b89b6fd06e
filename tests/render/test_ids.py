"""Custom ids: each spec's builder, template and parser agree, at the widest values too."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot import limits
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
    (ids.tick.template, ids.tick(MAX_GROUP, MAX_DAY, MAX_TASK)),
    (ids.undo.template, ids.undo(MAX_GROUP, MAX_DAY, MAX_TASK)),
    (ids.checkin.template, ids.checkin(MAX_GROUP)),
    (ids.join.template, ids.join(MAX_GROUP)),
    (ids.leave.template, ids.leave(MAX_GROUP)),
    (ids.stop.template, ids.stop(MAX_GROUP)),
    (ids.cancel.template, ids.cancel()),
    (ids.standings.template, ids.standings(MAX_GROUP)),
    *[(ids.page.template, ids.page(MAX_GROUP, s, MAX_PAGE)) for s in ("all", "week", "today")],
    (ids.card.template, ids.card(MAX_GROUP, 2**64 - 1)),
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
            assert re.fullmatch(ids.tick.template, ids.tick(MAX_GROUP, day.number, task.id))


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
        "studybot:lb:1:year:0",
        "studybot:cancel:1",
        "Studybot:join:1",
    ],
)
def test_unknown_ids_are_not_known(custom_id: str) -> None:
    assert not ids.is_known(custom_id)


def test_a_prefix_names_the_ids_that_start_with_it() -> None:
    day = ids.tick.prefix(12, 3)
    assert day == "studybot:tick:12:3:"
    assert ids.tick(12, 3, "read").startswith(day)
    assert not ids.tick(12, 30, "read").startswith(day)
    assert not ids.undo(12, 3, "read").startswith(day)
    for bad in ((), (12, 3, "read")):
        with pytest.raises(ValueError, match="prefix"):
            ids.tick.prefix(*bad)


def test_every_built_id_is_known() -> None:
    assert all(ids.is_known(custom_id) for _, custom_id in MAX_IDS)
    assert ids.is_known(ids.tick(1, 1, "a"))


# -- every spec, generically ---------------------------------------------------------------------


@pytest.mark.parametrize("spec", ids.SPECS, ids=[s.kind for s in ids.SPECS])
def test_spec_round_trips_at_the_widest(spec: ids.IdSpec[..., Any]) -> None:
    """Built from the widest value of each part, an id fits Discord, its template matches it
    and parsing the match gives back the fields it was built from."""
    widest = spec.widest()
    assert len(widest) <= CUSTOM_ID_MAX, widest
    match = re.fullmatch(spec.template, widest)
    assert match is not None
    fields = spec.parse(match)
    assert spec.build(fields) == widest
    assert spec.match(widest) == fields
    assert ids.is_known(widest)
    matching = [s.kind for s in ids.SPECS if s.match(widest) is not None]
    assert matching == [spec.kind]


def test_builders_give_the_fields_back() -> None:
    assert ids.tick.match(ids.tick(12, 3, "d03-read")) == ids.TaskRef(12, 3, "d03-read")
    assert ids.undo.match(ids.undo(12, 3, "d03-read")) == ids.TaskRef(12, 3, "d03-read")
    assert ids.page.match(ids.page(7, "week", 4)) == ids.PageRef(7, "week", 4)
    assert ids.checkin.match(ids.checkin(5)) == ids.GroupRef(5)
    assert ids.cancel.match(ids.cancel()) == ids.NoRef()
    assert ids.card.match(ids.card(7, 80351110224678912)) == ids.MemberRef(7, 80351110224678912)
    assert ids.tick.match(ids.undo(12, 3, "d03-read")) is None


@pytest.mark.parametrize(
    ("spec", "args"),
    [
        (ids.tick, (1, 10_000, "a")),  # a fifth digit: over the largest roadmap day
        (ids.tick, (1, 1, "Upper")),
        (ids.tick, (1, 1, "a" * 33)),
        (ids.join, (10**19,)),
        (ids.join, (-1,)),
        (ids.page, (1, "year", 0)),
        (ids.page, (1, "all", 10**9)),
        (ids.card, (1, 10**20)),
    ],
)
def test_values_outside_a_part_are_refused(spec: ids.IdSpec[..., Any], args: tuple[Any]) -> None:
    with pytest.raises(ValueError, match="does not fit"):
        spec.build(spec.fields(*args))


def test_a_spec_names_the_parts_of_its_fields() -> None:
    with pytest.raises(TypeError):
        ids.IdSpec("bad", ids.TaskRef, ids.GROUP, ids.TASK, ids.DAY)


def test_every_id_part_stays_within_the_roadmap_format() -> None:
    """Days and task ids the roadmap schema accepts always fit the id's parts."""
    assert re.fullmatch(ids.DAY.pattern, str(limits.ROADMAP_DAYS_MAX))
    assert re.fullmatch(ids.TASK.pattern, "a" * limits.TASK_ID_MAX)
    assert not re.fullmatch(ids.TASK.pattern, "a" * (limits.TASK_ID_MAX + 1))
