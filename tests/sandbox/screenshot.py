"""README's picture of the sandbox: ``python -m tests.sandbox.screenshot [PATH]`` (default
``docs/sandbox.png``), taken with the browser test's own setup (Debian's Chromium through
Playwright). Emoji and Chinese need fonts-noto-color-emoji and fonts-noto-cjk to look right."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.sandbox.browser import REPO, SandboxPage, chromium_page, sandbox_process


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, sandbox_process(Path(tmp)) as sandbox:
        with chromium_page(Path(tmp) / "profile", timezone="Europe/London") as page:
            ui = SandboxPage(page, sandbox.url)
            ui.open()
            ui.command(
                "roadmap start", roadmap=("14", "14day"), timezone=("Europe/Lo", "Europe/London")
            )
            ui.act_as("bob")
            ui.command("join", roadmap=("14", "14day"))
            ui.act_as("alice")
            ui.command("join", roadmap=("14", "14day"))
            ui.move_time("time-next")
            post = ui.day_posts().first
            ui.click(post.locator("button[data-custom-id^='studybot:tick:']").first)
            ui.screenshot(target)
        sandbox.stop()
    print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "sandbox.png")
