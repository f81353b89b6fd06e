"""Starting, pausing, resuming, stopping and describing a group; listing and previewing roadmaps."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.errors import (
    AlreadyPaused,
    BadPace,
    ChannelBusy,
    DayOutOfRange,
    GroupEnded,
    GroupNotHere,
    NothingToEdit,
    NotPaused,
    UnknownLanguage,
)
from bot.locale import LANGS
from bot.roadmaps import Day, Phase, Roadmap, Text
from bot.services import reminders
from bot.services.announcements import announce, edit_kind
from bot.services.context import (
    Actor,
    channel_group,
    require_manager,
    roadmap_of,
    schedule_of,
    unknown_roadmap,
)
from bot.services.inputs import parse_start, parse_time
from bot.services.schedule import day_at, local_date, next_release
from bot.services.settings import load_settings
from bot.services.zones import parse_timezone
from bot.store import ChannelBusyError, Group, NewGroup, Store
from bot.store.features.threads import DayThread

log = logging.getLogger(__name__)

DEFAULT_TIME = time(9, 0)
DEFAULT_TIMEZONE = "UTC"
PACE_MAX = 7
"""Calendar days per roadmap day, at most a week."""
SERVER_LANGUAGE = "server"
"""The ``language`` value that makes a group follow its server's preferred locale."""


@dataclass(frozen=True, slots=True)
class RoadmapInfo:
    id: str
    title: Text
    description: Text
    days: int
    tasks: int


@dataclass(frozen=True, slots=True)
class DayPreview:
    roadmap: Roadmap
    day: Day
    phase: Phase


@dataclass(frozen=True, slots=True)
class StartOptions:
    """What the admin typed; ``None`` means the default."""

    roadmap: str
    time: str | None = None
    timezone: str | None = None
    start: str | None = None
    pace: int = 1
    weekdays_only: bool = False
    catch_up: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class GroupStatus:
    group: Group
    roadmap: Roadmap
    day: int
    """Roadmap days released so far (0 before day 1; ``roadmap.summary_day`` once the summary
    is due)."""
    next_post: tuple[int, datetime] | None
    members: int
    today_done: int
    """Ticks on the current day's tasks by current members."""
    today_possible: int
    missed_days: tuple[int, ...]
    reminders: tuple[bool, int, int] = (False, 0, 0)
    """(the group's ``reminders`` setting, reminders sent since its local midnight, sent ever)."""
    threads: bool = False
    """Day threads are on (the group's ``threads`` setting)."""
    thread_refused: DayThread | None = None
    """The latest day thread, if Discord refused it (``services.threads``)."""
    milestones_refused: int = 0
    """Role grants Discord refused for milestones that still give a role, counted as
    ``/roadmap milestones`` counts them (setting the role again forgets them)."""

    @property
    def total(self) -> int:
        return self.roadmap.total_days

    @property
    def today_percent(self) -> int:
        return round(100 * self.today_done / self.today_possible) if self.today_possible else 0


def list_roadmaps(roadmaps: Mapping[str, Roadmap]) -> list[RoadmapInfo]:
    return [
        RoadmapInfo(r.id, r.title, r.description, r.total_days, r.task_count)
        for r in sorted(roadmaps.values(), key=lambda r: (r.total_days, r.id))
    ]


def parse_language(text: str) -> str | None:
    """A group's language setting from an option value: a language code, or None (``server``:
    follow the server's preferred locale)."""
    key = text.strip()
    if key == SERVER_LANGUAGE:
        return None
    if key in LANGS:
        return key
    raise UnknownLanguage(text, LANGS)


def preview(roadmaps: Mapping[str, Roadmap], roadmap_id: str, day: int | None) -> DayPreview:
    roadmap = roadmaps.get(roadmap_id.strip().lower())
    if roadmap is None:
        raise unknown_roadmap(roadmaps, roadmap_id)
    number = 1 if day is None else day
    if not 1 <= number <= roadmap.total_days:
        raise DayOutOfRange(roadmap.id, roadmap.total_days, number)
    return DayPreview(roadmap, roadmap.day(number), roadmap.phase_of(number))


async def start_group(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    options: StartOptions,
    now: datetime,
) -> GroupStatus:
    """Start a group in the actor's channel; every input problem is a ``UserFacingError``."""
    require_manager(actor)
    roadmap = roadmaps.get(options.roadmap.strip().lower())
    if roadmap is None:
        raise unknown_roadmap(roadmaps, options.roadmap)
    post_time = DEFAULT_TIME if options.time is None else parse_time(options.time)
    tz = (
        DEFAULT_TIMEZONE
        if options.timezone is None
        else parse_timezone(options.timezone, actor.lang, now)
    )
    today: date = local_date(now, tz)
    start = today if options.start is None else parse_start(options.start, today)
    if not 1 <= options.pace <= PACE_MAX:
        raise BadPace(PACE_MAX)
    language = None if options.language is None else parse_language(options.language)
    new = NewGroup(
        guild_id=actor.guild_id,
        channel_id=actor.channel_id,
        roadmap_id=roadmap.id,
        start_date=start,
        post_time=post_time,
        timezone=tz,
        created_by=actor.user_id,
        pace=options.pace,
        weekdays_only=options.weekdays_only,
        catch_up=options.catch_up,
        language=language,
    )
    try:
        group = await store.create_group(new, now)
    except ChannelBusyError as busy:
        raise ChannelBusy(busy.existing.roadmap_id, busy.existing.start_date) from None
    await store.upsert_guild(actor.guild_id, actor.guild_locale, now)
    log.info(
        "group %s started: guild %s channel %s roadmap %s",
        group.id,
        group.guild_id,
        group.channel_id,
        roadmap.id,
    )
    return await status_of(store, roadmaps, group, now)


async def status_of(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, now: datetime
) -> GroupStatus:
    roadmap = roadmap_of(roadmaps, group)
    schedule = await schedule_of(store, group, roadmap)
    day = day_at(schedule, now)
    members = await store.members(group.guild_id, group.id)
    current = roadmap.current_day(day)
    today_done = 0
    today_possible = 0
    if current >= 1 and members:
        counts = await store.tick_counts_between(group.guild_id, group.id, current, current)
        today_done = sum(counts.get(m.user_id, 0) for m in members)
        today_possible = len(roadmap.day(current).tasks) * len(members)
    posts = await store.posts(group.guild_id, group.id)
    missed = tuple(p.day for p in posts if p.state in ("missed", "failed"))
    upcoming = next_release(schedule, now) if group.state == "active" else None
    threads_on = (await load_settings(store, group.guild_id, group.id)).threads
    recorded = await store.day_threads(group.guild_id, group.id) if threads_on else []
    refused = recorded[-1] if recorded and recorded[-1].problem else None
    return GroupStatus(
        group=group,
        roadmap=roadmap,
        day=day,
        next_post=upcoming,
        members=len(members),
        today_done=today_done,
        today_possible=today_possible,
        missed_days=missed,
        reminders=(
            (await load_settings(store, group.guild_id, group.id)).reminders,
            *await reminders.sent_counts(store, group, now),
        ),
        threads=threads_on,
        thread_refused=refused,
        milestones_refused=await _refused_grants(store, group),
    )


async def _refused_grants(store: Store, group: Group) -> int:
    roles = {r.milestone for r in await store.milestone_roles(group.guild_id, group.id)}
    if not roles:
        return 0
    refused = await store.refused_grants(group.guild_id, group.id)
    return sum(n for milestone, n in refused.items() if milestone in roles)


async def group_status(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, now: datetime
) -> GroupStatus:
    return await status_of(store, roadmaps, await channel_group(store, actor), now)


async def pause_group(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, now: datetime
) -> GroupStatus:
    require_manager(actor)
    group = await channel_group(store, actor)
    if group.state == "paused":
        raise AlreadyPaused()
    await store.set_group_state(actor.guild_id, group.id, "paused", now)
    await announce(store, group, "paused", now)
    return await group_status(store, roadmaps, actor, now)


async def resume_group(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, now: datetime
) -> GroupStatus:
    require_manager(actor)
    group = await channel_group(store, actor)
    if group.state != "paused":
        raise NotPaused()
    await store.set_group_state(actor.guild_id, group.id, "active", now)
    await announce(store, group, "resumed", now)
    return await group_status(store, roadmaps, actor, now)


async def edit_group(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    time_text: str | None,
    timezone_text: str | None,
    now: datetime,
    language_text: str | None = None,
) -> GroupStatus:
    """Change the daily post time, timezone and/or language of this channel's group; every
    input is checked before anything changes."""
    require_manager(actor)
    group = await channel_group(store, actor)
    if time_text is None and timezone_text is None and language_text is None:
        raise NothingToEdit()
    post_time = group.post_time if time_text is None else parse_time(time_text)
    tz = group.timezone if timezone_text is None else parse_timezone(timezone_text, actor.lang, now)
    language = group.language if language_text is None else parse_language(language_text)
    schedule_changed = (post_time, tz) != (group.post_time, group.timezone)
    if schedule_changed:
        await store.update_group_schedule(actor.guild_id, group.id, post_time, tz)
        log.info("group %s now posts at %s %s", group.id, post_time, tz)
    language_changed = language != group.language
    if language_changed:
        await store.set_group_language(actor.guild_id, group.id, language)
        log.info("group %s now posts in %s", group.id, language or "the server's language")
    kind = edit_kind(schedule_changed, language_changed)
    if kind is not None:
        await announce(store, group, kind, now)
    return await group_status(store, roadmaps, actor, now)


async def group_to_stop(store: Store, actor: Actor) -> Group:
    """The group ``/roadmap stop`` would stop (asked before the confirm button is shown)."""
    require_manager(actor)
    return await channel_group(store, actor)


async def stop_group(store: Store, actor: Actor, group_id: int, now: datetime) -> Group:
    """Stop a group after confirmation; data is kept. Re-checks permission and place."""
    require_manager(actor)
    group = await store.get_group(actor.guild_id, group_id)
    if group is None or group.channel_id != actor.channel_id:
        raise GroupNotHere()
    if not group.running:
        raise GroupEnded(group.roadmap_id, group.state)
    await store.set_group_state(actor.guild_id, group.id, "stopped", now)
    log.info("group %s stopped by %s", group.id, actor.user_id)
    stopped = await store.get_group(actor.guild_id, group.id)
    assert stopped is not None
    return stopped
