"""The one job-id scheme: every key has one id, every id of ours one key, and a group's jobs
share one prefix that no other group's jobs match."""

from __future__ import annotations

from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.daily.job_ids import JobKey, JobKind, of_group

keys = st.builds(
    JobKey,
    group_id=st.integers(min_value=0, max_value=2**63 - 1),
    kind=st.sampled_from(get_args(JobKind)),
    member_id=st.none() | st.integers(min_value=0, max_value=2**63 - 1),
)


def test_the_ids_of_a_group() -> None:
    assert JobKey(42).id == "group:42"  # the daily job: the group's own prefix
    assert JobKey(42, "next").id == "group:42:next"
    assert JobKey(42, "retry").id == "group:42:retry"
    assert JobKey(42, "retry", member_id=7).id == "group:42:retry:7"


@given(keys)
def test_an_id_parses_back_to_its_key(key: JobKey) -> None:
    assert JobKey.parse(key.id) == key
    assert of_group(key.id, key.group_id)
    assert not of_group(key.id, key.group_id + 1)


@given(keys, keys)
def test_different_keys_have_different_ids(a: JobKey, b: JobKey) -> None:
    assert (a.id == b.id) == (a == b)


def test_a_group_prefix_is_not_another_groups() -> None:
    assert not of_group("group:11", 1)
    assert not of_group("group:11:next", 1)
    assert of_group("group:1:next", 1)


@pytest.mark.parametrize(
    "job_id",
    [
        "group",
        "group:",
        "group:x",
        "group:-1",
        "group:01",  # not how an id is written: another group's job must never match
        "group:1:daily",  # the daily job has no suffix
        "group:1:later",
        "group:1:next:x",
        "group:1:next:2:3",
        "member:1",
        "apscheduler-job",
    ],
)
def test_ids_that_are_not_ours_parse_to_none(job_id: str) -> None:
    assert JobKey.parse(job_id) is None
