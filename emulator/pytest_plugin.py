"""pytest plugin: ``scenario`` and ``emulator`` fixtures, ``--openapi-validate`` with its
run summary (requests and responses validated) and the stale-allowlist check, and the
``openapi_invalid_requests`` marker.

Register with ``pytest_plugins = ["emulator.pytest_plugin"]`` in a conftest.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from emulator.scenario import Scenario
from emulator.server import Emulator

if TYPE_CHECKING:
    from emulator.openapi import OpenAPIChecker

log = logging.getLogger(__name__)

_checker: OpenAPIChecker | None = None


INVALID_REQUESTS = "openapi_invalid_requests"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("studybot-emulator")
    group.addoption(
        "--openapi-validate",
        action="store_true",
        default=False,
        help="validate every emulator request/response against Discord's OpenAPI description "
        "(also enabled by STUDYBOT_EMU_OPENAPI=1)",
    )
    parser.addini(
        "openapi_allowlist_suites",
        type="paths",
        default=[],
        help="test folders which, run in full with every test passing, must exercise every "
        "entry of emulator/openapi_allowlist.py (a stale entry fails the run)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{INVALID_REQUESTS}: the test sends requests that break Discord's OpenAPI description "
        "on purpose; their request problems are expected where the emulator refused them (4xx)",
    )
    global _state
    _state = RunRecord()


def openapi_enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--openapi-validate", default=False)) or os.environ.get(
        "STUDYBOT_EMU_OPENAPI", ""
    ) not in ("", "0", "false", "no")


def openapi_checker(config: pytest.Config) -> OpenAPIChecker | None:
    """The session's OpenAPI checker (loaded once), or None when validation is off."""
    global _checker
    if not openapi_enabled(config):
        return None
    if _checker is None:
        from emulator.openapi import OpenAPIChecker

        _checker = OpenAPIChecker.load()
    return _checker


@pytest.fixture
def scenario() -> Scenario:
    """A small world: guild "Study Hall" with #general, members alice (manage_guild) and bob."""
    sc = Scenario()
    guild = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    guild.text_channel("general")
    guild.member("alice", manage_guild=True, locale="en-US")
    guild.member("bob", locale="zh-CN")
    return sc


@pytest_asyncio.fixture
async def emulator(scenario: Scenario, request: pytest.FixtureRequest) -> AsyncIterator[Emulator]:
    """A running emulator for ``scenario`` with discord.py pointed at it (undone afterwards).

    A test fails at teardown if a request reached no route, the emulator failed on one, or one
    ran into Discord's rate limits (``emu.rate_limited``: the bot's pacing must keep it out);
    with OpenAPI validation on, also if any request or response violated Discord's OpenAPI
    description (beyond ``emulator/openapi_allowlist.py``).
    """
    checker = openapi_checker(request.config)
    session = checker.session() if checker else None
    if session is not None and request.node.get_closest_marker(INVALID_REQUESTS):
        session.refused_requests_expected = True
    emu = Emulator(scenario, token="test-token", openapi=session)
    async with emu:
        emu.patch_discord()
        yield emu
    unrouted = [f"{r.method} {r.path}" for r in emu.unrouted]
    assert not unrouted, f"the bot called API routes the emulator does not serve: {unrouted}"
    assert not emu.internal_errors, f"the emulator failed on requests: {emu.internal_errors}"
    limited = [f"{r.method} {r.path}" for r in emu.rate_limited]
    assert not limited, f"requests ran into Discord's rate limits (429): {limited}"
    if emu.openapi is not None:
        emu.openapi.raise_if_errors()


# ---- the run's OpenAPI summary and the stale-entry check ----------------------------------


class RunRecord:
    """What the stale-entry check needs to know about the run: the test files collected and
    whether any test was deselected (``-k``, ``-m``, ``--deselect``)."""

    def __init__(self) -> None:
        self.files: set[Path] = set()
        self.deselected = 0
        self.judged: tuple[bool, str] = (False, "the run has not finished")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    path = Path(str(report.fspath)) if report.fspath else None
    if path is not None and path.name.startswith("test_") and path.suffix == ".py":
        _run_state().files.add(path.resolve())


def pytest_deselected(items: list[pytest.Item]) -> None:
    _run_state().deselected += len(items)


_state: RunRecord | None = None


def _run_state() -> RunRecord:
    global _state
    if _state is None:
        _state = RunRecord()
    return _state


def whole_suites_ran(suites: list[Path], run: RunRecord, exitstatus: int) -> tuple[bool, str]:
    """Whether this run can judge the allowlist: every test file under ``suites`` was
    collected, nothing was deselected, and every test passed (or skipped). Otherwise says
    why not."""
    if not suites:
        return False, "no openapi_allowlist_suites configured"
    if run.deselected:
        return False, f"{run.deselected} test(s) deselected"
    if exitstatus != pytest.ExitCode.OK:
        return False, "not every test passed"
    wanted = {
        f.resolve()
        for suite in suites
        for f in suite.rglob("test_*.py")
        if "node_modules" not in f.parts
    }
    missing = wanted - run.files
    if missing:
        return False, f"{len(missing)} test file(s) of those suites not run"
    return True, ""


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After a whole-suite run with OpenAPI validation: an allowlist entry that excused
    nothing is stale, and fails the run."""
    if _checker is None:
        return
    suites = [Path(p) for p in session.config.getini("openapi_allowlist_suites")]
    run = _run_state()
    run.judged = whole_suites_ran(suites, run, int(exitstatus))
    if run.judged[0] and _checker.stale():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _checker is None:
        return
    used = sum(1 for a in _checker.allowlist if _checker.hits[a])
    terminalreporter.write_line(
        f"OpenAPI: validated {_checker.requests_validated} requests and "
        f"{_checker.responses_validated} responses; {used} of {len(_checker.allowlist)} "
        "allowlisted deviations occurred"
    )
    stale = _checker.stale()
    full, why_not = _run_state().judged
    if stale and full:
        for entry in stale:
            terminalreporter.write_line(
                f"OpenAPI: stale allowlist entry (never occurred in the whole suite): {entry}",
                red=True,
            )
    elif stale:
        terminalreporter.write_line(f"OpenAPI: allowlist staleness not judged ({why_not})")
