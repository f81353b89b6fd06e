"""The interactions the emulator created: sending INTERACTION_CREATE, and finding one again by
id (callbacks) or token (webhooks)."""

from __future__ import annotations

import logging
import secrets

from emulator import payloads as gp
from emulator.channel_store import ChannelStore
from emulator.clock import Clock
from emulator.gateway import Gateway
from emulator.http_util import JSON
from emulator.interactions import CommandInputError, InteractionHandle
from emulator.scenario import Channel, Member, Scenario
from emulator.snowflake import ClockIds

log = logging.getLogger(__name__)

TOKEN_PREFIX = "aW50ZXJhY3Rpb24"  # base64 of "interaction", as Discord's tokens begin


class InteractionStore:
    def __init__(self, scenario: Scenario, clock: Clock, ids: ClockIds, gateway: Gateway) -> None:
        self.scenario = scenario
        self.clock = clock
        self.ids = ids
        self.gateway = gateway
        self.by_id: dict[int, InteractionHandle] = {}
        self._by_token: dict[str, InteractionHandle] = {}
        # deferred updates (type 6) the bot may finish by editing the clicked message itself
        self._awaiting_edit: dict[int, list[InteractionHandle]] = {}

    async def create(
        self,
        *,
        member: Member,
        channel: Channel,
        itype: int,
        data: JSON,
        message: JSON | None = None,
        source_message_id: int | None = None,
        triggered_by: InteractionHandle | None = None,
    ) -> InteractionHandle:
        """A new interaction from ``member`` in a guild ``channel``, sent to the bot.

        ``message`` is the message a component was used on (a copy); ``source_message_id``
        its id, which updates (types 6 and 7) change; ``triggered_by`` the interaction that
        opened the modal a modal submit comes from."""
        guild = self.scenario.get_guild(channel.guild_id)
        if guild is None:
            raise CommandInputError("interactions are only emulated in guild channels")
        iid = self.ids.next()
        token = TOKEN_PREFIX + secrets.token_urlsafe(48)
        payload = gp.interaction_create(
            interaction_id=iid,
            interaction_type=itype,
            token=token,
            application_id=self.scenario.application_id,
            guild=guild,
            channel_obj=channel,
            member_obj=member,
            member_permissions=guild.permissions_for(member, channel),
            app_permissions=self.scenario.bot_permissions(guild, channel),
            data=data,
            message_obj=message,
        )
        handle = InteractionHandle(
            id=iid,
            token=token,
            type=itype,
            guild=guild,
            channel=channel,
            member=member,
            created_at=self.clock.now(),
            payload=payload,
            source_message_id=source_message_id,
            triggered_by=triggered_by,
        )
        self.by_id[iid] = handle
        self._by_token[token] = handle
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

    async def create_in_dm(
        self,
        *,
        member: Member,
        dm_channel: Channel,
        itype: int,
        data: JSON,
        message: JSON,
        source_message_id: int,
    ) -> InteractionHandle:
        """A new interaction from ``member`` on a message of the bot's DM with them
        (``dm_channel`` stands for the DM: its id and type 1), sent to the bot."""
        iid = self.ids.next()
        token = TOKEN_PREFIX + secrets.token_urlsafe(48)
        payload = gp.dm_interaction_create(
            interaction_id=iid,
            interaction_type=itype,
            token=token,
            application_id=self.scenario.application_id,
            dm_channel=ChannelStore.dm_payload(dm_channel.id, member),
            user_obj=member,
            data=data,
            message_obj=message,
        )
        handle = InteractionHandle(
            id=iid,
            token=token,
            type=itype,
            guild=None,
            channel=dm_channel,
            member=member,
            created_at=self.clock.now(),
            payload=payload,
            source_message_id=source_message_id,
        )
        self.by_id[iid] = handle
        self._by_token[token] = handle
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

    def for_callback(self, interaction_id: str, token: str) -> InteractionHandle | None:
        """The interaction a callback URL names, if its id and token belong together."""
        try:
            handle = self.by_id.get(int(interaction_id))
        except ValueError:
            return None
        return handle if handle is not None and handle.token == token else None

    def for_token(self, token: str) -> InteractionHandle | None:
        return self._by_token.get(token)

    def await_direct_edit(self, handle: InteractionHandle, message_id: int) -> None:
        """A deferred update may be finished by a channel edit of the clicked message."""
        self._awaiting_edit.setdefault(message_id, []).append(handle)

    def edited_directly(self, message_id: int) -> list[InteractionHandle]:
        """The deferred updates a channel edit of ``message_id`` finishes (each once)."""
        return self._awaiting_edit.pop(message_id, [])
