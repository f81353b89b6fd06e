"""The shard filter: Discord's formula, parsing ``--shards``, and what a ShardSet refuses."""

from __future__ import annotations

import pytest

from bot.shards import ShardSet, parse_shard_ids, shard_of


def test_discords_formula() -> None:
    assert shard_of(197038439483310086, 1) == 0
    assert shard_of(197038439483310086, 4) == (197038439483310086 >> 22) % 4
    assert [shard_of(k << 22, 4) for k in range(6)] == [0, 1, 2, 3, 0, 1]


def test_a_shard_set_owns_its_servers() -> None:
    mine = ShardSet.of({1, 3}, 4)
    assert [mine.owns(k << 22) for k in range(4)] == [False, True, False, True]
    assert not mine.everything and ShardSet.all().everything
    assert str(mine) == "shards 1,3 of 4"


@pytest.mark.parametrize(
    ("text", "ids"), [("0,1", {0, 1}), ("0-3", {0, 1, 2, 3}), (" 2 , 0-1 ", {0, 1, 2})]
)
def test_parse_shard_ids(text: str, ids: set[int]) -> None:
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize("text", ["", "a", "3-1", "-1", "1,,x"])
def test_bad_shard_ids_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="shard"):
        parse_shard_ids(text)


def test_ids_outside_the_count_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 3"):
        ShardSet.of({4}, 4)
    with pytest.raises(ValueError, match="at least 1"):
        ShardSet.of({0}, 0)
