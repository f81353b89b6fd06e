"""A group's data for ``/roadmap export`` and its remaining days for ``/roadmap calendar``.

Both read one group, the one running in the actor's channel, with every query scoped by the
actor's server. The export is for admins (*Manage Server*): it names members and shows their
notes. The calendar holds only what the channel already shows (day titles and post times), so
any member may take it.

The export lists the group's current members (the leaderboard's rows: rank, tasks done,
check-ins, streak, points, as ``/progress`` computes them) with their ticks per released day,
and every check-in of those members. The calendar lists every day not yet released, from the
next one to the roadmap's last (the summary has no title and is left out), at the instant the
schedule releases it; a paused group's dates are unknown until it resumes, so it is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.errors import CalendarPaused, NoDaysLeft
from bot.roadmaps import Day, Phase, Roadmap
from bot.services.context import Actor, channel_group, require_manager, roadmap_of, schedule_of
from bot.services.progress import Row, board_and_schedule
from bot.services.schedule import local_date, next_release, release_instant
from bot.store import Checkin, Group, Store


@dataclass(frozen=True, slots=True)
class MemberExport:
    row: Row
    """Rank, tasks done, check-ins, streak and points, as on the all-time leaderboard."""
    joined: date
    """The local date (group's zone) the member joined."""
    minutes: int
    """Minutes of all their check-ins."""
    per_day: Mapping[int, int]
    """Tasks ticked per roadmap day."""


@dataclass(frozen=True, slots=True)
class GroupExport:
    group: Group
    roadmap: Roadmap
    day: int
    """Days released (the current day, clamped to the roadmap's last)."""
    members: tuple[MemberExport, ...]
    """In leaderboard order."""
    checkins: tuple[Checkin, ...]
    """The members' check-ins, by member (leaderboard order) and date."""


async def group_export(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, now: datetime
) -> GroupExport:
    """Everything ``/roadmap export`` writes for this channel's group (Manage Server only)."""
    require_manager(actor)
    await channel_group(store, actor)  # NoGroupHere in the admin's words, before any read
    board, _ = await board_and_schedule(store, roadmaps, actor, "all", now)
    group = board.group
    joined = {m.user_id: m.joined_at for m in await store.members(actor.guild_id, group.id)}
    per_day: dict[int, dict[int, int]] = defaultdict(dict)
    for tick in await store.ticks(actor.guild_id, group.id):
        days = per_day[tick.user_id]
        days[tick.day] = days.get(tick.day, 0) + 1
    by_member: dict[int, list[Checkin]] = defaultdict(list)
    for checkin in await store.checkins(actor.guild_id, group.id):
        by_member[checkin.user_id].append(checkin)
    members = []
    checkins: list[Checkin] = []
    for row in board.rows:
        mine = sorted(by_member.get(row.user_id, ()), key=lambda c: c.local_date)
        checkins.extend(mine)
        since = joined.get(row.user_id, group.created_at)
        members.append(
            MemberExport(
                row=row,
                joined=local_date(since, group.timezone),
                minutes=sum(c.minutes or 0 for c in mine),
                per_day=per_day.get(row.user_id, {}),
            )
        )
    day = min(board.day, board.roadmap.total_days)
    return GroupExport(group, board.roadmap, day, tuple(members), tuple(checkins))


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: Day
    phase: Phase
    start: datetime
    """When the day is posted (UTC)."""


@dataclass(frozen=True, slots=True)
class GroupCalendar:
    group: Group
    roadmap: Roadmap
    days: tuple[CalendarDay, ...]
    made_at: datetime
    """The calendar's time stamp (DTSTAMP)."""


async def group_calendar(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, now: datetime
) -> GroupCalendar:
    """Every day of this channel's group still to be posted, with its post instant."""
    group = await channel_group(store, actor)
    roadmap = roadmap_of(roadmaps, group)
    if group.state == "paused":
        raise CalendarPaused()
    schedule = await schedule_of(store, group, roadmap)
    upcoming = next_release(schedule, now)
    if upcoming is None or upcoming[0] > roadmap.total_days:
        raise NoDaysLeft(roadmap.id)
    first, _ = upcoming
    days = tuple(
        CalendarDay(roadmap.day(n), roadmap.phase_of(n), release_instant(schedule, n))
        for n in range(first, roadmap.total_days + 1)
    )
    return GroupCalendar(group, roadmap, days, now)
