"""``DailyPosts``: the one owner of what follows any change to a group.

A group changes when a person starts, edits, pauses, resumes or stops it, and when posting
itself changes it (the summary finishes it, a refused channel pauses it). After every change
its jobs are made to match its state in the database and what is due is posted:

- active: a daily job at its local post time, a one-shot job at its next release instant,
  and a retry job while a transient send failure is being retried;
- paused, stopped or finished: no job at all.

Cogs call a service and reply inside ``changed``; nothing else in the bot touches the jobs or
the poster.
Posts for one group run one at a time (``run_gate``: a lock per group, a bounded number of
groups at a time, and a run asked for while the group's last request still waits joins it),
whoever asks: a job, ``changed`` or reconciliation; across processes, one at a time too (the
store's group lease): a process that finds another running process posting a group retries it
shortly, so a process killed mid-post leaves nothing undone and a live one is never doubled.

A process serves only the servers of its shards (``shards``): start-up scheduling and
reconciliation read only those groups.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.daily.announcer import Announcer
from bot.daily.delivery import Channels
from bot.daily.digest_runs import DigestRuns
from bot.daily.digests import ChartPainter, DigestJobs, DigestPoster
from bot.daily.edits import EditQueue
from bot.daily.job_ids import JobKey
from bot.daily.jobs import DailyJobs
from bot.daily.live import DAY, DayPostEdits, Editor, day_key
from bot.daily.poster import Outcome, Poster
from bot.daily.reminders import Reminders
from bot.daily.run_gate import RUNS_AT_ONCE, RunGate
from bot.daily.threads import DayThreads, ThreadMaker
from bot.render.cards.painter import Painter
from bot.roadmaps import Roadmap
from bot.services import digest_plan, live, posting
from bot.services.settings import settings_from
from bot.shards import ShardSet
from bot.store import Group, Store

log = logging.getLogger(__name__)

RETRY_DELAYS_S: tuple[float, ...] = (2.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
"""Waits before the bot itself runs again a group whose send failed transiently (after the
last: the next start, reconnect or daily job)."""
RECONCILE_AT_ONCE = 64
"""Groups reconciled at the same time (each still posts its own days in order)."""


class DailyPosts(DigestRuns):
    """Owns a bot's daily posting: its jobs (``jobs``), its poster and their follow-up."""

    def __init__(
        self,
        *,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock,
        channels: Channels,
        scheduler: AsyncIOScheduler,
        shards: ShardSet | None = None,
        reminders: Reminders | None = None,
        editor: Editor | None = None,
        threads: ThreadMaker | None = None,
        painter: ChartPainter | None = None,
    ) -> None:
        self.store = store
        self.shards = shards or ShardSet.all()
        """The shards whose servers this process serves (all of them by default)."""
        self.roadmaps = roadmaps
        self.clock = clock
        self.announcer = Announcer(store=store, roadmaps=roadmaps, clock=clock, channels=channels)
        day_threads = None
        if threads is not None:
            day_threads = DayThreads(store=store, roadmaps=roadmaps, clock=clock, maker=threads)
        self.poster = Poster(
            store=store, roadmaps=roadmaps, clock=clock, channels=channels, threads=day_threads
        )
        self.jobs = DailyJobs(scheduler, self.run, clock)
        self.edits = EditQueue(store, clock)
        """Live edits of the bot's messages (``bot/daily/edits.py``); day posts are the ``day``
        kind when an ``editor`` is given (the app gives its ``DiscordChannels``)."""
        if editor is not None:
            handler = DayPostEdits(store=store, roadmaps=roadmaps, clock=clock, editor=editor)
            self.edits.register(DAY, handler)
        self._own_painter = Painter(pool="thread")
        """Draws digest charts when no painter is given (tests); closed with the owner."""
        self.digests = DigestPoster(
            store=store,
            roadmaps=roadmaps,
            clock=clock,
            channels=channels,
            painter=painter or self._own_painter,
            settings_of=digest_plan.settings_of,
        )
        """The weekly digest (``bot/daily/digests.py``), run like posts: ``run_digest``."""
        self.digest_jobs = DigestJobs(scheduler, self.run_digest, clock, digest_plan.settings_of)
        self.stopping = False
        """Set at shutdown: posts in flight finish, no new post run starts."""
        self._gate = RunGate(RUNS_AT_ONCE)
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._retries: dict[int, int] = {}  # group id -> retries scheduled in a row
        self.reminders = reminders
        """The groups' reminders (``bot/daily/reminders.py``): run after every change, at
        reconciliation, and dropped with the group's other jobs."""

    # -- the entry points ----------------------------------------------------------------

    async def start(self) -> int:
        """Start the scheduler (inside the running event loop) and derive every job from the
        database; returns how many groups are scheduled."""
        if not self.jobs.scheduler.running:
            self.jobs.scheduler.start()
        await self.edits.start(self.shards)
        groups = await self.store.running_groups_all_guilds(self.shards)
        scheduled = self.jobs.rebuild(groups)
        stored = await self.store.settings_all_guilds(self.shards)
        self.digest_jobs.arm_many((g, settings_from(stored.get(g.id, {}))) for g in groups)
        return scheduled

    async def members_changed(self, guild_id: int, group_id: int) -> None:
        """Someone joined or left: every live day post of the group counts anew (its members
        are the counts' "of"). Logged, never raised, as ``ticked``."""
        try:
            for day in await live.live_days(self.store, guild_id, group_id, self.clock()):
                await self.edits.mark(day_key(guild_id, group_id, day))
        except Exception:
            log.exception("group %s: its live updates could not be recorded", group_id)

    async def ticked(self, guild_id: int, group_id: int, day: int) -> None:
        """A member's ticks of ``day`` changed: its post's live completion is edited soon
        (debounced; recorded before this returns). Call it after the member's reply. A
        failure is logged, never raised: the tick is stored, only this live update is lost (the
        next tick brings it back)."""
        try:
            await self.edits.mark(day_key(guild_id, group_id, day))
        except Exception:
            log.exception("group %s day %s: its live update could not be recorded", group_id, day)

    @asynccontextmanager
    async def changed(self, group: Group) -> AsyncIterator[None]:
        """Follow a change to ``group`` (as the database now has it), around the reply to the
        person who made it::

            async with bot.daily.changed(status.group):
                await send(interaction, reply)

        On entry its jobs are made to match its state, so a pause takes effect before the
        reply says so; on exit (even if the reply failed) what is due is posted, so a day's
        post never comes before the reply that started or resumed the group. The reply and
        what follows it count as in flight for ``stop``.
        """
        if group.state == "active":
            self.jobs.daily(group)
            await self.digest_jobs.arm(self.store, group)
        else:
            self._drop(group.id)
        with self._in_flight():
            try:
                yield
            finally:
                if group.state == "active":
                    await self.run(group.guild_id, group.id)
                    await self.reminders_changed(group)
                else:
                    await self.announce(group.guild_id, group.id)

    @contextmanager
    def _in_flight(self) -> Iterator[None]:
        """Count a run (or a change being answered) that ``stop`` waits for."""
        self._busy += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._idle.set()

    async def reminders_changed(self, group: Group) -> None:
        """A change to the group's or a member's reminders (a setting, ``/remind``): re-arm
        the group's reminder job (at once if someone is due now) before the reply."""
        if self.reminders is not None and not self.stopping:
            await self.reminders.rearm(group.guild_id, group.id)

    async def run(self, guild_id: int, group_id: int) -> int:
        """Post everything due for one group now, then re-arm its jobs; what every job calls.
        Returns the number of messages sent (0 when it joined a run that was still waiting
        to start: that run posted them)."""
        if self.stopping:
            log.info(
                "shutting down: group %s is not posted now (the next start posts it)", group_id
            )
            return 0
        with self._in_flight():
            async with self._gate.turn(group_id) as ours:
                if not ours or self.stopping:
                    return 0
                return await self._run(guild_id, group_id)

    async def announce(self, guild_id: int, group_id: int) -> int:
        """Deliver the group's pending announcements now (a group that posts nothing: paused
        or stopped), under its lock and lease like ``run``; the messages sent."""
        if self.stopping:
            return 0
        with self._in_flight():
            async with self._gate.turn(group_id, join=False):
                if self.stopping:
                    return 0
                async with self.store.group_lease(guild_id, group_id, self.clock()) as ours:
                    group = await self.store.get_group(guild_id, group_id)
                    if group is None or not ours:
                        return 0
                    sent, _ = await self.announcer.deliver(group)
        return sent

    async def reconcile(self) -> int:
        """At start-up and after every reconnect: post what is due for every running group;
        returns the number of messages sent.

        Every running group is checked at once (``posting.reconcile``: a few batch reads, then
        pure Python). Groups that may have something to post, record or resolve go through
        ``run``, exactly as a job would run them, up to ``RECONCILE_AT_ONCE`` at a time (in
        order), so a channel with a week of catch-up pacing its posts holds up no other; the
        pacer keeps them all under Discord's limits. The other groups only get their one-shot
        ``next`` job armed, which ``run`` would otherwise have done.
        """
        check = await posting.reconcile(self.store, self.roadmaps, self.clock(), self.shards)
        wanted: set[int] = set()  # groups whose latest post still wants its day thread
        if self.poster.threads is not None:
            wanted = await self.store.threads_wanted_all_guilds(self.shards)
        self.jobs.arm_next_many([(g, when) for g, when in check.idle if g.id not in wanted])
        runs = [*check.due, *(g for g, _ in check.idle if g.id in wanted)]
        due = iter(runs)
        total = 0

        async def worker() -> None:
            nonlocal total
            for group in due:
                try:
                    total += await self.run(group.guild_id, group.id)
                except Exception:
                    log.exception("reconciling group %s failed", group.id)

        await asyncio.gather(*(worker() for _ in range(min(RECONCILE_AT_ONCE, len(runs)))))
        total += await self._announce_pending()
        log.info(
            "start-up reconciliation done: %d groups checked, %d posts sent", check.checked, total
        )
        if self.reminders is not None and not self.stopping:
            await self.reminders.reconcile()
        return total + await self.reconcile_digests()

    async def _announce_pending(self) -> int:
        """Start-up and reconnects: announcements a crash or a failed send left pending."""
        pending = await self.store.pending_announcements_all_guilds(self.shards)
        sent = 0
        for guild_id, group_id in dict.fromkeys((a.guild_id, a.group_id) for a in pending):
            try:
                sent += await self.announce(guild_id, group_id)
            except Exception:
                log.exception("announcing for group %s failed", group_id)
        return sent

    async def stop(self, grace_s: float) -> bool:
        """Shutdown: no job fires and no new post run starts; posts in flight get ``grace_s``
        to finish. False if some were still in flight then."""
        self.stopping = True
        if self.reminders is not None:
            self.reminders.stopping = True
        if self.jobs.scheduler.running:
            self.jobs.scheduler.pause()
        await self.edits.stop()
        try:
            await asyncio.wait_for(self._idle.wait(), grace_s)
        except TimeoutError:
            log.warning("%d post runs still in flight at shutdown", self._busy)
            return False
        return True

    def close(self) -> None:
        self.edits.close()
        if self.jobs.scheduler.running:
            self.jobs.scheduler.shutdown(wait=False)
        self._own_painter.close()

    # -- the follow-up of a run ----------------------------------------------------------

    async def _run(self, guild_id: int, group_id: int) -> int:
        async with self.store.group_lease(guild_id, group_id, self.clock()) as ours:
            group = await self.store.get_group(guild_id, group_id)
            if group is None:
                return 0
            if not ours:
                log.info("group %s is being posted by another process; retrying soon", group_id)
                self._retry_unless_pending(group)
                return 0
            announced, failed = await self.announcer.deliver(group)  # the change, then posts
            outcome = await self.poster.post_due(group)
            outcome = Outcome(outcome.sent + announced, outcome.transient or failed)
        fresh = await self.store.get_group(guild_id, group_id)
        if fresh is not None:
            await self._follow(fresh, outcome)
        return outcome.sent

    async def _follow(self, group: Group, outcome: Outcome) -> None:
        """Re-arm the group's jobs after a run, which may have changed it (finished, paused)."""
        if group.state != "active":
            self._drop(group.id)
            return
        if outcome.transient:
            self._retry(group)
        else:
            self._retries.pop(group.id, None)
        when = await posting.next_post_at(self.store, self.roadmaps, group, self.clock())
        self.jobs.arm_next(group, when)
        if outcome.sent:  # a digest setting changed without ``changed``: followed within a day
            await self.digest_jobs.arm(self.store, group)

    def _retry(self, group: Group) -> None:
        attempt = self._retries.get(group.id, 0)
        if attempt >= len(RETRY_DELAYS_S) or self.stopping:
            log.warning(
                "group %s: no more retries now; the next start or reconnect retries", group.id
            )
            return
        self._retries[group.id] = attempt + 1
        delay = RETRY_DELAYS_S[attempt]
        log.info("group %s: retrying its post in %.0f s", group.id, delay)
        self.jobs.retry(group, delay)

    def _retry_unless_pending(self, group: Group) -> None:
        """Another process holds the group: look again later (if it died, this process
        finishes its post), without stretching a retry that is already pending."""
        if self.jobs.scheduler.get_job(JobKey(group.id, "retry").id) is None:
            self._retry(group)

    def _drop(self, group_id: int) -> None:
        self.jobs.remove_group(group_id)
        if self.reminders is not None:
            self.reminders.drop(group_id)
        self.digest_jobs.drop(group_id)
        self._retries.pop(group_id, None)
