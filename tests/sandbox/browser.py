"""Drive ``studybot sandbox`` in headless Chromium: the real command in a subprocess, Debian's
Chromium (never a downloaded one) through Playwright, and the page as a person uses it.

Used by the browser test and by ``python -m tests.sandbox.screenshot`` (README's picture).
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "chromium is not installed: apt-get install chromium (CI's .ci/run installs it)"
START = "2026-03-02T08:00:00Z"  # a Monday, an hour before the default post time


@dataclass
class SandboxProcess:
    proc: subprocess.Popen[bytes]
    url: str
    database: Path
    log: Path

    def stop(self) -> int:
        """SIGINT (Ctrl+C) and wait; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(30)

    def warnings(self) -> list[str]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)]


def studybot_command() -> list[str]:
    script = Path(sys.executable).with_name("studybot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


@contextmanager
def sandbox_process(workdir: Path, *args: str) -> Iterator[SandboxProcess]:
    """``studybot sandbox --port 0 --start START ARGS`` until its page's URL is printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STUDYBOT_"))}
    log = workdir / "sandbox.log"
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [*studybot_command(), "sandbox", "--port", "0", "--start", START, *args],
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=workdir,
            env=env,
        )
    try:
        assert proc.stdout is not None
        printed = b""
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        while b"removed at exit" not in printed:
            left = deadline - time.monotonic()
            assert left > 0 and selector.select(left), f"no URL printed: {log.read_text()}"
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, f"the sandbox exited early: {log.read_text()}"
            printed += chunk
        selector.close()
        text = printed.decode()
        url = re.search(r"http://127\.0\.0\.1:\d+/", text)
        database = re.search(r"throwaway: (\S+studybot\.db)", text)
        assert url and database, text
        yield SandboxProcess(proc, url.group(0), Path(database.group(1)), log)
    finally:
        if proc.poll() is None:  # the test failed: stop it as Ctrl+C would, then for sure
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


@contextmanager
def chromium_page(profile: Path, *, timezone: str = "Europe/Berlin") -> Iterator[Any]:
    """A fresh headless Chromium (Debian's) and one page, 1400x900."""
    from playwright.sync_api import sync_playwright

    shutil.rmtree(profile, ignore_errors=True)
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 900},
            timezone_id=timezone,
            locale="en-US",
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


@dataclass
class SandboxPage:
    """The page as a person uses it; ``requests`` and ``problems`` record what it fetched and
    what went wrong in it."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self) -> None:
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready='yes']", timeout=30_000)

    def act_as(self, name: str) -> None:
        self.page.click(f".member[data-name='{name}']")
        self.page.wait_for_selector(f".member.active[data-name='{name}']")
        self.page.wait_for_selector(f"body[data-shown-for='{name}']", state="attached")

    def _replies(self) -> str:
        return str(self.page.evaluate("document.body.dataset.replies || '0'"))

    def _await_reply(self, before: str) -> Any:
        """The message the bot answered with (a new one, or the one it updated)."""
        self.page.wait_for_function(
            "before => (document.body.dataset.replies || '0') !== before", arg=before
        )
        last = self.page.evaluate("document.body.dataset.lastReply")
        reply = self.page.locator(f".message[data-id='{last}']")
        reply.wait_for()
        return reply

    def command(self, path: str, **options: Any) -> Any:
        """``/path`` with options: a value, or ``("typed", "choice value")`` to pick from the
        bot's autocomplete; returns the reply's message element."""
        before = self._replies()
        box = self.page.locator("#composer-input")
        box.click()
        box.fill(f"/{path.split()[0]}")
        self.page.click(f".command-choice[data-command='{path}']")
        for name, value in options.items():
            field_ = self.page.locator(f".command-option[data-option='{name}']")
            control = field_.locator("input, select").first
            if isinstance(value, tuple):
                control.fill(value[0])
                self.page.locator(
                    f"#command-popup .autocomplete-choice[data-option='{name}']"
                    f"[data-value='{value[1]}']"
                ).click()
            elif control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(label=str(value))
            else:
                control.fill(str(value))
        self.page.click("#send-command")
        return self._await_reply(before)

    def click(self, button: Any) -> Any:
        before = self._replies()
        button.click()
        return self._await_reply(before)

    def move_time(self, button: str) -> int:
        """Press a time control ("time-next", "time-day", "time-week"); the clock after."""
        clock = self.page.locator("#clock")
        before = clock.get_attribute("data-unix")
        self.page.click(f"#{button}")
        self.page.wait_for_function(
            "b => { const c = document.getElementById('clock'); "
            "return c.dataset.unix !== b && !document.body.classList.contains('moving'); }",
            arg=before,
            timeout=60_000,
        )
        return int(float(clock.get_attribute("data-unix") or 0))

    def day_posts(self) -> Any:
        return self.page.locator(".message:has(button[data-custom-id^='studybot:tick:'])")

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
