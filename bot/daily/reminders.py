"""``Reminders``: the reminder jobs of this process's groups, and their runs (README
"Reminders"; the rules in ``bot/services/reminders.py``).

**One job per group, not per member.** A group with reminders on has one one-shot job,
``group:<id>:remind`` (``JobKey``), at the earliest instant any of its members is due; its run
claims and sends every reminder due by then and re-arms the job at the next member's instant.
10,000 members due in the same minute across 500 groups are 500 jobs firing together, each
sending its members' DMs (``DM_AT_ONCE`` at a time), all paced by the one ``RequestPacer``
under Discord's global limit and each DM channel's own. Jobs live in memory only and are
re-derived from the database: ``reconcile`` (start-up and every reconnect, like the posts')
runs every running group of this process's shards whose ``reminders`` setting is on, which
sends what fell due while the bot was away (the same local day only) and arms each job.

A run holds the group's lock (one run of a group at a time in this process); across
processes and restarts, the ledger decides: a reminder is claimed once per member and local
date, and a claimed one is delivered with ``deliver_once`` (searched for in the DM after an
attempt, sent with a stable nonce), so nothing doubles and nothing is dropped. Runs take no
group lease: two processes serving the same servers (a rolling deploy) claim each reminder
once between them, and a claimed one that both deliver at once goes out with the same nonce,
which Discord answers with the message already sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.daily.delivery import Marker, Refused, SendFailed, deliver_once
from bot.daily.job_ids import JobKey
from bot.daily.reminder_rows import DirectMessages, ReminderRow, RollCallRow
from bot.locale import group_lang, lang_for
from bot.render import ids
from bot.render.messages import Message
from bot.render.reminders import date_number, reminder_dm, rollcall_post
from bot.roadmaps import Roadmap
from bot.services import reminders
from bot.services.reminders import Due, ReminderPlan, RollCall
from bot.services.settings import settings_from
from bot.shards import ShardSet
from bot.store import Group, Store

log = logging.getLogger(__name__)

DM_AT_ONCE = 16
"""DMs of one group in flight at once (the pacer spaces them; this bounds the tasks)."""
RECONCILE_AT_ONCE = 32
"""Groups run at the same time by ``reconcile``."""
PLANS_AT_ONCE = 8
"""Groups deciding (reading and claiming) at the same time: 500 groups due at one minute
start sending one after another instead of all waiting on the database together."""
RETRY_DELAYS_S: tuple[float, ...] = (2.0, 15.0, 60.0, 300.0, 900.0)
"""Waits before a group whose DM or roll call failed transiently runs again (the last one
repeats until a run succeeds; the claims stay meanwhile)."""
DMS_CLOSED = 50007


class Reminders:
    """Owns the reminder jobs and runs; ``DailyPosts`` calls it after every group change."""

    def __init__(
        self,
        *,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock,
        channels: DirectMessages,
        scheduler: AsyncIOScheduler,
        shards: ShardSet | None = None,
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.channels = channels
        self.scheduler = scheduler
        self.shards = shards or ShardSet.all()
        self.stopping = False
        self._locks: dict[int, asyncio.Lock] = {}
        self._planning = asyncio.Semaphore(PLANS_AT_ONCE)
        self._retries: dict[int, int] = {}  # group id -> transient failures in a row
        self.armed: dict[int, datetime] = {}
        """Each group's armed instant, as computed on the injected clock (APScheduler runs the
        job on its own wall clock; tests that move the injected clock read this)."""

    # -- entry points ------------------------------------------------------------------------

    async def reconcile(self) -> int:
        """Run every running group with reminders on (this process's shards); the DMs sent.

        Reminders are off by default, so only the groups whose setting was changed are read
        (one query); a run of a paused group sends nothing and drops its job."""
        stored = await self.store.setting_all_guilds(self.shards, "reminders")
        todo = iter(s for s in stored if settings_from({s.key: s.value}).reminders)
        total = 0

        async def worker() -> None:
            nonlocal total
            for setting in todo:
                try:
                    total += await self.run(setting.guild_id, setting.group_id)
                except Exception:
                    log.exception("reminders of group %s failed", setting.group_id)

        await asyncio.gather(*(worker() for _ in range(RECONCILE_AT_ONCE)))
        log.info("reminders reconciled: %d sent", total)
        return total

    async def run(self, guild_id: int, group_id: int) -> int:
        """Send what the group owes now and arm its next job; what the job calls. Returns
        the number of DMs sent."""
        if self.stopping:
            return 0
        async with self._locks.setdefault(group_id, asyncio.Lock()):
            group = await self.store.get_group(guild_id, group_id)
            if group is None:
                return 0
            async with self._planning:
                plan = await reminders.plan(self.store, self.roadmaps, group, self.clock())
            sent, transient, closed = await self._send_all(plan)
            transient |= await self._rollcall(plan, closed)
            self._arm(group, plan.next_at, transient)
            return sent

    async def rearm(self, guild_id: int, group_id: int) -> None:
        """After a change (a setting, ``/remind``, the group resumed): arm the group's job at
        its next instant (now if someone is due), without sending anything here."""
        group = await self.store.get_group(guild_id, group_id)
        if group is None:
            return
        when = await reminders.next_run(self.store, self.roadmaps, group, self.clock())
        self._arm(group, when, transient=False)

    def drop(self, group_id: int) -> None:
        self.armed.pop(group_id, None)
        job_id = JobKey(group_id, "remind").id
        if self.scheduler.get_job(job_id) is not None:
            self.scheduler.remove_job(job_id)

    # -- a run -------------------------------------------------------------------------------

    async def _send_all(self, plan: ReminderPlan) -> tuple[int, bool, list[Due]]:
        closed = list(plan.closed)
        pending = iter(plan.send)
        sent = 0
        transient = False

        async def worker() -> None:
            nonlocal sent, transient
            for due in pending:
                outcome = await self._deliver(plan, due)
                if outcome == "sent":
                    sent += 1
                elif outcome == "closed":
                    closed.append(due)
                elif outcome == "transient":
                    transient = True

        await asyncio.gather(*(worker() for _ in range(min(DM_AT_ONCE, len(plan.send)))))
        return sent, transient, closed

    async def _lang(self, plan: ReminderPlan, locale: str | None) -> str:
        if locale:
            return lang_for(locale)
        server = self.channels.server_locale(plan.group.guild_id)
        if server is None:
            stored = await self.store.get_guild(plan.group.guild_id)
            server = stored.locale if stored is not None else None
        return group_lang(plan.group.language, server)

    async def _dm(self, plan: ReminderPlan, due: Due) -> Message:
        assert plan.roadmap is not None
        return reminder_dm(plan, plan.roadmap, due, await self._lang(plan, due.member.pref.locale))

    async def _deliver(self, plan: ReminderPlan, due: Due) -> str:
        """One DM, exactly once: "sent", "settled" (found, or refused), "closed", "transient"."""
        row = due.reminder
        channel_id = row.channel_id or due.member.pref.dm_channel_id
        try:
            if channel_id is None:
                channel_id = await self.channels.open_dm(row.user_id)
                await reminders.remember_dm(self.store, due, channel_id, self.clock())
            delivered = await deliver_once(
                ReminderRow(self.store, row, channel_id),
                self.channels.dm(channel_id),
                Marker(ids.remind_stop(row.guild_id, row.group_id, date_number(row.local_date))),
                partial(self._dm, plan, due),
                self.clock,
            )
        except Refused as refused:
            if refused.code == DMS_CLOSED:
                log.info("member %s of group %s: DMs closed", row.user_id, row.group_id)
                await reminders.dms_closed(self.store, due, self.clock(), refused.said)
                return "closed"
            log.warning("reminder to %s refused: %s", row.user_id, refused.said)
            await self.store.settle_reminder(row, "failed", self.clock(), error=refused.said)
            return "settled"
        except SendFailed as exc:
            log.warning("reminder to %s: %s; retried soon", row.user_id, exc)
            return "transient"
        return "settled" if delivered.found else "sent"

    async def _rollcall(self, plan: ReminderPlan, closed: list[Due]) -> bool:
        """Deliver the group's roll call if one is due; whether it failed transiently."""
        rollcall = await reminders.plan_rollcall(self.store, plan, closed, self.clock())
        if rollcall is None or plan.roadmap is None:
            return False
        group = plan.group
        try:
            channel = await self.channels.open(group.channel_id)
            await deliver_once(
                RollCallRow(self.store, rollcall),
                channel,
                Marker(ids.rollcall(group.id, date_number(rollcall.local_date))),
                partial(self._rollcall_message, plan, rollcall),
                self.clock,
            )
        except Refused as refused:
            log.warning("roll call of group %s refused: %s", group.id, refused.said)
            await self.store.settle_rollcall(rollcall, "failed", self.clock(), error=refused.said)
        except SendFailed as exc:
            log.warning("roll call of group %s: %s; retried soon", group.id, exc)
            return True
        return False

    async def _rollcall_message(self, plan: ReminderPlan, rollcall: RollCall) -> Message:
        assert plan.roadmap is not None
        return rollcall_post(plan, plan.roadmap, rollcall, await self._lang(plan, None))

    def _arm(self, group: Group, when: datetime | None, transient: bool) -> None:
        if transient and not self.stopping:
            attempt = self._retries.get(group.id, 0)
            self._retries[group.id] = attempt + 1
            delay = RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S) - 1)]
            retry = self.clock() + timedelta(seconds=delay)
            when = retry if when is None else min(when, retry)
        else:
            self._retries.pop(group.id, None)
        if when is None or group.state != "active":
            self.drop(group.id)
            return
        self.armed[group.id] = when
        self.scheduler.add_job(
            self.run,
            DateTrigger(run_date=when),
            args=(group.guild_id, group.id),
            id=JobKey(group.id, "remind").id,
            name=f"remind:{group.id}",
            replace_existing=True,
        )
