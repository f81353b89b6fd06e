"""Sends what the posting service says is due, exactly once per (group, day).

Order for every post: claim in the database (unique) -> if the claim is older than this run,
look for the bot's own post in the channel history first -> send with a stable per-post
``nonce`` (with discord.py's ``enforce_nonce``) -> record the message id. A crash anywhere in
between leaves a claimed row that the next run resolves without a second message. A send that
failed for a transient reason keeps its claim; the outcome says so, and the owner of the
group's jobs decides when to run the group again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.clock import Clock
from bot.daily.channels import Channels, Refused, SendFailed
from bot.locale import group_lang
from bot.render import messages
from bot.roadmaps import Roadmap
from bot.services import posting
from bot.services.posting import ChannelProblem, PostPlan
from bot.store import Group, Store

log = logging.getLogger(__name__)

Delivered = Literal["sent", "settled", "transient"]
"""``settled``: no message now and nothing to retry (found in the history, or refused)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: int
    """Messages sent."""
    transient: bool
    """A send failed transiently: its claim stays and the group should run again soon."""


def refusal_problem(refused: Refused) -> ChannelProblem:
    """What ``/roadmap status`` explains for a channel that refused the post."""
    return ChannelProblem("missing_access" if refused.missing else "not_found", refused.said)


class Poster:
    """Delivers one group's due posts; receives its parts, holds no state between runs."""

    def __init__(
        self, *, store: Store, roadmaps: Mapping[str, Roadmap], clock: Clock, channels: Channels
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.channels = channels

    async def post_due(self, group: Group) -> Outcome:
        """Claim, send and confirm everything due for ``group`` now, oldest first."""
        plans = await posting.plan_posts(self.store, self.roadmaps, group, self.clock())
        sent = 0
        transient = False
        for plan in plans:
            delivered = await self._deliver(plan)
            if delivered == "sent":
                sent += 1
            elif delivered == "transient":
                transient = True
        return Outcome(sent, transient)

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
        return messages.day_post(plan, lang)

    async def _deliver(self, plan: PostPlan) -> Delivered:
        group = plan.group
        try:
            channel = await self.channels.open(group.channel_id)
            if plan.resend:
                found = await channel.find_post(posting.post_marker(group.id, plan.day))
                if found is not None:
                    log.info("group %s day %s was already posted (%s)", group.id, plan.day, found)
                    await posting.confirm(self.store, plan, found, self.clock())
                    return "settled"
            message = await self._message(plan)
            message_id = await channel.send(message, posting.post_nonce(group.id, plan.day))
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
        await posting.confirm(self.store, plan, message_id, self.clock())
        if group.problem:
            await self.store.set_group_problem(group.guild_id, group.id, None)
        log.info("posted group %s day %s as message %s", group.id, plan.day, message_id)
        return "sent"
