"""Sends what the posting service says is due, exactly once per (group, day).

Order for every post: claim in SQLite (unique) -> if the claim is older than this run, look for
the bot's own post in the channel history first -> send with a stable per-post ``nonce`` (with
discord.py's ``enforce_nonce``) -> record the message id. A crash anywhere in between leaves a
claimed row that the next run resolves without a second message. A send that failed for a
transient reason (a 5xx that discord.py does not retry, a reset connection, a timeout) keeps its
claim and the group runs again after ``RETRY_DELAYS_S``, in the same process.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import aiohttp
import discord
from apscheduler.triggers.date import DateTrigger

from bot.pacing import RequestPacer
from bot.render import messages
from bot.roadmaps import lang_for
from bot.services import posting
from bot.services.posting import PostPlan

if TYPE_CHECKING:
    from bot.app import StudyBot

log = logging.getLogger(__name__)

HISTORY_SEARCH_LIMIT = 50
RETRY_DELAYS_S: tuple[float, ...] = (2.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
"""Waits before the bot itself retries a group whose send failed transiently (then: the next
start, reconnect or daily job)."""


class Poster:
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self._locks: dict[int, asyncio.Lock] = {}
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.pacer = RequestPacer()  # every REST call below stays under the global limit
        self.stopping = False
        """Set on SIGTERM/SIGINT: posts in flight finish, no new post run starts."""
        self._transient: set[int] = set()  # groups whose last send failed transiently
        self._retries: dict[int, int] = {}  # group id -> retries scheduled in a row

    async def wait_idle(self, timeout: float) -> bool:
        """Wait (bounded) until no post is in flight; False if the time ran out."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("%d post runs still in flight at shutdown", self._busy)
            return False
        return True

    async def run_group(self, guild_id: int, group_id: int) -> int:
        """Post everything due for one group now; returns the number of messages sent."""
        if self.stopping:
            log.info(
                "shutting down: group %s is not posted now (the next start posts it)", group_id
            )
            return 0
        lock = self._locks.setdefault(group_id, asyncio.Lock())
        self._busy += 1
        self._idle.clear()
        try:
            async with lock:
                if self.stopping:
                    return 0
                return await self._run_group(guild_id, group_id)
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._idle.set()

    async def _run_group(self, guild_id: int, group_id: int) -> int:
        store = self.bot.store
        group = await store.get_group(guild_id, group_id)
        if group is None:
            return 0
        now = self.bot.clock()
        plans = await posting.plan_posts(store, self.bot.roadmaps, group, now)
        sent = 0
        for plan in plans:
            if await self._deliver(plan):
                sent += 1
        if group_id in self._transient:
            self._transient.discard(group_id)
            self._schedule_retry(guild_id, group_id)
        else:
            self._retries.pop(group_id, None)
        fresh = await store.get_group(guild_id, group_id)
        if fresh is not None and self.bot.jobs is not None:
            if not fresh.running:  # finished (summary sent): its daily job ends too
                self.bot.jobs.remove(fresh.id)
                return sent
            when = await posting.next_post_at(store, self.bot.roadmaps, fresh, self.bot.clock())
            self.bot.jobs.arm_next(fresh, when)
        return sent

    def _schedule_retry(self, guild_id: int, group_id: int) -> None:
        attempt = self._retries.get(group_id, 0)
        if attempt >= len(RETRY_DELAYS_S) or self.stopping:
            log.warning(
                "group %s: no more retries now; the next start or reconnect retries", group_id
            )
            return
        self._retries[group_id] = attempt + 1
        delay = RETRY_DELAYS_S[attempt]
        log.info("group %s: retrying its post in %.0f s", group_id, delay)
        self.bot.scheduler.add_job(
            self.run_group,
            DateTrigger(run_date=datetime.now(UTC) + timedelta(seconds=delay)),
            args=(guild_id, group_id),
            id=f"group:{group_id}:retry",
            name=f"retry post of group {group_id}",
            replace_existing=True,
        )

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            await self.pacer.wait()
            channel = await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} cannot hold messages")
        return channel

    async def _find_existing(self, channel: discord.abc.Messageable, plan: PostPlan) -> int | None:
        marker = posting.post_marker(plan.group.id, plan.day)
        me = self.bot.user
        await self.pacer.wait()  # one request: HISTORY_SEARCH_LIMIT <= 100
        async for message in channel.history(limit=HISTORY_SEARCH_LIMIT):
            if me is not None and message.author.id != me.id:
                continue
            if any(e.footer.text == marker for e in message.embeds):
                return message.id
        return None

    async def _locale(self, guild_id: int) -> str:
        guild = self.bot.get_guild(guild_id)
        if guild is not None and not guild.unavailable:  # in an outage it only says en-US
            return str(guild.preferred_locale)
        stored = await self.bot.store.get_guild(guild_id)
        return stored.locale if stored is not None else "en-US"

    async def _deliver(self, plan: PostPlan) -> bool:
        store = self.bot.store
        group = plan.group
        try:
            channel = await self._channel(group.channel_id)
            if plan.resend:
                found = await self._find_existing(channel, plan)
                if found is not None:
                    log.info("group %s day %s was already posted (%s)", group.id, plan.day, found)
                    await posting.confirm(store, plan, found, self.bot.clock())
                    return False
            lang = lang_for(await self._locale(group.guild_id))
            if plan.kind == "summary":
                summary = await posting.final_summary(
                    store, self.bot.roadmaps, group, self.bot.clock()
                )
                message = messages.summary_post(summary, plan, lang)
            else:
                message = messages.day_post(plan, lang)
            await self.pacer.wait()
            sent = await channel.send(
                content=message.content,
                embeds=message.embeds,
                view=message.view or discord.utils.MISSING,
                nonce=posting.post_nonce(group.id, plan.day),
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            problem = (
                f"Cannot post in <#{group.channel_id}>: "
                + (
                    "missing access or permission"
                    if isinstance(exc, discord.Forbidden)
                    else "channel not found"
                )
                + f" (Discord said: {exc.text or exc.status}). Give the bot View Channel, Send "
                "Messages and Embed Links there, then `/roadmap resume`."
            )
            log.warning("group %s day %s not posted: %s", group.id, plan.day, problem)
            await posting.fail(store, plan, problem, self.bot.clock())
            return False
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.warning(
                "group %s day %s: %s; the claim stays and is retried",
                group.id,
                plan.day,
                f"Discord error {exc.status}"
                if isinstance(exc, discord.HTTPException)
                else f"send failed ({type(exc).__name__})",
            )
            self._transient.add(group.id)
            return False
        await posting.confirm(store, plan, sent.id, self.bot.clock())
        if group.problem:
            await store.set_group_problem(group.guild_id, group.id, None)
        log.info("posted group %s day %s as message %s", group.id, plan.day, sent.id)
        return True

    async def run_all(self) -> int:
        """Reconciliation at start-up and after every reconnect: post what is due for every
        running group; returns the number of messages sent.

        Every running group is checked at once (``posting.reconcile``: a few batch reads, then
        pure Python). Groups that may have something to post, record or resolve go through
        ``run_group`` one after another, exactly as a job would run them; the others only get
        their one-shot ``:next`` job armed, which ``run_group`` would otherwise have done.
        """
        check = await posting.reconcile(self.bot.store, self.bot.roadmaps, self.bot.clock())
        if self.bot.jobs is not None:
            self.bot.jobs.arm_next_many(check.idle)
        total = 0
        for group in check.due:
            try:
                total += await self.run_group(group.guild_id, group.id)
            except Exception:
                log.exception("reconciling group %s failed", group.id)
        log.info(
            "start-up reconciliation done: %d groups checked, %d posts sent", check.checked, total
        )
        return total
