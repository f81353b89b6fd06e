"""Start the sandbox: the emulator with the demo world and the web page, the real bot through
``run_bot`` (as ``studybot run`` starts it) on the shared simulated clock with its scheduler in
the time machine's hands, and a database in a temporary folder removed at exit."""

from __future__ import annotations

import asyncio
import logging
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path

from bot.app import run_bot
from bot.config import SHIPPED_ROADMAPS, Settings
from bot.daily import new_scheduler
from emulator import Emulator
from sandbox.clock import SimClock
from sandbox.roadmaps import check_folder
from sandbox.time_machine import TimeMachine
from sandbox.world import demo_world

log = logging.getLogger(__name__)

SETTLE_TIMEOUT_S = 5.0
"""How long a time move waits for interactions in flight to be answered first."""


@dataclass(frozen=True)
class SandboxOptions:
    roadmaps_dir: Path | None = None
    """An author's roadmap folder (default: the shipped roadmaps); its check goes to the page."""
    port: int = 0
    """0 picks a free port; the page is on 127.0.0.1 only."""
    start: datetime | None = None
    """Where simulated time begins (default: today 08:00 UTC, an hour before the default post
    time)."""
    log_level: str = "INFO"
    heartbeat_interval_ms: int = 41250
    """Discord's; tests shorten it to see more heartbeats in a short session."""


@dataclass(frozen=True)
class Running:
    """What ``serve`` tells its caller once the page is up."""

    url: str
    database: Path
    emulator: Emulator
    clock: SimClock
    machine: TimeMachine


def default_start() -> datetime:
    return datetime.combine(datetime.now(UTC).date(), time(8, 0), UTC)


def count_posts(emu: Emulator) -> int:
    """Messages in every channel and DM (ephemeral replies are never posts)."""
    store = emu.message_store
    total = sum(len(store.of_channel(c.id)) for g in emu.scenario.guilds for c in g.channels)
    for guild in emu.scenario.guilds:
        for member in guild.members:
            dm = emu.channel_store.dm_channel_of(member.id)
            if dm is not None:
                total += len(store.of_channel(dm))
    return total


async def settle(emu: Emulator) -> None:
    """Let interactions in flight be answered before time jumps (a jump would expire them)."""

    now = emu.clock.now()  # simulated time stands still between moves

    def answered() -> bool:
        return all(
            h.acknowledged or h.errors or h.choices is not None
            for h in emu.interaction_store.by_id.values()
            if h.created_at >= now
        )

    try:
        await emu.wait_until(answered, SETTLE_TIMEOUT_S, "interactions in flight")
    except TimeoutError:
        log.warning("sandbox: an interaction is still unanswered; moving time anyway")


async def serve(
    options: SandboxOptions,
    *,
    ready: Callable[[Running], None] | None = None,
    stop: asyncio.Event | None = None,
) -> int:
    """Run until SIGINT/SIGTERM (or ``stop``); the bot's exit status. ``ready`` is called
    once the page is served (the bot connects right after)."""
    roadmaps = options.roadmaps_dir or SHIPPED_ROADMAPS
    clock = SimClock(options.start or default_start())
    with tempfile.TemporaryDirectory(prefix="studybot-sandbox-") as folder:
        database = Path(folder) / "studybot.db"
        emu = Emulator(
            demo_world(),
            token=secrets.token_urlsafe(32),
            port=options.port,
            clock=clock,
            heartbeat_interval_ms=options.heartbeat_interval_ms,
        )
        async with emu:
            emu.patch_discord()
            scheduler = new_scheduler()
            machine = TimeMachine(
                clock, scheduler, posted=partial(count_posts, emu), settle=partial(settle, emu)
            )
            emu.time.use(machine)
            if options.roadmaps_dir is not None:
                emu.feed.set_notices(check_folder(options.roadmaps_dir))
            settings = Settings.model_validate(
                {
                    "DISCORD_TOKEN": emu.token,
                    "STUDYBOT_DB": str(database),
                    "STUDYBOT_ROADMAPS": str(roadmaps),
                    "STUDYBOT_LOG_LEVEL": options.log_level,
                }
            )
            if ready is not None:
                ready(Running(f"{emu.api_base}/", database, emu, clock, machine))
            return await run_bot(settings, clock=clock, scheduler=scheduler, stop=stop)
