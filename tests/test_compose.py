"""compose.yaml (README "Running large") is not run here (no container engine), so check what
can be checked: it parses, one service per shard covers every shard once, and every shard
process reaches the same PostgreSQL database and token secret."""

from __future__ import annotations

from typing import Any

import yaml

from bot.shards import parse_shard_ids
from tests.conftest import REPO


def test_compose_runs_every_shard_once_over_one_database() -> None:
    compose: dict[str, Any] = yaml.safe_load((REPO / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    shards = {k: v for k, v in services.items() if k.startswith("shard")}
    counts = {int(s["environment"]["STUDYBOT_SHARD_COUNT"]) for s in shards.values()}
    assert len(counts) == 1
    (count,) = counts
    served = [
        i for s in shards.values() for i in parse_shard_ids(s["environment"]["STUDYBOT_SHARDS"])
    ]
    assert sorted(served) == list(range(count))
    assert {s["environment"]["STUDYBOT_DB"] for s in shards.values()} == {
        shards["shard0"]["environment"]["STUDYBOT_DB"]
    }
    assert shards["shard0"]["environment"]["STUDYBOT_DB"].startswith("postgresql://")
    assert all(s["secrets"] == ["discord_token"] for s in shards.values())
    assert services["postgres"]["image"].startswith("postgres:")
