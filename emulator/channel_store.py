"""The channels the bot can address: the scenario's guild channels and threads, and the DM
channels it opened, with the permission checks Discord applies to the bot in them."""

from __future__ import annotations

import logging

from emulator import errors as E
from emulator import payloads as gp
from emulator import permissions as P
from emulator.http_util import JSON
from emulator.scenario import Channel, Guild, Member, Scenario
from emulator.snowflake import ClockIds

log = logging.getLogger(__name__)

DM, PUBLIC_THREAD = 1, 11


class ChannelStore:
    """Guild channels live in the scenario (threads too, once created); a DM channel is a
    recipient's user id under a channel id of its own."""

    def __init__(self, scenario: Scenario, ids: ClockIds) -> None:
        self.scenario = scenario
        self.ids = ids
        self._dm_users: dict[int, int] = {}  # DM channel id -> recipient user id

    def lookup(self, channel_id: str | int) -> tuple[Guild | None, Channel | None, int | None]:
        """``(guild, channel, None)`` for a guild channel or ``(None, None, user_id)`` for a DM;
        10003 for an id that is neither."""
        try:
            cid = int(channel_id)
        except ValueError:
            raise E.unknown_channel() from None
        found = self.scenario.find_channel(cid)
        if found is not None:
            return found[0], found[1], None
        if cid in self._dm_users:
            return None, None, self._dm_users[cid]
        raise E.unknown_channel()

    def require(self, guild: Guild | None, channel: Channel | None, bits: int) -> None:
        """50001 unless the bot sees the channel, 50013 unless it has ``bits`` there (DMs are
        not checked)."""
        if guild is None or channel is None:
            return
        perms = self.scenario.bot_permissions(guild, self.permission_source(guild, channel))
        if not perms & P.VIEW_CHANNEL:
            raise E.missing_access()
        if perms & bits != bits:
            raise E.missing_permissions()

    def bot_may(self, guild: Guild | None, channel: Channel | None, bits: int) -> bool:
        if guild is None or channel is None:
            return True
        source = self.permission_source(guild, channel)
        return self.scenario.bot_permissions(guild, source) & bits == bits

    @staticmethod
    def permission_source(guild: Guild, channel: Channel) -> Channel:
        """Where a channel's permissions come from: a thread has its parent's."""
        if channel.type == PUBLIC_THREAD and channel.parent_id is not None:
            parent = next((c for c in guild.channels if c.id == channel.parent_id), None)
            if parent is not None:
                return parent
        return channel

    # ---- DMs -----------------------------------------------------------------------------
    def open_dm(self, user_id: int) -> int:
        """The DM channel with ``user_id``: the existing one, as on Discord, or a new one."""
        cid = self.dm_channel_of(user_id)
        if cid is None:
            cid = self.ids.next()
            self._dm_users[cid] = user_id
        return cid

    def dm_channel_of(self, user_id: int) -> int | None:
        return next((c for c, u in self._dm_users.items() if u == user_id), None)

    @staticmethod
    def dm_payload(channel_id: int, recipient: Member) -> JSON:
        return {
            "id": str(channel_id),
            "type": DM,
            "last_message_id": None,
            "flags": 0,
            "recipients": [gp.member_user(recipient)],
        }

    # ---- threads -------------------------------------------------------------------------
    def start_thread_from_message(
        self, guild: Guild, parent: Channel, message_id: int, name: str
    ) -> Channel:
        """A public thread on a message; Discord gives it the message's id."""
        thread = Channel(
            id=message_id,
            guild_id=guild.id,
            name=name,
            type=PUBLIC_THREAD,
            parent_id=parent.id,
            _bot_id=self.scenario.bot_user_id,
        )
        guild.channels.append(thread)
        return thread

    def delete(self, channel: Channel) -> None:
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        guild.channels.remove(channel)
