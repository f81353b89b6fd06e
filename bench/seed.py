"""Seed studybot's database through the store's API (``Store.import_rows``), before the bot
starts: collect the rows in a ``SeedRows``, then ``await seed(path, fill)`` writes them in one
transaction."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.render.messages import day_post
from bot.roadmaps import Roadmap
from bot.services.posting import PostPlan, post_nonce
from bot.services.scoring import walk_to
from bot.services.settings import GroupSettings
from bot.store import Checkin, Group, ImportBatch, Member, Post, Store, Streak, Tick
from bot.store.features.digests import Digest
from bot.store.features.settings import GroupSetting

MIDNIGHT = time(0, 0)

FREEZES = GroupSettings().freezes_per_month
"""The default freezes per month: seeded groups keep their default settings."""


@dataclass(frozen=True)
class GroupSpec:
    guild_id: int
    channel_id: int
    roadmap_id: str
    start: date
    post_time: time = MIDNIGHT
    timezone: str = "UTC"
    catch_up: bool = False
    digest: bool = False
    """The weekly digest (on by default in the bot) stays off unless a row measures it: the
    other rows count the messages the bot sends."""


@dataclass
class SeedRows:
    """The rows of a fresh database, gathered before ``seed`` imports them."""

    groups: list[Group] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    checkins: list[Checkin] = field(default_factory=list)
    streaks: list[Streak] = field(default_factory=list)
    settings: list[GroupSetting] = field(default_factory=list)
    digests: list[Digest] = field(default_factory=list)

    def batch(self) -> ImportBatch:
        return ImportBatch(
            groups=self.groups,
            members=self.members,
            posts=self.posts,
            ticks=self.ticks,
            checkins=self.checkins,
            streaks=self.streaks,
            settings=self.settings,
            digests=self.digests,
        )


def insert_groups(rows: SeedRows, specs: Sequence[GroupSpec], created: datetime) -> list[int]:
    """Active groups with ids 1, 2, ... in the order given (the database starts empty)."""
    ids = []
    for s in specs:
        group_id = len(rows.groups) + 1
        rows.groups.append(
            Group(
                id=group_id,
                guild_id=s.guild_id,
                channel_id=s.channel_id,
                roadmap_id=s.roadmap_id,
                start_date=s.start,
                post_time=s.post_time,
                timezone=s.timezone,
                pace=1,
                weekdays_only=False,
                catch_up=s.catch_up,
                state="active",
                created_by=1,
                created_at=created,
                ended_at=None,
                problem=None,
            )
        )
        if not s.digest:
            rows.settings.append(GroupSetting(s.guild_id, group_id, "digest", "0"))
        ids.append(group_id)
    return ids


def insert_sent_posts(rows: SeedRows, days: Iterable[tuple[int, int, int]], at: datetime) -> None:
    """Posts already delivered: ``(guild_id, group_id, day)``; start-up then has none to do."""
    rows.posts.extend(
        Post(
            g,
            gid,
            day,
            "sent",
            post_nonce(gid, day),
            10**17 + gid * 1000 + day,
            False,
            at,
            None,
            None,
        )
        for g, gid, day in days
    )


def insert_members(
    rows: SeedRows, guild_id: int, group_id: int, users: Sequence[int], at: datetime
) -> None:
    rows.members.extend(
        Member(guild_id, group_id, u, at + timedelta(seconds=i), None, None)
        for i, u in enumerate(users)
    )


def insert_history(
    rows: SeedRows,
    guild_id: int,
    group_id: int,
    users: Sequence[int],
    roadmap: Roadmap,
    start: date,
    days: int,
    seed: int = 7,
) -> tuple[int, int]:
    """Ticks (about 70% of tasks) and check-ins (about 60% of days) for ``days`` days, with
    each member's streak walk stored as the check-in service stores it (every date a study date,
    the default freezes per month).
    Returns how many ticks and check-ins."""
    rnd = random.Random(seed)
    ticks = len(rows.ticks)
    checkins = len(rows.checkins)
    for user in users:
        diligence = rnd.uniform(0.4, 1.0)
        mine: set[date] = set()
        for d in range(1, days + 1):
            when = datetime.combine(start + timedelta(days=d - 1), time(12), UTC)
            for task in roadmap.day(d).tasks:
                if rnd.random() < diligence:
                    rows.ticks.append(Tick(guild_id, group_id, user, d, task.id, when))
            if rnd.random() < diligence * 0.85:
                local = start + timedelta(days=d - 1)
                mine.add(local)
                rows.checkins.append(
                    Checkin(guild_id, group_id, user, local, None, None, when, when)
                )
        if mine:
            latest = max(mine)
            state = walk_to(mine, latest, lambda d: d >= start, freezes=FREEZES)
            rows.streaks.append(
                Streak(guild_id, group_id, user, latest, state.streak, state.used, FREEZES)
            )
    return len(rows.ticks) - ticks, len(rows.checkins) - checkins


async def seed(path: Path | str, fill: Callable[[SeedRows], object]) -> None:
    """Gather rows with ``fill(rows)``, then import them into the new database at ``path`` (a
    SQLite file or a PostgreSQL URL)."""
    rows = SeedRows()
    fill(rows)
    async with Store.open(path) as store:
        await store.import_rows(rows.batch(), datetime.now(UTC))


def make_group(
    group_id: int, guild_id: int, channel_id: int, roadmap_id: str, start: date
) -> Group:
    return Group(
        id=group_id,
        guild_id=guild_id,
        channel_id=channel_id,
        roadmap_id=roadmap_id,
        start_date=start,
        post_time=MIDNIGHT,
        timezone="UTC",
        pace=1,
        weekdays_only=False,
        catch_up=False,
        state="active",
        created_by=1,
        created_at=datetime.combine(start, MIDNIGHT, UTC),
        ended_at=None,
        problem=None,
    )


def plan_for(group: Group, roadmap: Roadmap, day: int, now: datetime) -> PostPlan:
    post = Post(
        guild_id=group.guild_id,
        group_id=group.id,
        day=day,
        state="claimed",
        nonce=post_nonce(group.id, day),
        message_id=None,
        late=False,
        claimed_at=now,
        sent_at=None,
        error=None,
    )
    return PostPlan(group, roadmap, day, "day", False, False, post)


def day_post_bodies(group: Group, roadmap: Roadmap, now: datetime) -> list[dict[str, object]]:
    """The daily posts the bot would have sent, as REST bodies (embeds and task buttons)."""
    bodies: list[dict[str, object]] = []
    for day in range(1, roadmap.total_days + 1):
        msg = day_post(plan_for(group, roadmap, day, now), "en")
        assert msg.view is not None
        bodies.append(
            {
                "embeds": [e.to_dict() for e in msg.embeds],
                "components": msg.view.to_components(),
            }
        )
    return bodies
