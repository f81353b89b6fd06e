"""``python -m bench.shard_bot``: one shard process of the fan-out row (row 10), in its own
process: the real ``ShardedStudyBot`` (its shards from ``STUDYBOT_SHARDS`` and
``STUDYBOT_SHARD_COUNT``, its database from ``STUDYBOT_DB``) on a clock the bench can move, so
every process's daily jobs fire at the same chosen instant.

JSON lines on stdin: ``{"cmd": "fire", "due": ISO, "at": unix}`` sets the clock so that ``at``
is ``due`` and makes every posting job run at ``at``: each group's daily job and its one-shot
``next`` job, both armed for the due instant as in production (answers how many of each);
``{"cmd": "stats"}`` answers how many slots the pacer missed; ``{"cmd": "stop"}``. Answers on
stdout; the first line says the bot is connected and reconciled.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.rows.context import RECONCILED
from bot.app import ShardedStudyBot
from bot.config import Settings, configure_logging
from bot.daily import DiscordChannels, JobKey
from bot.roadmaps import load_roadmaps
from bot.store import Store
from emulator.discord_target import point_discord_from_env


class ShiftedClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class _Seen(logging.Handler):
    def __init__(self, needle: str) -> None:
        super().__init__(logging.INFO)
        self.needle, self.seen = needle, asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.seen.set()


def answer(**data: object) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


async def main() -> None:
    point_discord_from_env()
    settings = Settings()
    configure_logging("WARNING")
    reconciled = _Seen(RECONCILED)
    daily_log = logging.getLogger("bot.daily")
    daily_log.setLevel(logging.INFO)
    daily_log.addHandler(reconciled)
    daily_log.propagate = False  # its INFO lines are for the handler, not the bench's output
    clock = ShiftedClock()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    async with Store.open(settings.database, pool_size=settings.db_pool_size) as store:
        roadmaps = load_roadmaps(settings.roadmaps_dir)
        bot = ShardedStudyBot(settings=settings, store=store, roadmaps=roadmaps, clock=clock)
        gc.collect()  # as ``run_bot`` does: what is built by now lives as long as the process
        gc.freeze()
        async with bot:
            runner = asyncio.create_task(bot.start(settings.token()))
            await asyncio.wait_for(reconciled.seen.wait(), 300)
            answer(ready=True)
            while line := await reader.readline():
                cmd = json.loads(line)
                if cmd["cmd"] == "stop":
                    break
                if cmd["cmd"] == "stats":
                    channels = bot.daily.poster.channels
                    assert isinstance(channels, DiscordChannels)
                    answer(missed_slots=getattr(channels.pacer.global_window, "missed", None))
                    continue
                at = datetime.fromtimestamp(cmd["at"], UTC)
                clock.offset = datetime.fromisoformat(cmd["due"]) - at
                moved = {"daily": 0, "next": 0}
                bot.scheduler.pause()  # a running scheduler re-plans after every moved job
                try:
                    for job in bot.scheduler.get_jobs():
                        key = JobKey.parse(job.id)
                        if key is not None and key.kind in moved:
                            job.modify(next_run_time=at)
                            moved[key.kind] += 1
                finally:
                    bot.scheduler.resume()
                # late_s > 0: the jobs were moved only after the instant they were moved to
                answer(jobs=moved["daily"], next=moved["next"], late_s=time.time() - cmd["at"])
            await bot.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(runner, 10)


if __name__ == "__main__":
    asyncio.run(main())
