"""``python -m bench [--quick] [--json PATH]``: run every row, print one table, write JSON.

This is the bench's command-line entry: it prints the table (its output) and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import compile_sources
from bench.rows import ORDER, STEPS, Row, new_context, workdir

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"


def format_table(rows: Sequence[Row]) -> str:
    headers = ("row", "figure", "ceiling (same run)", "ratio", "target", "met")
    cells = [
        (
            r.title,
            r.figure,
            r.ceiling,
            "-" if r.ratio is None else f"{r.ratio:.2f} ({r.ratio_means})",
            r.target,
            "-" if r.met is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)) for cell in cells]
    return "\n".join(out)


async def run(quick: bool, only: str | None = None) -> tuple[list[Row], dict[str, float]]:
    """Every row (or the ``only`` step), in an order where none disturbs another."""
    rows: list[Row] = []
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    compile_sources()
    with workdir() as folder:
        ctx = new_context(quick, folder)
        for step in STEPS:
            if only not in (None, step):
                continue
            t = time.perf_counter()
            rows += await STEPS[step](ctx)
            timings[step] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    rows.sort(key=lambda r: next(i for i, p in enumerate(ORDER) if r.key.startswith(p)))
    return rows, timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the CI smoke test)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON")
    parser.add_argument("--only", choices=STEPS, help="run one step (for profiling)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("discord").setLevel(logging.ERROR)  # 429 retries are counted, not logged
    rows, timings = asyncio.run(run(args.quick, args.only))
    print(format_table(rows))
    steps = ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
    print(f"\n{'quick' if args.quick else 'full'} run on {os.cpu_count()} cores: {steps}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "seconds": timings,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "rows": [asdict(r) for r in rows],
    }
    args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
