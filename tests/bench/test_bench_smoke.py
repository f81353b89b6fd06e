"""CI smoke run of ``python -m bench --quick``: every row is there, nothing was lost or
doubled, and the soak kept no reply's view. It asserts nothing about time: timings on shared
CI machines mean nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROWS = {
    "ticks_offered",
    "ticks_saturation",
    "ticks_vs_raw",
    "ticks_lost",
    "fanout",
    "progress_service",
    "progress_interaction",
    "startup",
    "day_at",
    "render",
    "autocomplete",
    "soak",
    "cards_draw",
    "cards_ticks_process",
    "pg_ticks",
    "pg_progress",
    "shard_startup",
    "shard_fanout",
    "catchup",
    "live",
    "digest",
}
ROWS |= {"reminders"}


@pytest.mark.timeout(420)
def test_quick_bench_has_every_row_and_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=400,  # row 14 waits up to a minute for each post's last debounced edit
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) == ROWS
    for row in rows.values():  # the printed table has every row too
        assert row["title"] in done.stdout

    lost = rows["ticks_lost"]["details"]
    assert lost["studybot"]["acked"] > 0 and lost["bare"]["acked"] > 0
    assert lost["lost"] == 0 and lost["bare_lost"] == 0
    assert lost["studybot"]["errors"] == 0 and lost["bare"]["errors"] == 0

    fanout = rows["fanout"]["details"]
    assert not fanout["timed_out"]
    assert fanout["missing"] == 0 and fanout["doubled"] == 0
    assert fanout["ledger_sent"] == fanout["messages"]

    soak = rows["soak"]["details"]
    assert soak["clicks"] > 0 and soak["with_buttons"] > 0
    assert soak["bad_days"] == 0 and soak["posts_sent"] == soak["expected_posts"]
    assert soak["ticks"] == soak["expected_ticks"]
    assert {s["view_store"] for s in soak["samples"].values()} == {0}  # no reply is kept
    cards = rows["cards_ticks_process"]["details"]["with_cards"]
    assert cards["errors"] == 0 and cards["commands"]["errors"] == 0
    assert 0 < cards["commands"]["with_file"] == cards["commands"]["sent"]  # every card arrived
    shards = rows["shard_fanout"]
    if not shards["figure"].startswith("skipped"):  # no PostgreSQL server here
        details = shards["details"]
        assert not details["timed_out"]
        assert details["missing"] == 0 and details["doubled"] == 0
        assert details["ledger_sent"] == details["messages"]
        assert all(jobs > 0 for jobs in details["jobs"])  # every process served its shard
        assert rows["pg_ticks"]["details"]["postgresql"]["ticks"] > 0
    catchup = rows["catchup"]["details"]
    assert not catchup["timed_out"] and catchup["all_429"] == 0
    assert catchup["missing"] == 0 and catchup["doubled"] == 0
    assert catchup["ledger_sent"] == catchup["messages"]
    reminders = rows["reminders"]["details"]
    assert not reminders["timed_out"] and reminders["all_429"] == 0
    assert reminders["missing"] == 0 and reminders["doubled"] == 0
    assert reminders["ledger_sent"] == reminders["messages"] == 400  # one DM each, confirmed
    live = rows["live"]["details"]
    assert live["load"]["acked"] > 0 and live["load"]["errors"] == 0
    assert live["samples_429"] == []
    assert all(
        line in live["shown"][channel]
        for channel, lines in live["expected"].items()
        for line in lines
    )  # every post shows the final counts, by editing: one message each, edited at most
    assert live["min_gap_s"] is None or live["min_gap_s"] >= 59.0  # once a minute
    digest = rows["digest"]["details"]
    assert not digest["timed_out"] and digest["all_429"] == 0
    assert digest["missing"] == 0 and digest["doubled"] == 0
    assert digest["ledger_sent"] == digest["messages"]
    assert digest["charts_in_first_5"] == 5  # each digest carries its chart

    render = rows["render"]["details"]
    assert render["checked"] > 0 and render["violations"] == []
