"""Sends what the posting service says is due, exactly once per (group, day).

Every due post is a claimed row of the post ledger (``posting.plan_posts`` claims it) delivered
by ``delivery.deliver_once``: if an earlier attempt was recorded, look for the post in the
channel where that attempt could have landed -> record this attempt -> send with the stable
per-post ``nonce`` -> confirm the message id. A crash anywhere in between leaves a claimed row
that the next run resolves without a second message. A send that failed for a transient reason
keeps its claim; the outcome says so, and the owner of the group's jobs decides when to run the
group again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Literal

from bot.clock import Clock
from bot.daily.delivery import Channels, Marker, Refused, SendFailed, deliver_once
from bot.daily.threads import DayThreads
from bot.locale import Lang, group_lang
from bot.render import ids, messages
from bot.roadmaps import Roadmap
from bot.services import live, posting
from bot.services.posting import ChannelProblem, PostPlan
from bot.store import Group, Store

log = logging.getLogger(__name__)

Delivered = Literal["sent", "settled", "transient"]
"""``settled``: no message now and nothing to retry (found in the channel, or refused)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: int
    """Messages sent."""
    transient: bool
    """A send failed transiently: its claim stays and the group should run again soon."""


def refusal_problem(refused: Refused) -> ChannelProblem:
    """What ``/roadmap status`` explains for a channel that refused the post."""
    return ChannelProblem("missing_access" if refused.missing else "not_found", refused.said)


def post_marker(plan: PostPlan) -> Marker:
    """How the bot recognises this post in its channel: a day post by its task buttons (they
    name the group and the day), the summary by its Final standings button; posts sent before
    either by their footer."""
    group, day = plan.group.id, plan.day
    legacy = posting.legacy_footer(group, day)
    if plan.kind == "summary":
        return Marker(ids.standings(group), legacy_footer=legacy)
    return Marker(ids.tick.prefix(group, day), prefix=True, legacy_footer=legacy)


class PostRow:
    """A claimed post as ``deliver_once`` sees it (``delivery.Ledger``)."""

    def __init__(self, store: Store, plan: PostPlan) -> None:
        self._store = store
        self._plan = plan

    @property
    def nonce(self) -> str:
        return self._plan.post.nonce

    @property
    def search_from(self) -> datetime | None:
        return self._plan.post.search_from

    @property
    def attempt_at(self) -> datetime | None:
        return self._plan.post.attempt_at

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        await posting.record_attempt(self._store, self._plan, search_from, attempt_at)

    async def confirm(self, message_id: int, now: datetime) -> None:
        await posting.confirm(self._store, self._plan, message_id, now)


class Poster:
    """Delivers one group's due posts; receives its parts, holds no state between runs."""

    def __init__(
        self,
        *,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock,
        channels: Channels,
        threads: DayThreads | None = None,
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.channels = channels
        self.threads = threads
        """Day threads, started after the posts of each run (None: this bot starts none)."""

    async def post_due(self, group: Group) -> Outcome:
        """Claim, send and confirm everything due for ``group`` now, oldest first."""
        plans = await posting.plan_posts(self.store, self.roadmaps, group, self.clock())
        sent = 0
        transient = False
        posted: list[tuple[int, int]] = []  # (day, message id) of the day posts delivered
        for plan in plans:
            delivered = await self._deliver(plan, posted)
            if delivered == "sent":
                sent += 1
            elif delivered == "transient":
                transient = True
        await self._threads(group, posted)
        return Outcome(sent, transient)

    async def _threads(self, group: Group, posted: list[tuple[int, int]]) -> None:
        """The day threads this run's posts (and the latest one) want; the posts are done
        whatever happens here."""
        if self.threads is None:
            return

        async def lang() -> Lang:
            return group_lang(group.language, await self._locale(group.guild_id))

        try:
            await self.threads.after_posts(group, posted, lang)
        except Exception:
            log.exception("group %s: day threads failed; the next run tries again", group.id)

    async def _locale(self, guild_id: int) -> str:
        cached = self.channels.server_locale(guild_id)
        if cached is not None:
            return cached
        stored = await self.store.get_guild(guild_id)
        return stored.locale if stored is not None else "en-US"

    async def _message(self, plan: PostPlan) -> messages.Message:
        lang = group_lang(plan.group.language, await self._locale(plan.group.guild_id))
        if plan.kind == "summary":
            summary = await posting.final_summary(
                self.store, self.roadmaps, plan.group, self.clock()
            )
            return messages.summary_post(summary, plan, lang)
        return messages.day_post(plan, lang, await live.day_completion(self.store, plan))

    async def _deliver(self, plan: PostPlan, posted: list[tuple[int, int]]) -> Delivered:
        group = plan.group
        try:
            channel = await self.channels.open(group.channel_id)
            delivered = await deliver_once(
                PostRow(self.store, plan),
                channel,
                post_marker(plan),
                partial(self._message, plan),
                self.clock,
            )
        except Refused as refused:
            problem = refusal_problem(refused)
            log.warning("group %s day %s not posted: %s", group.id, plan.day, problem)
            await posting.fail(self.store, plan, problem, self.clock())
            return "settled"
        except SendFailed as exc:
            log.warning(
                "group %s day %s: %s; the claim stays and is retried", group.id, plan.day, exc
            )
            return "transient"
        if plan.kind == "day":
            posted.append((plan.day, delivered.message_id))
        if delivered.found:
            log.info(
                "group %s day %s was already posted (%s)",
                group.id,
                plan.day,
                delivered.message_id,
            )
            return "settled"
        log.info("posted group %s day %s as message %s", group.id, plan.day, delivered.message_id)
        return "sent"
