"""Who is acting, where, and the lookups every service shares.

An ``Actor`` is built by the Discord layer from an interaction; services trust nothing else about
the caller. ``can_manage`` is the caller's resolved *Manage Server* permission in the channel,
re-checked here for admin actions whatever Discord's command defaults say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Protocol

from bot.errors import (
    NoGroupHere,
    NotInAnyGroup,
    NotManager,
    RoadmapNotLoaded,
    SeveralGroups,
    UnknownRoadmap,
)
from bot.locale import Lang, lang_for
from bot.roadmaps import Roadmap
from bot.services.schedule import Pause, Schedule
from bot.store import Group, GroupPause, Store


@dataclass(frozen=True, slots=True)
class Actor:
    guild_id: int
    channel_id: int
    user_id: int
    locale: str = "en-US"
    guild_locale: str = "en-US"
    can_manage: bool = False

    @property
    def lang(self) -> Lang:
        """The actor's own language: what their input is read in (``CST`` is China Standard
        Time to a Chinese reader) and what private replies are in."""
        return lang_for(self.locale)


def require_manager(actor: Actor) -> None:
    if not actor.can_manage:
        raise NotManager()


def roadmap_of(roadmaps: Mapping[str, Roadmap], group: Group) -> Roadmap:
    roadmap = roadmaps.get(group.roadmap_id)
    if roadmap is None:
        raise missing_roadmap(group.roadmap_id)
    return roadmap


def missing_roadmap(roadmap_id: str) -> RoadmapNotLoaded:
    """What a group whose roadmap is not loaded answers (its file is gone or invalid)."""
    return RoadmapNotLoaded(roadmap_id)


def unknown_roadmap(roadmaps: Mapping[str, Roadmap], typed: str) -> UnknownRoadmap:
    return UnknownRoadmap(typed, tuple(sorted(roadmaps)))


class ScheduledRow(Protocol):
    """What a stored row needs to say about release: a ``Group``, or a tick's ``TickTarget``."""

    @property
    def start_date(self) -> date: ...
    @property
    def post_time(self) -> time: ...
    @property
    def timezone(self) -> str: ...
    @property
    def pace(self) -> int: ...
    @property
    def weekdays_only(self) -> bool: ...


def schedule_from(row: ScheduledRow, roadmap: Roadmap, pauses: Iterable[GroupPause]) -> Schedule:
    """The group's schedule from pauses already read (``schedule_of`` reads them)."""
    return Schedule(
        start=row.start_date,
        post_time=row.post_time,
        timezone=row.timezone,
        total_days=roadmap.total_days,
        pace=row.pace,
        weekdays_only=row.weekdays_only,
        pauses=tuple(Pause(p.started_at, p.ended_at) for p in pauses),
    )


async def schedule_of(store: Store, group: Group, roadmap: Roadmap) -> Schedule:
    return schedule_from(group, roadmap, await store.pauses(group.guild_id, group.id))


async def channel_group(store: Store, actor: Actor) -> Group:
    """The group running in the actor's channel, or ``NoGroupHere``."""
    group = await store.running_group_in_channel(actor.guild_id, actor.channel_id)
    if group is None:
        raise NoGroupHere()
    return group


async def member_group(store: Store, actor: Actor) -> Group:
    """The group the actor studies with: this channel's if they are in it, else their only one."""
    here = await store.running_group_in_channel(actor.guild_id, actor.channel_id)
    if here is not None:
        member = await store.get_member(actor.guild_id, here.id, actor.user_id)
        if member is not None and member.active:
            return here
    groups: list[Group] = []
    for membership in await store.memberships_in_guild(actor.guild_id, actor.user_id):
        group = await store.get_group(actor.guild_id, membership.group_id)
        if group is not None and group.running:
            groups.append(group)
    if len(groups) == 1:
        return groups[0]
    if not groups:
        raise NotInAnyGroup(here.roadmap_id if here is not None else None)
    raise SeveralGroups(tuple((g.channel_id, g.roadmap_id) for g in groups))
