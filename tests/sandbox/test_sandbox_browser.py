"""``studybot sandbox`` in a real browser: headless Chromium (Debian's) driven by Playwright.

Starts the real command, starts ``14day``, joins as two members, moves to day 1, ticks a task as
one member (the other does not see the private reply), checks in, opens ``/progress`` and moves a
week on. Screenshots are kept in ``tests/artifacts/sandbox/`` (git-ignored; set
``STUDYBOT_ARTIFACTS`` to put them elsewhere).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.sandbox.browser import (
    CHROMIUM,
    MISSING,
    REPO,
    SandboxPage,
    chromium_page,
    sandbox_process,
)

pytestmark = pytest.mark.timeout(180)
ARTIFACTS = Path(os.environ.get("STUDYBOT_ARTIFACTS") or REPO / "tests" / "artifacts") / "sandbox"


def unix(day: int, hour: int) -> int:
    return int(datetime(2026, 3, day, hour, tzinfo=UTC).timestamp())


@pytest.fixture
def browser_ready() -> None:
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    pytest.importorskip(
        "playwright", reason="playwright is a dev dependency: pip install -e '.[dev]'"
    )


@pytest.mark.usefixtures("browser_ready")
def test_a_study_week_in_the_browser(tmp_path: Path) -> None:
    with (
        sandbox_process(tmp_path) as sandbox,
        chromium_page(tmp_path / "chromium-profile") as page,
    ):
        ui = SandboxPage(page, sandbox.url)
        ui.open()
        assert (
            page.locator(".member[data-name='bob'] .lang").get_attribute("data-locale") == "zh-CN"
        )

        started = ui.command("roadmap start", roadmap=("14", "14day"))
        assert "ephemeral" not in (started.get_attribute("class") or "")
        # <t:..:R> against the simulated clock: day 1 is an hour away
        assert "in 1 hour" in started.locator(".timestamp").all_inner_texts()
        alice_joined = ui.command("join", roadmap=("14", "14day")).get_attribute("data-id")

        ui.act_as("bob")
        bob_joined = ui.command("join", roadmap=("14", "14day"))
        assert "ephemeral" in (bob_joined.get_attribute("class") or "")
        assert page.locator(f".message[data-id='{alice_joined}']").count() == 0

        assert ui.move_time("time-next") == unix(2, 9)
        assert ui.day_posts().count() == 1
        # 09:00 UTC is 10:00 in the viewer's zone (Europe/Berlin), in the viewer's language
        assert ui.day_posts().first.locator(".sent").inner_text() == "今天 10:00"

        ui.act_as("alice")
        assert ui.day_posts().first.locator(".sent").inner_text() == "Today at 10:00 AM"
        task = ui.day_posts().first.locator("button[data-custom-id^='studybot:tick:']").first
        ticked = ui.click(task)
        tick_reply = ticked.get_attribute("data-id")
        assert "Only you can see this" in ticked.inner_text()
        ui.screenshot(ARTIFACTS / "1-alice-ticked-a-task.png")

        ui.act_as("bob")
        assert ui.day_posts().count() == 1
        assert page.locator(f".message[data-id='{tick_reply}']").count() == 0
        ui.screenshot(ARTIFACTS / "2-bob-does-not-see-alices-reply.png")

        ui.act_as("alice")
        checked_in = ui.command("checkin", note="read the attention paper", minutes=45)
        assert "ephemeral" in (checked_in.get_attribute("class") or "")
        board = ui.command("progress")
        assert board.locator(".thinking").count() == 0
        assert "@alice" in board.locator(".embed").first.inner_text()
        ui.screenshot(ARTIFACTS / "3-progress.png")

        assert ui.move_time("time-week") == unix(9, 9)
        assert ui.day_posts().count() == 8
        ui.screenshot(ARTIFACTS / "4-a-week-later.png")

        outside = [u for u in ui.requests if not u.startswith(sandbox.url)]
        assert outside == [], "the page fetched something from elsewhere"
        assert ui.problems == []
        assert sandbox.stop() == 0  # Ctrl+C with the page still following the events
    assert not sandbox.database.parent.exists(), "the throwaway database must be removed"
    assert sandbox.warnings() == []
