"""Start-up and wiring: the ``StudyBot`` client and ``run_bot``, which owns its resources.

``setup_hook`` order (see style.md): the store is already migrated and open; load extensions,
register persistent items, start the scheduler and rebuild jobs from the database, then sync
application commands only when their definition changed since the last sync. Daily posting
(``bot.daily``) receives its parts here; it never reaches back into the bot.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import signal
from collections.abc import Mapping
from typing import Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.ext import commands

from bot import collector
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.daily import DailyPosts, DiscordChannels, new_scheduler
from bot.daily.board import KIND as BOARD_KIND
from bot.daily.board import BoardKeeper
from bot.daily.channels import held_on_global_429
from bot.daily.discord_threads import DiscordThreads
from bot.daily.milestones import MilestoneRoles
from bot.daily.pacing import pacer_for
from bot.daily.reminders import Reminders
from bot.daily.tasks import drain, spawn
from bot.render.cards.painter import Painter
from bot.render.commands import CatalogTranslator
from bot.roadmaps import Roadmap, load_roadmaps
from bot.services import zone_index
from bot.store import Store

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "cogs.errors",
    "cogs.roadmap",
    "cogs.members",
    "cogs.study",
    "cogs.cards",
    "cogs.breaks",
    "cogs.milestones",
    "cogs.remind",
    "cogs.board",
    "cogs.digest",
)
COMMANDS_HASH_KEY = "commands_hash"


class StudyBot(commands.Bot):
    """The bot; receives its store, roadmaps, settings, clock and (optionally) scheduler instead
    of making them."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock = system_clock,
        scheduler: AsyncIOScheduler | None = None,
        **client_options: Any,
    ) -> None:
        # studybot has no voice: discord.py's warnings that voice libraries are missing are noise
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True
        pacer = pacer_for(settings.shards(), clock)
        client_options.setdefault("http_trace", held_on_global_429(pacer))
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **client_options,
        )
        self.settings = settings
        self.store = store
        self.roadmaps = dict(roadmaps)
        self.clock = clock
        self.scheduler = scheduler if scheduler is not None else new_scheduler()
        """Started (unless already running) and stopped by ``daily``; tests and the bench look
        at jobs in it; the sandbox runs its jobs on simulated time."""
        self.painter = Painter(pool=settings.card_worker)
        """Draws progress cards off the event loop and keeps each member's last one."""
        channels = DiscordChannels(self, pacer)
        self.daily = DailyPosts(
            store=store,
            roadmaps=self.roadmaps,
            clock=clock,
            channels=channels,
            scheduler=self.scheduler,
            shards=settings.shards(),
            reminders=Reminders(
                store=store,
                roadmaps=self.roadmaps,
                clock=clock,
                channels=channels,
                scheduler=self.scheduler,
                shards=settings.shards(),
            ),
            editor=channels,
            threads=DiscordThreads(self, pacer),
            painter=self.painter,
        )
        """Every change to a group goes through ``daily.changed(group)``."""
        self.milestones = MilestoneRoles(
            store=store,
            roadmaps=self.roadmaps,
            clock=clock,
            channels=channels,
            shards=settings.shards(),
        )
        """Milestone roles: ``study_changed`` after a tick or check-in is answered."""
        self.boards = BoardKeeper(
            store=store, roadmaps=self.roadmaps, clock=clock, client=self, channels=channels
        )
        """Keeps each group's pinned leaderboard (``bot/daily/board.py``)."""
        self.daily.edits.register(BOARD_KIND, self.boards.handle)
        self._awaited_guilds: set[int] = set()
        """Servers listed in the last READY whose GUILD_CREATE has not arrived yet."""
        self._reconcile_pending = False
        """The last READY's reconciliation has not started yet."""
        self._zones_warmed = False
        """The timezone index has been built (after the first reconciliation)."""
        self._collection: collector.Thresholds | None = None
        """The collector's thresholds before start-up relaxed them (``bot/collector.py``),
        until the first reconciliation is done."""

    async def setup_hook(self) -> None:
        self._collection = collector.relaxed()
        await self.tree.set_translator(CatalogTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.daily.start()
        spawn(self._mark_boards(), name="mark boards")
        await self.sync_commands_if_changed()

    async def _mark_boards(self) -> None:
        """Every board is brought up to date after a start (posted if it is missing)."""
        for key in await self.boards.groups_with_boards(self.settings.shards()):
            await self.daily.edits.mark(key)

    async def on_connect(self) -> None:
        """After every (re)identify (READY): post what fell due while the bot was away, as soon
        as every listed server's GUILD_CREATE is in (posts use its locale and channels).

        discord.py's ``on_ready`` comes ``guild_ready_timeout`` (2 s) after the last
        GUILD_CREATE; reconciliation does not wait for that (bench row 4).
        """
        self._awaited_guilds = {g.id for g in self.guilds if g.unavailable}
        self._reconcile_pending = True
        self._reconcile_if_servers_arrived()

    def _reconcile_if_servers_arrived(self) -> None:
        if self._reconcile_pending and not self._awaited_guilds:
            self._reconcile_pending = False
            spawn(self._reconcile_then_warm(), name="reconcile posts")
            spawn(self.milestones.reconcile(), name="reconcile milestone roles")

    async def _reconcile_then_warm(self) -> None:
        """Reconcile; after the first, the collector runs as usual again and the timezone
        index (every zone's names in every language) is built in a thread, so the first
        timezone autocomplete finds it built (bench row 5c) without the build competing with
        start-up for the interpreter (bench row 9)."""
        try:
            await self.daily.reconcile()
        finally:
            self._collect_as_usual()
            if not self._zones_warmed:
                self._zones_warmed = True
                spawn(asyncio.to_thread(zone_index.warm), name="timezone index")

    def _collect_as_usual(self) -> None:
        if self._collection is not None:
            collector.restore(self._collection)
            self._collection = None

    async def on_ready(self) -> None:
        """The latest point for reconciliation: a server still unavailable (an outage) no
        longer holds back the others' posts."""
        log.info("connected as %s to %d servers", self.user, len(self.guilds))
        self._awaited_guilds.clear()
        self._reconcile_if_servers_arrived()

    async def on_resumed(self) -> None:
        spawn(self.daily.reconcile(), name="reconcile posts after resume")

    async def on_guild_available(self, guild: discord.Guild) -> None:
        self._awaited_guilds.discard(guild.id)
        self._reconcile_if_servers_arrived()
        await self.store.upsert_guild(guild.id, str(guild.preferred_locale), self.clock())

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.store.upsert_guild(guild.id, str(guild.preferred_locale), self.clock())

    async def close(self) -> None:
        self._collect_as_usual()  # closed before its first reconciliation
        self.daily.close()
        self.painter.close()
        await super().close()

    async def _commands_payload(self, guild: discord.Object | None) -> list[dict[str, Any]]:
        """What ``tree.sync`` sends, translations included (they change the hash too)."""
        translator = self.tree.translator
        commands = self.tree.get_commands(guild=guild)
        if translator is None:
            return [cmd.to_dict(self.tree) for cmd in commands]
        return [await cmd.get_translated_payload(self.tree, translator) for cmd in commands]

    async def sync_commands_if_changed(self) -> bool:
        """Sync the command tree when it or its target differs from the last sync.

        The hash covers the definition and where it goes: the application (a database reused
        with another bot, such as a test application, syncs to it) and the dev guild, if any.
        """
        if not self.settings.sync_commands:
            return False
        shards = self.settings.shards()
        if shards is not None and 0 not in shards.ids:
            return False  # one process syncs: the one serving shard 0
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = json.dumps(await self._commands_payload(guild), sort_keys=True, default=str)
        target = f"application {self.application_id} guild {guild.id if guild else 'global'}"
        digest = hashlib.sha256(f"{target}\n{payload}".encode()).hexdigest()
        if await self.store.get_meta(COMMANDS_HASH_KEY) == digest:
            log.info("application commands unchanged; not syncing")
            return False
        synced = await self.tree.sync(guild=guild)
        await self.store.set_meta(COMMANDS_HASH_KEY, digest)
        log.info(
            "synced %d application commands%s", len(synced), f" to {guild.id}" if guild else ""
        )
        return True


class ShardedStudyBot(StudyBot, commands.AutoShardedBot):
    """The bot over several gateway shards of one process (``studybot run --shards``): the
    shards ``settings.shards()`` names, of its count. Daily posting serves only their servers.

    discord.py waits 5 s before every IDENTIFY but the first; Discord allows
    ``max_concurrency`` IDENTIFYs per 5 s (bucket ``shard_id % max_concurrency``), so this
    waits only for a shard whose bucket identified less than 5 s ago.
    """

    IDENTIFY_WINDOW_S = 5.0

    def __init__(self, *, settings: Settings, **kwargs: Any) -> None:
        shards = settings.shards()
        if shards is None:
            raise ValueError("ShardedStudyBot needs STUDYBOT_SHARD_COUNT (--shard-count)")
        super().__init__(
            settings=settings,
            shard_ids=sorted(shards.ids),
            shard_count=shards.count,
            **kwargs,
        )
        self._identified: dict[int, float] = {}
        self._max_concurrency: int | None = None

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if self._max_concurrency is None:
            limits = await self.fetch_session_start_limits()
            self._max_concurrency = max(1, limits.max_concurrency)
            log.info(
                "%d session starts left; %d IDENTIFYs per 5 s",
                limits.remaining,
                self._max_concurrency,
            )
        loop = asyncio.get_running_loop()
        bucket = (shard_id or 0) % self._max_concurrency
        last = self._identified.get(bucket)
        if last is not None and (wait := last + self.IDENTIFY_WINDOW_S - loop.time()) > 0:
            await asyncio.sleep(wait)
        self._identified[bucket] = loop.time()


SHUTDOWN_GRACE_S = 8.0


async def run_bot(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    scheduler: AsyncIOScheduler | None = None,
    stop: asyncio.Event | None = None,
) -> int:
    """Open the store, load roadmaps, run the bot until it is closed; the exit status.

    SIGTERM and SIGINT (or setting ``stop``) stop it cleanly: the gateway is closed (no new
    interactions), posts in flight are given ``SHUTDOWN_GRACE_S`` to finish, then the database
    is closed; exit 0. ``clock`` and ``scheduler`` are the bot's own unless given (the sandbox
    gives simulated ones).
    """
    roadmaps = load_roadmaps(settings.roadmaps_dir)
    log.info("loaded %d roadmaps: %s", len(roadmaps), ", ".join(sorted(roadmaps)))
    loop = asyncio.get_running_loop()
    stop = stop if stop is not None else asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with Store.open(settings.prepare_database(), pool_size=settings.db_pool_size) as store:
        kind = StudyBot if settings.shards() is None else ShardedStudyBot
        bot = kind(
            settings=settings, store=store, roadmaps=roadmaps, clock=clock, scheduler=scheduler
        )
        # What is built by now (modules, roadmaps, the client) lives as long as the process:
        # out of the collector's sight, full collections under load pause the loop far less
        # (bench/README.md, row 1).
        gc.collect()
        gc.freeze()
        async with bot:
            runner = asyncio.create_task(bot.start(settings.token()), name="discord client")
            stopper = asyncio.create_task(stop.wait(), name="signal")
            await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper.done():
                log.info("signal received: shutting down")
                await bot.daily.stop(SHUTDOWN_GRACE_S)  # posts in flight finish, no new one
                await drain(SHUTDOWN_GRACE_S / 4)
                await bot.close()
            stopper.cancel()
            try:
                await runner
            except discord.LoginFailure:
                log.error("Discord refused the token (401): check DISCORD_TOKEN")
                return 2
            except asyncio.CancelledError:
                pass
    log.info("stopped")
    return 0
