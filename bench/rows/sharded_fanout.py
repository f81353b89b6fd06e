"""Row 10: the daily fan-out of N groups due at one minute, over 4 shard processes (each the
real ``ShardedStudyBot`` in ``bench.shard_bot``) sharing one PostgreSQL database and Discord's
global limit, against the floor that limit sets (N / 50 s)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from bench.harness import REPO, EmulatorProcess
from bench.pg import bench_database, skipped
from bench.rows.context import JSON, Context, Row, group_channels, minute_tomorrow
from bench.rows.shards import PROCESSES, sent_posts, shard_env, shard_guilds
from bench.seed import GroupSpec, insert_groups, seed

log = logging.getLogger(__name__)
PER_GUILD = 100
FIRE_LEAD_S = 2.0
"""The processes' jobs are moved to fire this far ahead: moving 5,000 jobs takes a process a
few tenths of a second (``late_s`` in the details says by how much it was too late, if ever)."""
TITLE = "10 daily fan-out over 4 shard processes (PostgreSQL)"


class ShardBot:
    """A ``bench.shard_bot`` process: JSON lines in and out."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, env: dict[str, str]) -> AsyncIterator[ShardBot]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.shard_bot",
            env=env,
            cwd=REPO,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            yield cls(proc)
        finally:
            with contextlib.suppress(Exception):
                await cls(proc).send({"cmd": "stop"}, answer=False)
                await asyncio.wait_for(proc.wait(), 15)
            if proc.returncode is None:
                proc.kill()
                await proc.wait()

    async def read(self, timeout: float) -> JSON:
        assert self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), timeout)
        if not line:
            raise RuntimeError(f"a shard process exited ({self.proc.returncode})")
        answer: JSON = json.loads(line)
        return answer

    async def send(self, cmd: JSON, *, answer: bool = True) -> JSON:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(cmd) + "\n").encode())
        await self.proc.stdin.drain()
        return await self.read(30) if answer else {}


async def sharded_fanout_row(ctx: Context) -> Row:
    n = ctx.sizes.shard_fanout_groups
    floor = n / 50.0
    guild_count = PROCESSES * -(-n // (PER_GUILD * PROCESSES))  # the same number per shard
    per_guild = -(-n // guild_count)
    async with bench_database("studybot_bench_fanout") as url:
        if url is None:
            return skipped("shard_fanout", TITLE)  # type: ignore[return-value]
        guilds = shard_guilds(guild_count, per_guild)
        async with EmulatorProcess.running(guilds) as emu:
            due = minute_tomorrow()
            specs = [
                GroupSpec(g, ch, "14day", due.date(), due.time().replace(tzinfo=None))
                for g, ch in group_channels(emu.info)
            ][:n]
            channels = [s.channel_id for s in specs]
            await seed(url, lambda batch: insert_groups(batch, specs, datetime.now(UTC)))
            async with contextlib.AsyncExitStack() as stack:
                bots = []
                for k in range(PROCESSES):
                    env = shard_env(emu, url, k, STUDYBOT_DB_POOL_SIZE="4")
                    bots.append(await stack.enter_async_context(ShardBot.running(env)))
                for bot in bots:
                    assert (await bot.read(300)).get("ready")
                fire = datetime.now(UTC) + timedelta(seconds=FIRE_LEAD_S)
                cmd = {"cmd": "fire", "due": due.isoformat(), "at": fire.timestamp()}
                answers = await asyncio.gather(*(bot.send(cmd) for bot in bots))
                result = await emu.call(
                    "wait_posts",
                    channels=channels,
                    timeout=floor * 4 + 60,
                    since=fire.timestamp() - 0.5,
                )
                await asyncio.sleep(0.3)
                ledger = await sent_posts(url)
                missed = [(await bot.send({"cmd": "stats"}))["missed_slots"] for bot in bots]
    jobs = [a["jobs"] + a["next"] for a in answers]  # each group's daily and next job
    elapsed = result["last_post"] - fire.timestamp()
    ratio = elapsed / floor
    details = {**result, "elapsed_s": elapsed, "floor_s": floor, "ledger_sent": ledger}
    ok = not result["timed_out"] and result["missing"] == 0 and result["doubled"] == 0
    return Row(
        "shard_fanout",
        f"{TITLE}, {n} groups",
        f"{elapsed:.1f} s; {result['all_429']} 429s; missing {result['missing']}, "
        f"doubled {result['doubled']}; jobs per process {jobs} (daily and next)",
        f"floor {floor:.1f} s (50 req/s for all)",
        ratio,
        "time / floor",
        "<= 1.15x, 0 doubled/missing, 0 429s",
        ok and ratio <= 1.15 and result["all_429"] == 0,
        details | {"jobs": jobs, "missed_slots": missed, "late_s": [a["late_s"] for a in answers]},
    )
