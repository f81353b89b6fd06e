"""Shared steps of the reminder end-to-end tests: start a group, turn its reminders on, and
read what the bot sent by DM and in the roll call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.app import StudyBot
from bot.store import Group
from emulator import Emulator
from emulator.scenario import Member
from tests.e2e.conftest import World


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def start_group(
    emulator: Emulator, bot: StudyBot, world: World, *, zone: str, days: str = "every day"
) -> Group:
    await emulator.command(
        world.alice,
        world.general,
        "roadmap start",
        roadmap="14day",
        time="09:00",
        timezone=zone,
        days=days,
    )
    (group,) = await bot.store.running_groups_all_guilds()
    return group


async def join(emulator: Emulator, world: World, member: Member, zone: str | None = None) -> None:
    await emulator.command(member, world.general, "join", roadmap="14day")
    if zone is not None:
        await emulator.command(member, world.general, "timezone set", timezone=zone)


async def reminders_on(bot: StudyBot, group: Group, **more: str) -> None:
    """What an admin's ``/roadmap settings`` change does: the setting, then the group's
    change followed (its reminder job armed)."""
    await bot.store.set_group_setting(group.guild_id, group.id, "reminders", "1")
    for key, value in more.items():
        await bot.store.set_group_setting(group.guild_id, group.id, key, value)
    await bot.daily.reminders_changed(group)


def dms(emulator: Emulator, member: Member) -> list[dict[str, Any]]:
    return emulator.dm_messages(member)


def rollcalls(emulator: Emulator, world: World) -> list[dict[str, Any]]:
    return [
        m
        for m in emulator.messages(world.general)
        if any(
            c.get("custom_id", "").startswith("studybot:rollcall:")
            for row in m.get("components") or []
            for c in row.get("components") or []
        )
    ]


async def run_due(bot: StudyBot, group: Group) -> datetime | None:
    """What the group's reminder job does when it fires (APScheduler runs on the wall clock,
    the tests move the bot's); the instant it is armed at next."""
    await bot.daily.reminders.run(group.guild_id, group.id)  # type: ignore[union-attr]
    return armed(bot, group)


def armed(bot: StudyBot, group: Group) -> datetime | None:
    assert bot.daily.reminders is not None
    return bot.daily.reminders.armed.get(group.id)
