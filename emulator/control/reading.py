"""Reading what the bot did: messages in channels and DMs, any stored message, and the synced
commands. Everything returned is a copy."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from emulator.http_util import JSON, clone
from emulator.scenario import Channel, Guild, Member

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)


class Reading:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def messages(self, channel: Channel | int) -> list[JSON]:
        """The channel's messages as Discord would return them, oldest first (copies)."""
        cid = channel if isinstance(channel, int) else channel.id
        return clone(self.state.message_store.of_channel(cid))

    def visible_to(self, channel: Channel | int, member: Member) -> list[JSON]:
        """What ``member`` sees in a channel: its messages plus the ephemeral replies meant
        for them, oldest first (copies)."""
        cid = channel if isinstance(channel, int) else channel.id
        store = self.state.message_store
        theirs = [m for m in store.ephemeral_in(cid) if _ephemeral_for(m) == str(member.id)]
        return clone(sorted(store.of_channel(cid) + theirs, key=lambda m: int(m["id"])))

    def dm_messages(self, member: Member) -> list[JSON]:
        """Messages the bot sent to ``member`` in DMs, oldest first."""
        cid = self.state.channel_store.dm_channel_of(member.id)
        return [] if cid is None else self.messages(cid)

    def message(self, message_id: int | str) -> JSON | None:
        """Any stored message by id, ephemeral ones included."""
        found = self.state.message_store.get(int(message_id))
        return clone(found) if found is not None else None

    def commands(self, guild: Guild | None = None) -> list[JSON]:
        """Synced commands: the guild's own ones (when given) followed by the global ones."""
        return clone(self.state.command_store.visible_in(guild.id if guild else None))


def _ephemeral_for(message: JSON) -> str | None:
    """The user an ephemeral interaction reply was sent to."""
    user = (message.get("interaction_metadata") or {}).get("user") or {}
    found = user.get("id")
    return None if found is None else str(found)
