"""What members do: post messages, invoke slash commands, context menus and autocomplete,
click buttons, pick from selects and submit modals. Each sends the bot what Discord would,
after refusing (``CommandInputError``) what Discord's client would not let them do."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from emulator import payloads as gp
from emulator.channel_store import DM
from emulator.command_data import (
    CHAT_INPUT,
    MESSAGE_COMMAND,
    USER_COMMAND,
    build_command_data,
    check_member_may_use,
    context_menu_data,
    resolve_command,
)
from emulator.component_data import (
    BUTTON,
    SELECTS,
    STRING_SELECT,
    find_component,
    iter_components,
    modal_submit_data,
)
from emulator.http_util import JSON, clone
from emulator.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    CommandInputError,
    InteractionHandle,
    Reply,
)
from emulator.scenario import Channel, Guild, Member

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)


class UserActions:
    """``command``, ``click``, ``select`` and ``submit_modal`` wait for the visible reply
    (``Reply``) unless ``wait=False`` (then they return the ``InteractionHandle``)."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def user_message(self, member: Member, channel: Channel, content: str) -> JSON:
        """A member posts a message in a channel (MESSAGE_CREATE to the bot).

        Bots without the MESSAGE_CONTENT intent see empty content unless the bot is mentioned.
        """
        messages = self.state.message_store
        message = messages.build(
            channel_id=channel.id, body={"content": content}, author=gp.member_user(member)
        )
        messages.add(message)
        event = messages.event(message, member=gp.member(member, with_user=False))
        await self.state.gateway.dispatch("MESSAGE_CREATE", event, content_needs_intent=True)
        self.state.signal.notify()
        return clone(message)

    # ---- application commands ------------------------------------------------------------
    def _guild(self, channel: Channel) -> Guild:
        guild = self.state.scenario.get_guild(channel.guild_id)
        if guild is None:
            raise CommandInputError("interactions are only emulated in guild channels")
        return guild

    def _command(self, channel: Channel, name: str, type_: int) -> tuple[JSON, list[str]]:
        pool = self.state.command_store.visible_in(channel.guild_id)
        return resolve_command(pool, name, type_)

    async def command(
        self,
        member: Member,
        channel: Channel,
        name: str,
        /,
        *,
        wait: bool = True,
        timeout: float = 10.0,
        options: dict[str, Any] | None = None,
        **more_options: Any,
    ) -> Any:
        """Invoke ``/name`` ("group sub" for subcommands) as ``member`` in ``channel``.

        Command options are keyword arguments; an option called ``wait``, ``timeout`` or
        ``options`` goes in ``options={...}``. Returns the visible :class:`Reply` (or, with
        ``wait=False``, the InteractionHandle).
        """
        options = {**(options or {}), **more_options}
        cmd, path = self._command(channel, name, CHAT_INPUT)
        guild = self._guild(channel)
        check_member_may_use(cmd, guild, member)
        data = build_command_data(cmd, path, options, guild)
        handle = await self.state.interaction_store.create(
            member=member, channel=channel, itype=APPLICATION_COMMAND, data=data
        )
        if not wait:
            return handle
        return await handle.wait_reply(timeout)

    async def context_menu(
        self,
        member: Member,
        channel: Channel,
        name: str,
        target: Member | JSON,
        /,
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Invoke a user (target a Member) or message (target a message dict) context menu."""
        type_ = USER_COMMAND if isinstance(target, Member) else MESSAGE_COMMAND
        cmd, _ = self._command(channel, name, type_)
        handle = await self.state.interaction_store.create(
            member=member,
            channel=channel,
            itype=APPLICATION_COMMAND,
            data=context_menu_data(cmd, target, self._guild(channel)),
        )
        return await handle.wait_reply(timeout) if wait else handle

    async def autocomplete(
        self,
        member: Member,
        channel: Channel,
        name: str,
        /,
        *,
        focused: str,
        value: str = "",
        timeout: float = 10.0,
        options: dict[str, Any] | None = None,
        **more_options: Any,
    ) -> list[JSON]:
        """Type ``value`` into option ``focused``; returns the choices the bot offered.

        Other options already filled in are keyword arguments (or ``options={...}`` for names
        that clash with this method's own parameters)."""
        options = {**(options or {}), **more_options}
        cmd, path = self._command(channel, name, CHAT_INPUT)
        guild = self._guild(channel)
        data = build_command_data(cmd, path, options, guild, focused=focused, focused_value=value)
        handle = await self.state.interaction_store.create(
            member=member, channel=channel, itype=AUTOCOMPLETE, data=data
        )
        return await handle.wait_choices(timeout)

    # ---- components and modals -----------------------------------------------------------
    def _stored_message(self, message: Reply | JSON) -> JSON:
        raw = message.message if isinstance(message, Reply) else message
        if raw is None:
            raise CommandInputError("this reply has no message to click on")
        stored = self.state.message_store.get(int(raw["id"]))
        if stored is None:
            raise CommandInputError(f"message {raw['id']} no longer exists")
        return stored

    async def _use_component(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        extra: JSON,
        kinds: tuple[int, ...],
    ) -> InteractionHandle:
        stored = self._stored_message(message)
        comp = find_component(stored, custom_id)
        if comp is None:
            ids = [c.get("custom_id") for c in iter_components(stored.get("components") or [])]
            raise CommandInputError(f"no component {custom_id!r} on message {stored['id']}: {ids}")
        if comp.get("type") not in kinds:
            raise CommandInputError(f"component {custom_id!r} has type {comp.get('type')}")
        if comp.get("disabled"):
            raise CommandInputError(f"component {custom_id!r} is disabled")
        found = self.state.scenario.find_channel(int(stored["channel_id"]))
        if found is None:
            return await self._use_in_dm(member, stored, custom_id, comp, extra)
        return await self.state.interaction_store.create(
            member=member,
            channel=found[1],
            itype=MESSAGE_COMPONENT,
            data={"custom_id": custom_id, "component_type": comp["type"], **extra},
            message=clone(stored),
            source_message_id=int(stored["id"]),
        )

    async def _use_in_dm(
        self, member: Member, stored: JSON, custom_id: str, comp: JSON, extra: JSON
    ) -> InteractionHandle:
        """A component on a message of the bot's DM with ``member`` (only they see it)."""
        cid = int(stored["channel_id"])
        if self.state.channel_store.dm_channel_of(member.id) != cid:
            raise CommandInputError(f"message {stored['id']} is not in {member.name}'s DMs")
        return await self.state.interaction_store.create_in_dm(
            member=member,
            dm_channel=Channel(id=cid, guild_id=0, name="", type=DM),
            itype=MESSAGE_COMPONENT,
            data={"custom_id": custom_id, "component_type": comp["type"], **extra},
            message=clone(stored),
            source_message_id=int(stored["id"]),
        )

    async def click(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        /,
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Click the button ``custom_id`` on a message (a dict or a Reply) as ``member``."""
        handle = await self._use_component(member, message, custom_id, {}, (BUTTON,))
        return await handle.wait_reply(timeout) if wait else handle

    async def select(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        values: list[str],
        /,
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Pick ``values`` in the select menu ``custom_id`` on a message."""
        comp = find_component(self._stored_message(message), custom_id)
        if comp is not None and comp.get("type") == STRING_SELECT:
            allowed = [o.get("value") for o in comp.get("options") or []]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise CommandInputError(f"{bad} are not options of {custom_id!r}: {allowed}")
        handle = await self._use_component(
            member, message, custom_id, {"values": list(values)}, SELECTS
        )
        return await handle.wait_reply(timeout) if wait else handle

    async def submit_modal(
        self,
        member: Member,
        modal: Reply | InteractionHandle,
        values: dict[str, str],
        /,
        *,
        wait: bool = True,
        timeout: float = 10.0,
    ) -> Any:
        """Submit the modal a bot opened (the Reply of type 9) with text ``values`` by custom_id."""
        source = modal.interaction if isinstance(modal, Reply) else modal
        reply = modal if isinstance(modal, Reply) else modal.reply
        if source is None or reply is None or reply.modal is None:
            raise CommandInputError("not a modal reply")
        message = None
        if source.source_message_id is not None:
            stored = self.state.message_store.get(source.source_message_id)
            message = clone(stored) if stored is not None else None
        handle = await self.state.interaction_store.create(
            member=member,
            channel=source.channel,
            itype=MODAL_SUBMIT,
            data=modal_submit_data(reply.modal, values),
            message=message,
            source_message_id=source.source_message_id,
            triggered_by=source,
        )
        return await handle.wait_reply(timeout) if wait else handle
