"""Changes to the world while the bot runs: members join and leave, channels change or go
away, and raw gateway events; each is enforced at once and announced to the bot."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from emulator import payloads as gp
from emulator.http_util import JSON
from emulator.scenario import Channel, Guild, Member, Role

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)


class WorldChanges:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def member_join(
        self, guild: Guild, name: str, *, locale: str = "en-US", manage_guild: bool = False
    ) -> Member:
        """A new member joins ``guild`` (GUILD_MEMBER_ADD; needs the members intent)."""
        member = guild.member(name, locale=locale, manage_guild=manage_guild)
        await self.state.gateway.dispatch(
            "GUILD_MEMBER_ADD", gp.guild_member_add(member, joined_at=self.state.clock.now())
        )
        self.state.signal.notify()
        return member

    async def member_leave(self, member: Member) -> None:
        """``member`` leaves their guild (GUILD_MEMBER_REMOVE)."""
        guild = self.state.scenario.get_guild(member.guild_id)
        assert guild is not None
        guild.members.remove(member)
        await self.state.gateway.dispatch("GUILD_MEMBER_REMOVE", gp.guild_member_remove(member))
        self.state.signal.notify()

    async def channel_updated(self, channel: Channel) -> None:
        """Tell the bot about changes made to ``channel`` (name, topic, ``deny()``...) after it
        connected (CHANNEL_UPDATE). The emulator itself enforces changes immediately."""
        await self.state.gateway.dispatch("CHANNEL_UPDATE", gp.channel(channel))
        self.state.signal.notify()

    async def delete_channel(self, channel: Channel) -> None:
        """Delete ``channel`` (CHANNEL_DELETE); later requests to it get 10003."""
        self.state.channel_store.delete(channel)
        self.state.message_store.forget_channel(channel.id)
        await self.state.gateway.dispatch("CHANNEL_DELETE", gp.channel(channel))
        self.state.signal.notify()

    async def role_updated(self, role: Role) -> None:
        """Tell the bot about changes made to ``role`` (position, permissions...) after it
        connected (GUILD_ROLE_UPDATE). The emulator itself enforces changes immediately."""
        await self.state.gateway.dispatch("GUILD_ROLE_UPDATE", gp.guild_role_update(role))
        self.state.signal.notify()

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a raw gateway dispatch event to the bot."""
        await self.state.gateway.dispatch(event, data)
