"""What every row gets and gives: the sizes of a run, its work folder and roadmaps, figures
rows hand to each other, and the ``Row`` of the table; and the servers of many groups that the
rows ask the emulator process for."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import SHIPPED_ROADMAPS
from bot.roadmaps import Roadmap, load_roadmaps

log = logging.getLogger(__name__)

JSON = dict[str, Any]
# the log line the bot writes once start-up reconciliation is over
RECONCILED = "start-up reconciliation done"
CHANNELS_PER_GUILD = 100
"""The rows with many groups put this many groups' channels in each server."""


@dataclass(frozen=True)
class Sizes:
    tick_members: int
    progress_members: int
    open_rate: float
    phase_s: float
    warmup_s: float
    concurrency: int
    fanout_groups: int
    startup_groups: int
    service_calls: int
    interactions: int
    render_rounds: int
    raw_inserts: int
    soak_groups: int
    soak_members: int
    soak_days: int
    catchup_groups: int
    card_rate: float = 20.0
    """Progress cards asked for per second while ticks run (row 7b)."""
    card_draws: int = 60
    card_thread_run: bool = True
    """Also run 7b with cards drawn in a thread (7c)."""
    card_rounds: int = 2
    """Rounds of (ticks alone, ticks with cards) in 7b and 7c."""
    shard_startup_groups: tuple[int, ...] = (1000, 10000, 100000)
    """Row 9: running groups over 4 shard processes, each size a run (cost growth)."""
    shard_fanout_groups: int = 10000
    """Row 10: groups due at one minute over 4 shard processes."""
    reminder_members: int = 10000
    """Row 12: members whose reminders fall due in the same minute..."""
    reminder_groups: int = 500
    """... across this many groups."""
    live_load_s: float = 150.0
    """Row 14: how long 50 ticks per second arrive on 20 live posts."""
    digest_groups: int = 2000
    """Row 13: groups whose weekly digest is due at one minute."""

    @classmethod
    def full(cls) -> Sizes:
        return cls(200, 1000, 500.0, 5.0, 1.0, 50, 2000, 10000, 200, 40, 3, 20000, 4, 10, 28, 100)

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            20, 50, 100.0, 1.0, 0.3, 10, 100, 300, 20, 5, 1, 2000, 2, 3, 6, 10,
            card_rate=5.0, card_draws=6, card_thread_run=False, card_rounds=1,
            shard_startup_groups=(400,), shard_fanout_groups=100,
            reminder_members=400, reminder_groups=20, live_load_s=20.0, digest_groups=20,
        )  # fmt: skip


@dataclass
class Row:
    """One line of the table: a figure, the ceiling it is compared with, and their ratio."""

    key: str
    title: str
    figure: str
    ceiling: str
    ratio: float | None
    ratio_means: str
    target: str
    met: bool | None
    details: JSON = field(default_factory=dict)


@dataclass
class Context:
    sizes: Sizes
    workdir: Path
    roadmaps: dict[str, Roadmap]
    shared: JSON = field(default_factory=dict)  # figures one row hands to another


class LineWaiter(logging.Handler):
    """Sets ``seen`` once a log record containing ``needle`` is emitted (in this process)."""

    def __init__(self, needle: str) -> None:
        super().__init__(logging.INFO)
        self.needle = needle
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.seen.set()


class ShiftedClock:
    """The bot's clock: real time plus an offset that a row sets when it fires the jobs."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def utc_today() -> date:
    return datetime.now(UTC).date()


def group_guilds(groups: int, prefix: str, members_per_group: int = 0) -> list[JSON]:
    """The servers to ask the emulator process for, for ``groups`` channels (``c0``, ``c1``...
    in servers named ``prefix`` and a number, ``CHANNELS_PER_GUILD`` to a server), each server
    with ``members_per_group`` members for each of its channels."""
    guilds = []
    for i in range(-(-groups // CHANNELS_PER_GUILD)):
        channels = min(CHANNELS_PER_GUILD, groups - i * CHANNELS_PER_GUILD)
        guilds.append(
            {
                "name": f"{prefix}{i}",
                "channels": [f"c{j}" for j in range(channels)],
                "members": members_per_group * channels,
            }
        )
    return guilds


def group_channels(info: JSON) -> list[tuple[int, int]]:
    """(server id, channel id) of every channel the emulator process made, in its order."""
    return [(g["id"], ch) for g in info["guilds"] for ch in g["channels"]]


def minute_tomorrow() -> datetime:
    """The whole minute a day from now: jobs due then are not due while the bot starts up."""
    return (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)


def count(db: Path, sql: str, params: tuple[Any, ...] = ()) -> int:
    """``SELECT COUNT(*) ...`` on a database file, read after a row's run."""
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
        yield Path(tmp)


def new_context(quick: bool, folder: Path) -> Context:
    sizes = Sizes.quick() if quick else Sizes.full()
    return Context(sizes, folder, load_roadmaps(SHIPPED_ROADMAPS))
