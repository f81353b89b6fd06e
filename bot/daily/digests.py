"""The weekly digest's delivery and jobs: one digest per group and week, exactly once.

``DigestPoster.post_due`` asks ``services.digest_plan.plan_digest`` whether the group's digest
is due (it claims the (group, week) row, or records a missed week), computes it
(``services.digest.week_digest``), draws the chart off the event loop (the ``Painter``) and
hands the row to ``deliver_once`` with the digest's button as its ``Marker``: a digest sent
before a crash is found in the channel, never sent twice. A channel that refuses the chart
(no Attach Files permission) gets the digest without it. ``DigestJobs`` keeps one weekly job
per active group at its digest weekday and time (``JobKey(group, "digest")``), re-derived from
the database at start-up, after every change and after every run. The owner
(``DailyPosts``) runs digests under the same per-group lock and lease as posts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import date, datetime
from functools import partial
from typing import Any, Literal, Protocol

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.daily.delivery import Channels, Marker, Refused, SendFailed, deliver_once
from bot.daily.job_ids import JobKey
from bot.daily.jobs import add_alike, job_name, paused, signed
from bot.locale import Lang, group_lang
from bot.render import digest as words
from bot.render import ids
from bot.render.cards.week import alt_text
from bot.render.messages import Message
from bot.roadmaps import Roadmap
from bot.services import digest, digest_plan
from bot.services.charts import WeekChart
from bot.services.digest_plan import DigestPlan, DigestSettings
from bot.services.zones import zone
from bot.store import Group, Store

log = logging.getLogger(__name__)

Outcome = Literal["none", "sent", "settled", "transient"]
SettingsOf = Callable[[Store, Group], Awaitable[DigestSettings]]


class ChartPainter(Protocol):
    async def week_chart(self, chart: WeekChart, lang: Lang) -> bytes: ...


def digest_marker(group_id: int, week_start: date) -> Marker:
    return Marker(ids.digest(group_id, int(week_start.strftime("%Y%m%d"))))


class DigestRow:
    """A claimed digest as ``deliver_once`` sees it (``delivery.Ledger``); it remembers an
    attempt it recorded, so a second delivery (without the chart) searches first."""

    def __init__(self, store: Store, plan: DigestPlan) -> None:
        self._store = store
        self._plan = plan
        self._search_from = plan.row.search_from
        self._attempt_at = plan.row.attempt_at

    @property
    def nonce(self) -> str:
        return self._plan.row.nonce

    @property
    def search_from(self) -> datetime | None:
        return self._search_from

    @property
    def attempt_at(self) -> datetime | None:
        return self._attempt_at

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        await digest_plan.record_attempt(self._store, self._plan, search_from, attempt_at)
        self._search_from, self._attempt_at = search_from, attempt_at

    async def confirm(self, message_id: int, now: datetime) -> None:
        await digest_plan.confirm(self._store, self._plan, message_id, now)


class DigestPoster:
    """Delivers one group's due digest; holds no state between runs."""

    def __init__(
        self,
        *,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock,
        channels: Channels,
        painter: ChartPainter,
        settings_of: SettingsOf,
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.channels = channels
        self.painter = painter
        self.settings_of = settings_of

    async def post_due(self, group: Group) -> Outcome:
        settings = await self.settings_of(self.store, group)
        plan = await digest_plan.plan_digest(
            self.store, self.roadmaps, group, settings, self.clock()
        )
        if plan is None:
            return "none"
        row = DigestRow(self.store, plan)
        marker = digest_marker(group.id, plan.week_start)
        message = partial(self._message, plan, settings)
        try:
            channel = await self.channels.open(group.channel_id)
            try:
                delivered = await deliver_once(row, channel, marker, message, self.clock)
            except Refused as refused:
                if not refused.missing or row.attempt_at is None:
                    raise
                log.info("group %s refused the digest's chart; sending it without", group.id)
                text_only = partial(self._message, plan, settings, chart=False)
                delivered = await deliver_once(row, channel, marker, text_only, self.clock)
        except Refused as refused:
            log.warning("group %s: digest of %s refused: %s", group.id, plan.week_start, refused)
            await digest_plan.fail(self.store, plan, refused.said)
            return "settled"
        except SendFailed as exc:
            log.warning("group %s: digest not sent (%s); the claim stays", group.id, exc)
            return "transient"
        if delivered.found:
            log.info("group %s: the digest of %s was already posted", group.id, plan.week_start)
            return "settled"
        log.info("posted group %s's digest of %s", group.id, plan.week_start)
        return "sent"

    async def _lang(self, group: Group) -> Lang:
        locale = self.channels.server_locale(group.guild_id)
        if locale is None:
            stored = await self.store.get_guild(group.guild_id)
            locale = stored.locale if stored is not None else "en-US"
        return group_lang(group.language, locale)

    async def _message(
        self, plan: DigestPlan, settings: DigestSettings, *, chart: bool = True
    ) -> Message:
        lang = await self._lang(plan.group)
        week = await digest.week_digest(
            self.store, plan, settings.digest_names_inactive, self.clock()
        )
        png = await self.painter.week_chart(week.chart, lang) if chart else None
        return words.digest_post(week, lang, png, alt_text(week.chart, lang))


RunDigest = Callable[[int, int], Awaitable[object]]


class DigestJobs:
    """One job per active group with its digest on: a weekly ``CronTrigger`` at its digest
    weekday and time in its zone (a one-shot retry job takes the same id while a failed send
    is retried, then the weekly job comes back). Whatever fires, the ledger decides."""

    def __init__(
        self, scheduler: AsyncIOScheduler, run: RunDigest, clock: Clock, settings_of: SettingsOf
    ) -> None:
        self.scheduler = scheduler
        self._run = signed(run)
        self._clock = clock
        self._settings_of = settings_of
        self._armed: dict[int, tuple[int, int, int, str]] = {}
        self._triggers: dict[tuple[int, int, int, str], CronTrigger] = {}
        self._added: set[int] = set()
        """Groups given a digest job (weekly or retry) since their last ``drop``: the only
        ones ``drop`` has to look for, since only this class adds them (start-up drops every
        group with the digest off)."""

    def _add(self, group: Group, trigger: Any, name: str, **extra: Any) -> Job:
        self._added.add(group.id)
        return self.scheduler.add_job(
            self._run,
            trigger,
            args=(group.guild_id, group.id),
            id=JobKey(group.id, "digest").id,
            name=job_name(name, group.id),
            replace_existing=True,
            **extra,
        )

    def drop(self, group_id: int) -> None:
        self._armed.pop(group_id, None)
        if group_id not in self._added:
            return
        self._added.discard(group_id)
        job = self.scheduler.get_job(JobKey(group_id, "digest").id)
        if job is not None:
            job.remove()

    def retry(self, group: Group, when: datetime) -> None:
        """A one-shot run at ``when`` in place of the weekly job (re-armed after it runs)."""
        self._armed.pop(group.id, None)
        self._add(group, DateTrigger(run_date=when), "retry digest")

    async def arm(self, store: Store, group: Group) -> None:
        """Match the group's digest job to its state and settings."""
        self.arm_with(group, await self._settings_of(store, group))

    def arm_many(self, items: Iterable[tuple[Group, DigestSettings]]) -> None:
        """``arm_with`` for many groups (start-up, reconnects): one wake-up of the scheduler,
        and the first job of each weekly trigger copied for the others (``add_alike``: its
        first fire time and APScheduler's checks done once)."""
        alike: dict[CronTrigger, Job] = {}
        with paused(self.scheduler):
            for group, settings in items:
                self.arm_with(group, settings, alike)

    def arm_with(
        self,
        group: Group,
        settings: DigestSettings,
        alike: dict[CronTrigger, Job] | None = None,
    ) -> None:
        """Match the group's digest job to ``settings``. A batch over many groups passes one
        ``alike`` dict: per weekly trigger, the first job it added, which the others copy
        (with the next fire time APScheduler computes from the wall clock it fires by, not
        the injected clock, unlike the daily jobs)."""
        if group.state != "active" or not settings.digest:
            self.drop(group.id)
            return
        at = settings.digest_time or group.post_time
        key = (settings.digest_weekday, at.hour, at.minute, group.timezone)
        if self._armed.get(group.id) == key and self.scheduler.get_job(
            JobKey(group.id, "digest").id
        ):
            return
        trigger = self._triggers.get(key)
        if trigger is None:
            trigger = CronTrigger(
                day_of_week=key[0], hour=key[1], minute=key[2], timezone=zone(key[3])
            )
            self._triggers[key] = trigger
        template = None if alike is None else alike.get(trigger)
        if template is not None:
            self._added.add(group.id)
            job_id = JobKey(group.id, "digest").id
            args = (group.guild_id, group.id)
            add_alike(self.scheduler, template, job_id, job_name("weekly digest", group.id), args)
        else:
            job = self._add(group, trigger, "weekly digest")
            if alike is not None:
                alike[trigger] = job
        self._armed[group.id] = key
