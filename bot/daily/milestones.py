"""Milestone roles on Discord: after a member's tick or check-in, and at start-up, grant the
roles they earned and announce each grant once in the group's channel (README "Milestone
roles").

Each grant is a ledger row (``milestone_grants``) that ``services.milestones.claim_due``
claimed: one row per (group, member, milestone), ever, so a role is requested for it at most
until Discord gave it, and never for a second row. Settling a row:

1. ``claimed``: the role is requested (``PUT .../members/{user}/roles/{role}``, which changes
   nothing if the member has it already, so asking again after a crash cannot grant twice).
   Given: ``granted``. Refused (no Manage Roles any more, the role moved above the bot's, the
   member or role gone): ``refused`` and nothing is announced (set the role again to retry).
   A transient failure leaves it ``claimed`` for the next start-up.
2. ``granted``: the announcement goes through exactly-once delivery (``deliver_once``: the
   row's nonce, its recorded attempts, the ``ids.badge`` button as the marker), in the group's
   language; then ``announced``.

``study_changed`` is what the cogs call after answering a tick or a check-in: it evaluates that
member only, in the background, so the reply never waits for it. ``reconcile`` (start-up)
settles rows a restart interrupted, then evaluates every member of the groups that map a
milestone, for anything missed while the bot was down. A row is settled by one task at a time
in this process; a server is served by one process (shards), so by one task at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial

from bot.clock import Clock
from bot.daily.channels import DiscordChannels
from bot.daily.delivery import Marker, Refused, SendFailed, deliver_once
from bot.daily.tasks import spawn
from bot.locale import group_lang
from bot.render import ids
from bot.render.discord_parts import Message
from bot.render.milestones import announcement
from bot.roadmaps import Roadmap
from bot.services import milestones
from bot.shards import ShardSet
from bot.store import Store
from bot.store.features.milestones import Grant

log = logging.getLogger(__name__)

Key = tuple[int, int, int, str]
REASON = "studybot: milestone reached"
NO_ROLES_KEPT = timedelta(minutes=10)
"""How long a group found to give no roles is not read again after its ticks (``/roadmap
milestones`` in this process forgets it at once; start-up catches up on anything else)."""


class GrantRow:
    """A grant's announcement as ``deliver_once`` sees it (``delivery.Ledger``)."""

    def __init__(self, store: Store, grant: Grant) -> None:
        self._store = store
        self._grant = grant

    @property
    def nonce(self) -> str:
        return self._grant.nonce

    @property
    def search_from(self) -> datetime | None:
        return self._grant.search_from

    @property
    def attempt_at(self) -> datetime | None:
        return self._grant.attempt_at

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        await self._store.record_grant_attempt(self._grant.key, search_from, attempt_at)

    async def confirm(self, message_id: int, now: datetime) -> None:
        await self._store.confirm_grant_announced(self._grant.key, message_id, now)


class MilestoneRoles:
    """Grants and announces milestone roles; receives its parts, keeps only the keys it is
    settling right now."""

    def __init__(
        self,
        *,
        store: Store,
        roadmaps: Mapping[str, Roadmap],
        clock: Clock,
        channels: DiscordChannels,
        shards: ShardSet | None = None,
    ) -> None:
        self.store = store
        self.roadmaps = roadmaps
        self.clock = clock
        self.channels = channels
        self.shards = shards or ShardSet.all()
        self._settling: set[Key] = set()
        self._no_roles_until: dict[int, datetime] = {}
        """Groups that gave no roles when last read, until when that is trusted."""
        self.reconciled = asyncio.Event()
        """Set when a start-up reconciliation has finished (tests wait on it)."""

    def study_changed(self, guild_id: int, group_id: int, user_id: int, roadmap_id: str) -> None:
        """A member ticked or checked in (and was answered): grant what they earned, in the
        background; nothing at all for a group recently found to give no roles."""
        until = self._no_roles_until.get(group_id)
        if until is not None and self.clock() < until:
            return
        spawn(
            self.evaluate(guild_id, group_id, user_id, roadmap_id),
            name=f"milestones of {user_id} in group {group_id}",
        )

    def roles_changed(self, group_id: int) -> None:
        """The group's milestone roles were set or cleared here: read them after the next tick."""
        self._no_roles_until.pop(group_id, None)

    async def evaluate(self, guild_id: int, group_id: int, user_id: int, roadmap_id: str) -> int:
        """Claim and settle the member's new milestones; how many were claimed."""
        roadmap = self.roadmaps.get(roadmap_id)
        if roadmap is None:
            return 0
        claimed = await milestones.claim_due(
            self.store, roadmap, guild_id, group_id, user_id, self.clock()
        )
        if claimed is None:
            self._no_roles_until[group_id] = self.clock() + NO_ROLES_KEPT
            return 0
        self._no_roles_until.pop(group_id, None)
        for grant in claimed:
            await self.settle(grant)
        return len(claimed)

    async def reconcile(self) -> None:
        """Start-up: settle interrupted grants, then evaluate every member of every group that
        maps a milestone (one read each when nothing is due)."""
        self.reconciled.clear()
        try:
            await self._reconcile()
        finally:
            self.reconciled.set()

    async def _reconcile(self) -> None:
        for grant in await self.store.unsettled_grants_all_guilds(self.shards):
            await self.settle(grant)
        roadmap_of: dict[int, str | None] = {}
        claimed = 0
        for guild_id, group_id, user_id in await self.store.milestone_members_all_guilds(
            self.shards
        ):
            if group_id not in roadmap_of:
                group = await self.store.get_group(guild_id, group_id)
                roadmap_of[group_id] = group.roadmap_id if group is not None else None
            roadmap_id = roadmap_of[group_id]
            if roadmap_id is None:
                continue
            try:
                claimed += await self.evaluate(guild_id, group_id, user_id, roadmap_id)
            except Exception:  # one member's failure holds up no other's
                log.exception("milestones of %s in group %s failed", user_id, group_id)
        log.info("milestone roles reconciled: %d new grants", claimed)

    async def settle(self, grant: Grant) -> None:
        """Grant the role if not yet given, then announce it once (module docstring). Never
        raises for Discord's answers: they are recorded or logged."""
        if grant.key in self._settling:
            return
        self._settling.add(grant.key)
        try:
            if grant.state == "claimed" and not await self._grant(grant):
                return
            if grant.state in ("claimed", "granted"):
                await self._announce(grant)
        finally:
            self._settling.discard(grant.key)

    async def _grant(self, grant: Grant) -> bool:
        try:
            await self.channels.add_role(grant.guild_id, grant.user_id, grant.role_id, REASON)
        except Refused as refused:
            log.warning("role %s refused for %s: %s", grant.role_id, grant.key, refused.said)
            await self.store.refuse_grant(grant.key, refused.said)
            return False
        except SendFailed as failed:
            log.warning("role %s not granted yet for %s: %s", grant.role_id, grant.key, failed)
            return False
        await self.store.mark_granted(grant.key, self.clock())
        return True

    async def _announce(self, grant: Grant) -> None:
        group = await self.store.get_group(grant.guild_id, grant.group_id)
        if group is None:
            return
        try:
            channel = await self.channels.open(group.channel_id)
            await deliver_once(
                GrantRow(self.store, grant),
                channel,
                Marker(ids.badge(grant.group_id, grant.user_id, grant.milestone)),
                partial(self._message, grant, group.language, group.roadmap_id),
                self.clock,
            )
        except (Refused, SendFailed) as failed:
            log.warning("grant %s not announced yet: %s", grant.key, failed)

    async def _message(self, grant: Grant, language: str | None, roadmap_id: str) -> Message:
        locale = self.channels.server_locale(grant.guild_id)
        if locale is None:
            stored = await self.store.get_guild(grant.guild_id)
            locale = stored.locale if stored is not None else None
        lang = group_lang(language, locale)
        return announcement(grant, self.roadmaps.get(roadmap_id), lang)
