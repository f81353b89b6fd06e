"""Row 12 alone, quick (the whole bench's smoke test covers it too): every DM arrived once,
each confirmed in the ledger, and no request met a 429. Nothing about time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_quick_reminder_fan_out_loses_and_doubles_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "reminders", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (row,) = json.loads(out.read_text(encoding="utf-8"))["rows"]
    details = row["details"]
    assert row["key"] == "reminders" and not details["timed_out"]
    assert details["missing"] == 0 and details["doubled"] == 0 and details["all_429"] == 0
    assert details["ledger_sent"] == details["messages"] == 400
