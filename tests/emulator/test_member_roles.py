"""Granting and removing a member's role as Discord does: Manage Roles, the role hierarchy (the
bot's highest role, position then id), managed roles and @everyone refused with 50013, the
member's roles changed (GUILD_MEMBER_UPDATE to clients with the members intent), role objects as
discord.py reads them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio

from emulator import Emulator, Scenario, running_bot
from emulator import permissions as P
from emulator.scenario import Guild, Member, Role


class Watcher(discord.Client):
    """A bot with the members intent that records member updates."""

    def __init__(self, members: bool = True) -> None:
        intents = discord.Intents.default()
        intents.members = members
        super().__init__(intents=intents)
        self.updates: asyncio.Queue[discord.Member] = asyncio.Queue()
        self.role_updates: asyncio.Queue[discord.Role] = asyncio.Queue()

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        await self.updates.put(after)

    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        await self.role_updates.put(after)


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall")
    hall.text_channel("general")
    hall.member("alice", manage_guild=True)
    hall.role("Week one", position=1)  # ties with the bot's role, but a higher id: below it
    hall.role("Veteran")  # above the bot's role
    sc.bot_role(hall).permissions |= P.MANAGE_ROLES
    return sc


@pytest_asyncio.fixture
async def watcher(emulator: Emulator) -> AsyncIterator[Watcher]:
    client = Watcher()
    async with running_bot(emulator, client):
        yield client


def parts(emu: Emulator) -> tuple[Guild, Member, Role, Role]:
    hall = emu.scenario.guilds[0]
    return hall, hall.member_named("alice"), hall.roles[-2], hall.roles[-1]


async def grant(client: discord.Client, hall: Guild, who: Member, role: Role) -> None:
    await client.http.add_role(hall.id, who.id, role.id)


async def test_a_role_below_the_bots_is_granted_and_removed(
    emulator: Emulator, watcher: Watcher
) -> None:
    hall, alice, week_one, _ = parts(emulator)
    await grant(watcher, hall, alice, week_one)
    assert week_one.id in alice.role_ids
    updated = await asyncio.wait_for(watcher.updates.get(), 5)
    assert updated.id == alice.id and week_one.id in [r.id for r in updated.roles]
    await grant(watcher, hall, alice, week_one)  # again: 204, nothing changes
    assert alice.role_ids.count(week_one.id) == 1
    await watcher.http.remove_role(hall.id, alice.id, week_one.id)
    assert week_one.id not in alice.role_ids
    updated = await asyncio.wait_for(watcher.updates.get(), 5)
    assert week_one.id not in [r.id for r in updated.roles]
    assert watcher.updates.empty()  # the repeated grant changed nothing and said nothing


async def test_the_bots_cache_agrees_on_what_it_may_grant(
    emulator: Emulator, watcher: Watcher
) -> None:
    hall, _, week_one, veteran = parts(emulator)
    # role objects as REST returns them (checked against the OpenAPI description with
    # --openapi-validate): the bot's managed role carries its tags
    fetched = {int(r["id"]): r for r in await watcher.http.get_roles(hall.id)}
    bot_role = emulator.scenario.bot_role(hall)
    assert fetched[bot_role.id]["managed"] and fetched[bot_role.id]["tags"]["bot_id"]
    assert fetched[veteran.id]["position"] > fetched[bot_role.id]["position"]
    guild = watcher.get_guild(hall.id)
    assert guild is not None and guild.me.guild_permissions.manage_roles
    roles = {r.id: r for r in guild.roles}
    assert roles[week_one.id].is_assignable()
    assert not roles[veteran.id].is_assignable()
    assert not roles[emulator.scenario.bot_role(hall).id].is_assignable()  # managed
    assert not guild.default_role.is_assignable()


@pytest.mark.parametrize("which", ["above", "own", "everyone"])
async def test_roles_the_bot_does_not_outrank_are_refused(
    emulator: Emulator, watcher: Watcher, which: str
) -> None:
    hall, alice, _, veteran = parts(emulator)
    role = {
        "above": veteran,
        "own": emulator.scenario.bot_role(hall),
        "everyone": hall.everyone,
    }[which]
    before = list(alice.role_ids)
    with pytest.raises(discord.Forbidden) as refused:
        await grant(watcher, hall, alice, role)
    assert refused.value.code == 50013 and refused.value.status == 403
    assert alice.role_ids == before


async def test_without_manage_roles_nothing_is_granted(
    emulator: Emulator, watcher: Watcher
) -> None:
    hall, alice, week_one, _ = parts(emulator)
    emulator.scenario.bot_role(hall).permissions &= ~P.MANAGE_ROLES
    with pytest.raises(discord.Forbidden) as refused:
        await grant(watcher, hall, alice, week_one)
    assert refused.value.code == 50013
    assert week_one.id not in alice.role_ids


async def test_raising_the_bots_role_lets_it_grant_and_the_bot_hears_of_it(
    emulator: Emulator, watcher: Watcher
) -> None:
    hall, alice, _, veteran = parts(emulator)
    bot_role = emulator.scenario.bot_role(hall)
    bot_role.position = veteran.position + 1
    await emulator.role_updated(bot_role)
    updated = await asyncio.wait_for(watcher.role_updates.get(), 5)
    assert updated.id == bot_role.id
    guild = watcher.get_guild(hall.id)
    assert guild is not None and guild.me.top_role.position == bot_role.position
    assert guild.get_role(veteran.id).is_assignable()  # type: ignore[union-attr]
    await grant(watcher, hall, alice, veteran)
    assert veteran.id in alice.role_ids


async def test_unknown_member_and_role(emulator: Emulator, watcher: Watcher) -> None:
    hall, alice, week_one, _ = parts(emulator)
    with pytest.raises(discord.NotFound) as unknown:
        await watcher.http.add_role(hall.id, 42, week_one.id)
    assert unknown.value.code == 10007
    with pytest.raises(discord.NotFound) as unknown:
        await watcher.http.add_role(hall.id, alice.id, 42)
    assert unknown.value.code == 10011


async def test_without_the_members_intent_no_member_update_arrives(
    emulator: Emulator,
) -> None:
    hall, alice, week_one, _ = parts(emulator)
    client = Watcher(members=False)
    async with running_bot(emulator, client):
        await grant(client, hall, alice, week_one)
        assert week_one.id in alice.role_ids
        sent: list[Any] = [
            frame["t"] for s in emulator.gateway.sessions.values() for frame in s.buffer
        ]
    assert "GUILD_CREATE" in sent and "GUILD_MEMBER_UPDATE" not in sent
