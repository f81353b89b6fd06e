"""Processes the bench drives: the emulator process (JSON lines) and bot subprocesses."""

from __future__ import annotations

import asyncio
import compileall
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
JSON = dict[str, Any]


class EmulatorProcess:
    """Client of ``bench.emulator_proc`` running in its own process."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.info: JSON = {}
        self._lock = asyncio.Lock()

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, guilds: list[JSON]) -> AsyncIterator[EmulatorProcess]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.emulator_proc",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=REPO,
            limit=64 * 1024 * 1024,
        )
        emu = cls(proc)
        try:
            emu.info = await emu.call("start", guilds=guilds)
            yield emu
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(emu.call("stop"), 5)
            if proc.returncode is None:
                proc.kill()
            await proc.wait()

    async def call(self, cmd: str, **args: Any) -> JSON:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        async with self._lock:
            self.proc.stdin.write((json.dumps({"cmd": cmd, **args}) + "\n").encode())
            await self.proc.stdin.drain()
            line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the emulator process died during {cmd!r}")
        answer: JSON = json.loads(line)
        if not answer.pop("ok"):
            raise RuntimeError(f"emulator command {cmd!r} failed: {answer['error']}")
        return answer

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for a bot subprocess pointed at this emulator."""
        env = dict(os.environ)
        emu_env: dict[str, str] = self.info["env"]
        env.update(emu_env)
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = emu_env["PYTHONPATH"] + os.pathsep + os.environ["PYTHONPATH"]
        env.update(extra)
        return env


def compile_sources() -> None:
    """Write the bytecode of the code bot processes import, as a deployed image has it (pip
    compiles what it installs): a shell with ``PYTHONDONTWRITEBYTECODE`` set would otherwise
    make every process start-up compile the project anew (up to 0.45 s of CPU each, in the
    start-up rows)."""
    for folder in ("bot", "cogs", "emulator", "sandbox", "bench"):
        compileall.compile_dir(REPO / folder, quiet=1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (0.0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


class BotProcess:
    """A bot in a subprocess; watches its log (stderr) for lines."""

    def __init__(self, proc: asyncio.subprocess.Process, started: float) -> None:
        self.proc = proc
        self.started = started
        self.lines: list[tuple[float, str]] = []
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        while True:
            line = await self.proc.stderr.readline()
            if not line:
                break
            self.lines.append((time.perf_counter(), line.decode(errors="replace").rstrip()))
            self._changed.set()

    async def wait_line(self, needle: str, timeout: float) -> float:
        """The perf_counter time at which a log line containing ``needle`` was read."""
        deadline = time.perf_counter() + timeout
        seen = 0
        while True:
            for at, text in self.lines[seen:]:
                if needle in text:
                    return at
            seen = len(self.lines)
            if self.proc.returncode is not None:
                raise RuntimeError(f"bot exited ({self.proc.returncode}): {self.tail()}")
            self._changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no log line with {needle!r}: {self.tail()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))

    def tail(self, n: int = 8) -> str:
        return " | ".join(text for _, text in self.lines[-n:])

    def rss_mb(self) -> float:
        """Resident memory (VmRSS) of the process, in MiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu_s(self) -> tuple[float, float]:
        """CPU seconds (user + system) used so far by the process and by its live children
        (a card worker), from ``/proc``."""
        return cpu_seconds(self.proc.pid), sum(cpu_seconds(c) for c in children(self.proc.pid))

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, args: Sequence[str], env: dict[str, str]) -> AsyncIterator[BotProcess]:
        started = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        bot = cls(proc, started)
        try:
            yield bot
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 15)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
            bot._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await bot._reader
