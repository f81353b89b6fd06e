"""What the group tests share: two servers with two channels each, an admin and a plain member,
the clock, and which group runs where."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.context import Actor
from bot.store import Store

GUILD, OTHER_GUILD = 1001, 2002
CHANNEL, OTHER_CHANNEL = 11, 12
ADMIN = Actor(GUILD, CHANNEL, 1, can_manage=True)
PLAIN = Actor(GUILD, CHANNEL, 2)
# Monday 2 March 2026, 08:00 UTC: an hour before the default 09:00 UTC post.
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    """An instant in March 2026, UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def running(store: Store, guild: int = GUILD, channel: int = CHANNEL) -> int | None:
    group = await store.running_group_in_channel(guild, channel)
    return None if group is None else group.id
