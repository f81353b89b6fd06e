"""Rows the store tests start from."""

from __future__ import annotations

from datetime import date, time

from bot.store import NewGroup

GUILD_A, GUILD_B = 1001, 2002
CHANNEL = 11
USER = 5


def new_group(guild: int = GUILD_A, channel: int = CHANNEL, roadmap: str = "14day") -> NewGroup:
    return NewGroup(
        guild_id=guild,
        channel_id=channel,
        roadmap_id=roadmap,
        start_date=date(2026, 3, 2),
        post_time=time(9, 30),
        timezone="Europe/London",
        created_by=77,
        pace=2,
        weekdays_only=True,
    )
