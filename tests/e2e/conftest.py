"""End-to-end fixtures: the real StudyBot, a real database (SQLite, and PostgreSQL where a
server answers: every test runs on both), real APScheduler, over real HTTP and WebSocket
against the Discord API emulator; only the clock is injected."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from bot.app import StudyBot
from bot.config import Settings
from bot.daily import JobKey, JobKind
from bot.daily import jobs as daily_jobs
from bot.daily.tasks import drain
from bot.roadmaps import load_roadmaps
from bot.store import Store
from emulator import Emulator, Scenario, running_bot, wait_idle
from tests.bot_posts import bot_posts, labels
from tests.pg import TEST_POOL_SIZE, fresh_migrated_pg_database, skip_without_server
from tests.store.backends import BACKENDS

REPO = Path(__file__).resolve().parents[2]
ROADMAPS = load_roadmaps(REPO / "roadmaps")


class FakeClock:
    """The bot's clock; tests move it instead of waiting. ``follow`` is told every move
    forward (seconds), so the emulator's clock keeps up: Discord's rate limit windows (5
    posts per 5 s per channel) have passed between two simulated days, as on Discord."""

    def __init__(self, now: datetime, follow: Callable[[float], None] | None = None) -> None:
        self.now = now
        self.follow = follow

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        moved = (now - self.now).total_seconds()
        self.now = now
        if moved > 0 and self.follow is not None:
            self.follow(moved)

    def advance(self, **delta: float) -> None:
        self.set(self.now + timedelta(**delta))


@pytest.fixture(autouse=True)
def jobs_miss_the_wall_clocks_past(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bots here live on a clock months behind the wall clock that APScheduler fires on, so
    every job's first fire time is long past for the scheduler. With the bot's 6-hour misfire
    grace, a coalesced daily job would fire on its own whenever the wall clock is within 6
    hours after the group's post time (racing ``fire``); one minute keeps that out, and jobs
    run when a test fires them."""
    monkeypatch.setattr(daily_jobs, "MISFIRE_GRACE_S", 60)


CHANNEL_MESSAGE_WITH_SOURCE = 4
"""The interaction callback that answers with a message at once (no defer)."""


@pytest.fixture(autouse=True)
def one_answer_per_interaction(emulator: Emulator) -> Iterator[None]:
    """After every test: no interaction the bot answered with a message got a follow-up
    message too. A member reads one answer per click or command (a deferred answer is
    finished by a follow-up, which is not this); a merge once left every task button
    answering twice, and the tests that read the first answer did not see it."""
    yield
    twice = [
        (handle.payload.get("data") or {}).get("custom_id")
        or (handle.payload.get("data") or {}).get("name")
        for handle in emulator.interaction_store.by_id.values()
        if handle.ack_type == CHANNEL_MESSAGE_WITH_SOURCE and handle.followup_ids
    ]
    assert not twice, f"answered, then followed up with another message: {twice}"


@pytest.fixture
def clock(emulator: Emulator) -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), emulator.advance)  # a Monday


@pytest.fixture
def scenario() -> Scenario:
    """Study Hall (#general, #other): alice manages the server, bob reads Chinese, carol;
    a second server, Elsewhere, with its own #lobby and dave."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


@pytest_asyncio.fixture(params=BACKENDS)
async def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """What ``STUDYBOT_DB`` says: a fresh SQLite file, or a fresh PostgreSQL database (with the
    schema already: ``tests.pg.migrated_template``)."""
    if request.param == "sqlite":
        yield str(tmp_path / "studybot.db")
        return
    skip_without_server()
    async with fresh_migrated_pg_database("studybot_e2e") as url:
        yield url


def make_settings(db: str | Path) -> Settings:
    return Settings.model_validate(
        {
            "DISCORD_TOKEN": "test-token",
            "STUDYBOT_DB": str(db),
            "STUDYBOT_DB_POOL_SIZE": TEST_POOL_SIZE,
            "STUDYBOT_ROADMAPS": str(REPO / "roadmaps"),
        }
    )


def open_store(settings: Settings) -> contextlib.AbstractAsyncContextManager[Store]:
    return Store.open(settings.database, pool_size=settings.db_pool_size)


QUICK_READY: dict[str, Any] = {"guild_ready_timeout": 0.05}
"""For a restarted bot a test waits to be ready: discord.py dispatches ``on_ready``
``guild_ready_timeout`` (2 s) after the last GUILD_CREATE; the emulator sends them at once."""


@pytest_asyncio.fixture
async def studybot(emulator: Emulator, db_target: str, clock: FakeClock) -> AsyncIterator[StudyBot]:
    settings = make_settings(db_target)
    async with open_store(settings) as store:
        bot = StudyBot(settings=settings, store=store, roadmaps=ROADMAPS, clock=clock)
        async with running_bot(emulator, bot, wait_sync=True):
            yield bot


class World:
    """Names for the scenario's people and places."""

    def __init__(self, sc: Scenario) -> None:
        hall, elsewhere = sc.guilds
        self.hall, self.elsewhere = hall, elsewhere
        self.general = hall.channel_named("general")
        self.other = hall.channel_named("other")
        self.lobby = elsewhere.channel_named("lobby")
        self.alice = hall.member_named("alice")
        self.bob = hall.member_named("bob")
        self.carol = hall.member_named("carol")
        self.dave = elsewhere.member_named("dave")


@pytest.fixture
def world(scenario: Scenario) -> World:
    return World(scenario)


async def fire(bot: StudyBot, group_id: int, kind: JobKind = "daily") -> None:
    """Run one of the group's jobs (its daily job unless ``kind`` says otherwise) now through
    APScheduler itself, and wait for it to finish."""
    job_id = JobKey(group_id, kind).id
    job = bot.scheduler.get_job(job_id)
    assert job is not None, f"group {group_id} has no {kind} job"
    done: dict[str, Any] = {}
    finished = asyncio.Event()

    def listener(event: Any) -> None:
        if event.job_id == job_id:
            done["event"] = event
            finished.set()

    bot.scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    try:
        job.modify(next_run_time=datetime.now(UTC))
        bot.scheduler.wakeup()
        await asyncio.wait_for(finished.wait(), 10)
    finally:
        bot.scheduler.remove_listener(listener)
    assert getattr(done["event"], "exception", None) is None, done["event"].exception


async def settled(bot: StudyBot) -> None:
    """Wait until ``bot`` has finished what it was doing: its event and interaction handlers
    (one goes on after its reply reached the emulator: a tick's live update and milestones, a
    change's post run), then the background work they and start-up began (``drain``)."""
    await wait_idle(bot)
    await drain(5)


def posts_of(emu: Emulator, channel: Any) -> list[dict[str, Any]]:
    """The bot's daily posts and summary in a channel (found by their buttons), oldest first."""
    return bot_posts(emu.messages(channel))


def labels_of(emu: Emulator, channel: Any) -> list[str]:
    """``g<group> d<day>`` / ``g<group> summary`` for each of them (``tests.bot_posts``)."""
    return labels(emu.messages(channel))


FireJob = Callable[[StudyBot, int], Any]
