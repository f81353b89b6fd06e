"""Start-up reconciliation over many groups, seeded before the bot starts: exactly the due posts
are sent, each once, in the server's language, and before discord.py's ``on_ready``; the other
groups only get their next-post job."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

import pytest

from bot.app import StudyBot
from bot.daily import JobKey
from bot.daily.job_ids import of_group
from bot.services.posting import post_nonce
from bot.store import Group, NewGroup, Store
from emulator import Emulator, Scenario, running_bot
from emulator.scenario import Channel
from tests.e2e.conftest import (
    ROADMAPS,
    FakeClock,
    labels_of,
    make_settings,
    open_store,
    posts_of,
)

# Every group posts at 09:00 UTC. The bot's clock is a month ahead of the real one: the next-post
# jobs it arms then lie in APScheduler's (real-time) future, and stay to be checked.
NOW = (datetime.now(UTC) + timedelta(days=30)).replace(hour=12, minute=0, second=0, microsecond=0)
TODAY = NOW.date()
TOMORROW_POST = NOW + timedelta(hours=21)
SEND = "POST /channels/{channel_id}/messages"
TITLE_ZH = "14天打造LLM专家：从NLP基础到高级进阶"
IDLE_GROUPS = 40
Row = Literal["sent", "missed", "failed", "claimed"]


@dataclass
class Case:
    """A group as the bot finds it at start-up, and what reconciliation must do with it."""

    name: str
    start: date
    rows: dict[int, Row] = field(default_factory=dict)
    created: datetime = NOW - timedelta(days=20)
    catch_up: bool = False
    paused: bool = False
    zh: bool = False
    posts: list[int] = field(default_factory=list)
    """Days posted now, in order (15: the 14-day roadmap's summary)."""
    ledger: dict[int, str] | None = None
    """The rows afterwards (None: unchanged)."""


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def sent(*days: int) -> dict[int, Row]:
    return dict.fromkeys(days, "sent")


CASES = [
    *(Case(f"idle{i}", days_ago(2), sent(1, 2, 3)) for i in range(IDLE_GROUPS)),
    Case("due_today", days_ago(2), sent(1, 2), posts=[3], ledger=sent(1, 2, 3)),
    Case("new_today", TODAY, created=NOW - timedelta(hours=4), posts=[1], ledger=sent(1)),
    Case("crashed", days_ago(2), {**sent(1, 2), 3: "claimed"}, posts=[3], ledger=sent(1, 2, 3)),
    Case("missed", days_ago(2), sent(1), posts=[3], ledger={1: "sent", 2: "missed", 3: "sent"}),
    Case("catch_up", days_ago(2), sent(1), catch_up=True, posts=[2, 3], ledger=sent(1, 2, 3)),
    Case("paused", days_ago(2), sent(1), paused=True),
    Case("resumed", days_ago(2), {**sent(1, 2), 3: "failed"}, posts=[3], ledger=sent(1, 2, 3)),
    Case("failed_before", days_ago(2), {1: "failed", **sent(2, 3)}),
    Case("late_joiner", days_ago(4), sent(5), created=NOW - timedelta(hours=2)),
    Case(
        "late_joiner_due", days_ago(4), created=NOW - timedelta(hours=2), posts=[5], ledger=sent(5)
    ),
    Case("finishing", days_ago(14), sent(*range(1, 15)), posts=[15], ledger=sent(*range(1, 16))),
    Case("chinese", days_ago(2), sent(1, 2), zh=True, posts=[3], ledger=sent(1, 2, 3)),
]


@pytest.fixture
def scenario() -> Scenario:
    """One English server with a channel per case, and a Chinese one."""
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    for case in CASES:
        if not case.zh:
            hall.text_channel(case.name)
    hall.member("alice", manage_guild=True)
    elsewhere = sc.guild("Elsewhere", locale="zh-CN", preferred_locale="zh-CN")
    elsewhere.text_channel("chinese")
    elsewhere.member("dave", manage_guild=True)
    return sc


def channel_of(sc: Scenario, case: Case) -> Channel:
    return sc.guilds[1 if case.zh else 0].channel_named(case.name)


async def seed(store: Store, sc: Scenario, case: Case) -> Group:
    channel = channel_of(sc, case)
    new = NewGroup(
        guild_id=channel.guild_id,
        channel_id=channel.id,
        roadmap_id="14day",
        start_date=case.start,
        post_time=time(9, 0),
        timezone="UTC",
        created_by=1,
        catch_up=case.catch_up,
    )
    group = await store.create_group(new, case.created)
    for day, state in case.rows.items():
        when = max(case.created, NOW - timedelta(days=20 - day))
        nonce = post_nonce(group.id, day)
        if state == "missed":
            await store.record_missed_post(group.guild_id, group.id, day, nonce, when)
            continue
        await store.claim_post(group.guild_id, group.id, day, nonce, when, late=False)
        if state == "sent":
            await store.confirm_post(group.guild_id, group.id, day, 10**17 + day, when)
        elif state == "failed":
            await store.mark_post(group.guild_id, group.id, day, "failed", "no access")
    if case.paused:
        await store.set_group_state(group.guild_id, group.id, "paused", NOW - timedelta(days=1))
    return group


class Reconciled(logging.Handler):
    """Notes whether discord.py's on_ready had fired when reconciliation logged it was done."""

    def __init__(self, bot: StudyBot) -> None:
        super().__init__(logging.INFO)
        self.bot = bot
        self.done = asyncio.Event()
        self.ready_then: bool | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("start-up reconciliation done"):
            self.ready_then = self.bot.is_ready()
            self.done.set()


@pytest.fixture
def poster_log(caplog: pytest.LogCaptureFixture) -> logging.Logger:
    caplog.set_level(logging.INFO, logger="bot.daily")
    return logging.getLogger("bot.daily")


async def test_startup_sends_exactly_the_due_posts_once_before_on_ready(
    emulator: Emulator, scenario: Scenario, db_target: str, poster_log: logging.Logger
) -> None:
    settings = make_settings(db_target)
    clock = FakeClock(NOW)
    async with open_store(settings) as store:
        groups = {case.name: await seed(store, scenario, case) for case in CASES}
        before = {g.id: await store.posts(g.guild_id, g.id) for g in groups.values()}
        bot = StudyBot(settings=settings, store=store, roadmaps=ROADMAPS, clock=clock)
        # on_ready well after the test: reconciliation must not need it
        bot._connection.guild_ready_timeout = 30.0
        reconciled = Reconciled(bot)
        poster_log.addHandler(reconciled)
        try:
            async with running_bot(emulator, bot):
                await asyncio.wait_for(reconciled.done.wait(), 20)
                assert reconciled.ready_then is False

                for case in CASES:
                    group = groups[case.name]
                    posted = labels_of(emulator, channel_of(scenario, case))
                    expected = [f"d{d}" if d < 15 else "summary" for d in case.posts]
                    assert posted == [f"g{group.id} {e}" for e in expected], case
                    rows = await store.posts(group.guild_id, group.id)
                    if case.ledger is None:
                        assert rows == before[group.id], case.name
                    else:
                        assert {p.day: p.state for p in rows} == case.ledger, case.name
                sends = [r for r in emulator.requests if r.route == SEND]
                assert len(sends) == sum(len(c.posts) for c in CASES)
                assert all(r.status == 200 for r in sends)

                # what the posts say: late, catch-up, the summary, the server's language
                [late] = posts_of(emulator, channel_of(scenario, CASES[IDLE_GROUPS]))
                assert late["embeds"][0]["description"].startswith("*Posted late")
                caught_up, _ = posts_of(emulator, scenario.guilds[0].channel_named("catch_up"))
                assert caught_up["embeds"][0]["description"].startswith("*Catch-up")
                [summary] = posts_of(emulator, scenario.guilds[0].channel_named("finishing"))
                assert summary["embeds"][0]["title"] == "Roadmap complete"
                [zh] = posts_of(emulator, scenario.guilds[1].channel_named("chinese"))
                assert TITLE_ZH in zh["embeds"][0]["title"]

                # jobs: the next post for every running group (its daily job fires then, so
                # no one-shot job); none for the finished one
                finishing = groups["finishing"]
                finished = await store.get_group(finishing.guild_id, finishing.id)
                assert finished is not None and finished.state == "finished"
                assert bot.scheduler.get_job(JobKey(finishing.id).id) is None
                assert bot.scheduler.get_job(JobKey(finishing.id, "next").id) is None
                paused = groups["paused"].id
                assert [j.id for j in bot.scheduler.get_jobs() if of_group(j.id, paused)] == []
                for case in CASES:
                    if case.name in ("finishing", "paused"):
                        continue
                    job = bot.scheduler.get_job(JobKey(groups[case.name].id).id)
                    assert job is not None and job.next_run_time == TOMORROW_POST, case.name
                    next_job = JobKey(groups[case.name].id, "next").id
                    assert bot.scheduler.get_job(next_job) is None, case.name

                # a second reconciliation (a reconnect) finds nothing more to do
                assert await bot.daily.reconcile() == 0
                assert len([r for r in emulator.requests if r.route == SEND]) == len(sends)
        finally:
            poster_log.removeHandler(reconciled)
            ready = bot._connection._ready_task
            if ready is not None:  # discord.py waits out guild_ready_timeout even after close
                ready.cancel()
