"""The weekly digest's runs, as ``DailyPosts`` does them (``DigestRuns`` is one of its bases):
the digest job's run under the group's lock and lease like a post run, and its reconciliation
at start-up and after every reconnect. The digest itself is ``bot/daily/digests.py``."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractContextManager
from datetime import timedelta

from bot.clock import Clock
from bot.daily.digests import DigestJobs, DigestPoster
from bot.daily.run_gate import RunGate
from bot.services import digest_plan
from bot.services.settings import GroupSettings, settings_from
from bot.shards import ShardSet
from bot.store import Group, Store

log = logging.getLogger(__name__)

DIGEST_RETRY = timedelta(minutes=2)
"""When a digest whose send failed transiently (or whose group another process holds) is
tried again."""
RECONCILE_AT_ONCE = 64
"""Groups whose digests are reconciled at the same time."""


class DigestRuns:
    """What ``DailyPosts`` provides for the digest's runs."""

    store: Store
    shards: ShardSet
    clock: Clock
    stopping: bool
    digests: DigestPoster
    digest_jobs: DigestJobs
    _gate: RunGate

    def _in_flight(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    async def run_digest(self, guild_id: int, group_id: int) -> int:
        """Post the group's weekly digest if it is due, then re-arm its digest job; what the
        digest job calls. Under the group's lock and lease, like ``run``; 1 if one was sent."""
        if self.stopping:
            return 0
        with self._in_flight():
            async with self._gate.turn(group_id, join=False):
                if self.stopping:
                    return 0
                return await self._run_digest(guild_id, group_id)

    async def _run_digest(self, guild_id: int, group_id: int) -> int:
        outcome = "none"
        async with self.store.group_lease(guild_id, group_id, self.clock()) as ours:
            group = await self.store.get_group(guild_id, group_id)
            if group is None:
                return 0
            if ours:
                outcome = await self.digests.post_due(group)
        if not ours or outcome == "transient":
            self.digest_jobs.retry(group, self.clock() + DIGEST_RETRY)
        else:
            fresh = await self.store.get_group(guild_id, group_id)
            if fresh is not None:
                await self.digest_jobs.arm(self.store, fresh)
        return int(outcome == "sent")

    async def reconcile_digests(self) -> int:
        """At start-up and after every reconnect: post the digests that are due (or record
        them missed) for every active group, and arm every group's digest job; returns the
        number of digests sent."""
        groups = await self.store.running_groups_all_guilds(self.shards)
        latest = await self.store.latest_digests_all_guilds(self.shards)
        stored = await self.store.settings_all_guilds(self.shards)
        now = self.clock()
        due: list[Group] = []
        idle: list[tuple[Group, GroupSettings]] = []
        for group in groups:
            settings = settings_from(stored.get(group.id, {}))
            if digest_plan.has_work(group, settings, latest.get(group.id), now):
                due.append(group)
            else:
                idle.append((group, settings))
        self.digest_jobs.arm_many(idle)
        pending = iter(due)
        total = 0

        async def worker() -> None:
            nonlocal total
            for group in pending:
                try:
                    total += await self.run_digest(group.guild_id, group.id)
                except Exception:
                    log.exception("reconciling the digest of group %s failed", group.id)

        await asyncio.gather(*(worker() for _ in range(min(RECONCILE_AT_ONCE, len(due)))))
        log.info("digests reconciled: %d groups checked, %d sent", len(groups), total)
        return total
