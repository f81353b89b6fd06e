"""Joining and leaving groups, and a member's own timezone."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.errors import GroupNotHere, NoMembership, NotMember, UnknownGroup
from bot.roadmaps import Roadmap
from bot.services.context import Actor, member_group, roadmap_of, unknown_roadmap
from bot.services.zones import parse_timezone
from bot.store import Group, Store

log = logging.getLogger(__name__)

JoinKind = Literal["joined", "rejoined", "already", "choose", "none"]


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    kind: JoinKind
    roadmap: Roadmap
    group: Group | None = None
    candidates: tuple[Group, ...] = ()
    """For ``choose``: the groups running this roadmap in the server, each in its channel."""
    ticks_kept: int = 0


async def join_group_id(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, group_id: int, now: datetime
) -> JoinOutcome:
    """Join a specific group (a Join button). Refused outside the group's server or channel."""
    group = await store.get_group(actor.guild_id, group_id)
    if group is None or not group.running or group.channel_id != actor.channel_id:
        raise GroupNotHere()
    return await _join(store, roadmap_of(roadmaps, group), actor, group, now)


async def join(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, roadmap_id: str, now: datetime
) -> JoinOutcome:
    """``/join roadmap``: this channel's group for it, else the server's only one, else explain."""
    roadmap = roadmaps.get(roadmap_id.strip().lower())
    if roadmap is None:
        raise unknown_roadmap(roadmaps, roadmap_id)
    here = await store.running_group_in_channel(actor.guild_id, actor.channel_id)
    if here is not None and here.roadmap_id == roadmap.id:
        return await _join(store, roadmap, actor, here, now)
    running = [g for g in await store.groups_in_guild(actor.guild_id) if g.roadmap_id == roadmap.id]
    if len(running) == 1:
        return await _join(store, roadmap, actor, running[0], now)
    if running:
        return JoinOutcome("choose", roadmap, candidates=tuple(running))
    return JoinOutcome("none", roadmap)


async def _join(
    store: Store, roadmap: Roadmap, actor: Actor, group: Group, now: datetime
) -> JoinOutcome:
    before = await store.get_member(actor.guild_id, group.id, actor.user_id)
    _, changed = await store.add_member(actor.guild_id, group.id, actor.user_id, now)
    if not changed:
        return JoinOutcome("already", roadmap, group)
    if before is None:
        log.info("user %s joined group %s", actor.user_id, group.id)
        return JoinOutcome("joined", roadmap, group)
    kept = len(await store.ticks(actor.guild_id, group.id, actor.user_id))
    log.info("user %s re-joined group %s", actor.user_id, group.id)
    return JoinOutcome("rejoined", roadmap, group, ticks_kept=kept)


async def group_to_leave(store: Store, actor: Actor) -> Group:
    """The group ``/leave`` would leave (shown in the confirmation)."""
    return await member_group(store, actor)


async def leave(store: Store, actor: Actor, group_id: int, now: datetime) -> Group:
    """Leave after confirmation; ticks and check-ins are kept for a re-join."""
    group = await store.get_group(actor.guild_id, group_id)
    if group is None:
        raise UnknownGroup()
    if not await store.leave_member(actor.guild_id, group.id, actor.user_id, now):
        raise NotMember(group.roadmap_id)
    log.info("user %s left group %s", actor.user_id, group.id)
    return group


@dataclass(frozen=True, slots=True)
class TimezoneOutcome:
    timezone: str | None
    groups: int


async def set_timezone(
    store: Store, actor: Actor, text: str | None, now: datetime
) -> TimezoneOutcome:
    """Set (or with ``None``/"default", clear) the member's zone for check-ins in this server;
    ``now`` tells zones that share a name apart (``zones.parse_timezone``)."""
    cleared = text is None or text.strip().lower() in ("", "default", "group", "默认")
    tz = None if cleared or text is None else parse_timezone(text, actor.lang, now)
    count = await store.set_member_timezone(actor.guild_id, actor.user_id, tz)
    if count == 0:
        raise NoMembership()
    return TimezoneOutcome(tz, count)
