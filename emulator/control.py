"""The control API tests use: waiting, messages, interactions, clock and gateway faults."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from emulator import gateway_payloads as gp
from emulator import permissions as P
from emulator.command_data import build_command_data, find_command
from emulator.component_data import iter_components
from emulator.faults import normalize_route
from emulator.gateway import OP_RECONNECT
from emulator.http_util import (
    JSON,
    RequestRecord,
    clone,
)
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
from emulator.state import EmulatorState

log = logging.getLogger(__name__)


class ControlAPI(EmulatorState):
    """Methods tests call on the emulator."""

    # ---- control API: waiting --------------------------------------------------------------
    async def wait_connected(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once ``count`` IDENTIFYs were answered with READY and all GUILD_CREATEs."""
        await self.signal.wait_until(
            lambda: self.gateway.ready_count >= count and bool(self.gateway.live()),
            timeout,
            "a bot to connect to the gateway",
        )

    async def wait_commands_synced(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once the bot synced (PUT/POST) application commands ``count`` times."""
        await self.signal.wait_until(lambda: self.sync_count >= count, timeout, "a command sync")

    async def wait_resumed(self, timeout: float = 10.0, *, count: int = 1) -> None:
        """Resolve once the gateway answered ``count`` RESUMEs in total."""
        await self.signal.wait_until(
            lambda: self.gateway.resume_count >= count, timeout, f"{count} gateway resume(s)"
        )

    async def wait_identified(self, timeout: float = 10.0, *, count: int = 1) -> None:
        await self.wait_connected(timeout, count=count)

    async def wait_for_request(
        self,
        route: str,
        timeout: float = 10.0,
        *,
        predicate: Callable[[RequestRecord], bool] | None = None,
        count: int = 1,
    ) -> RequestRecord:
        """Wait until ``count`` answered requests matched ``route`` (``"METHOD /template"``)."""
        key = normalize_route(route)

        def matches() -> list[RequestRecord]:
            found = [
                r
                for r in self.requests
                if r.route is not None
                and r.status
                and normalize_route(r.route) == key
                and (predicate is None or predicate(r))
            ]
            return found if len(found) >= count else []

        found: list[RequestRecord] = await self.signal.wait_until(
            matches, timeout, f"{count} x {route}"
        )
        return found[count - 1]

    async def wait_until(
        self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "a condition"
    ) -> Any:
        """Wait for any predicate over the emulator's state (re-checked on every change)."""
        return await self.signal.wait_until(predicate, timeout, what)

    # ---- control API: messages -------------------------------------------------------------
    def messages(self, channel: Channel | int) -> list[JSON]:
        """The channel's messages as Discord would return them, oldest first (copies)."""
        cid = channel if isinstance(channel, int) else channel.id
        msgs = list(self._channel_messages.get(cid, {}).values())
        return clone(msgs)

    def dm_messages(self, member: Member) -> list[JSON]:
        """Messages the bot sent to ``member`` in DMs, oldest first."""
        cid = next((c for c, u in self._dm_channels.items() if u == member.id), None)
        return [] if cid is None else self.messages(cid)

    def message(self, message_id: int | str) -> JSON | None:
        found = self._messages.get(int(message_id))
        return clone(found) if found is not None else None

    async def wait_for_message(
        self,
        channel: Channel | int,
        predicate: Callable[[JSON], bool] | None = None,
        timeout: float = 10.0,
    ) -> JSON:
        """First message in the channel (existing or future, edits included) matching predicate."""
        cid = channel if isinstance(channel, int) else channel.id

        def find() -> JSON | None:
            for m in list(self._channel_messages.get(cid, {}).values()):
                if predicate is None or predicate(m):
                    return clone(m)
            return None

        result: JSON = await self.signal.wait_until(find, timeout, f"a message in channel {cid}")
        return result

    async def user_message(self, member: Member, channel: Channel, content: str) -> JSON:
        """A member posts a message in a channel (MESSAGE_CREATE to the bot).

        Bots without the MESSAGE_CONTENT intent see empty content unless the bot is mentioned.
        """
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        message = self._new_message(
            channel_id=channel.id, body={"content": content}, author=gp.member_user(member)
        )
        self._store_message(channel.id, message)
        event = {**message, "member": gp.member(member, with_user=False)}
        await self.gateway.dispatch("MESSAGE_CREATE", event, content_needs_intent=True)
        self.signal.notify()
        return clone(message)

    async def member_join(
        self, guild: Guild, name: str, *, locale: str = "en-US", manage_guild: bool = False
    ) -> Member:
        """A new member joins ``guild`` (GUILD_MEMBER_ADD; needs the members intent)."""
        member = guild.member(name, locale=locale, manage_guild=manage_guild)
        await self.gateway.dispatch(
            "GUILD_MEMBER_ADD", gp.guild_member_add(member, joined_at=self.clock.now())
        )
        self.signal.notify()
        return member

    async def member_leave(self, member: Member) -> None:
        """``member`` leaves their guild (GUILD_MEMBER_REMOVE)."""
        guild = self.scenario.get_guild(member.guild_id)
        assert guild is not None
        guild.members.remove(member)
        await self.gateway.dispatch("GUILD_MEMBER_REMOVE", gp.guild_member_remove(member))
        self.signal.notify()

    async def channel_updated(self, channel: Channel) -> None:
        """Tell the bot about changes made to ``channel`` (name, topic, ``deny()``...) after it
        connected (CHANNEL_UPDATE). The emulator itself enforces changes immediately."""
        await self.gateway.dispatch("CHANNEL_UPDATE", gp.channel(channel))
        self.signal.notify()

    async def delete_channel(self, channel: Channel) -> None:
        """Delete ``channel`` (CHANNEL_DELETE); later requests to it get 10003."""
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        guild.channels.remove(channel)
        self._channel_messages.pop(channel.id, None)
        await self.gateway.dispatch("CHANNEL_DELETE", gp.channel(channel))
        self.signal.notify()

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a raw gateway dispatch event to the bot."""
        await self.gateway.dispatch(event, data)

    # ---- control API: interactions ---------------------------------------------------------
    def commands(self, guild: Guild | None = None) -> list[JSON]:
        """Synced commands: the guild's own ones (when given) followed by the global ones."""
        own = self.guild_commands.get(guild.id, []) if guild else []
        return clone(own + self.global_commands)

    def _resolve_command(
        self, channel: Channel, name: str, type_: int = 1
    ) -> tuple[JSON, list[str]]:
        parts = name.split()
        if not parts:
            raise CommandInputError("empty command name")
        pool = self.guild_commands.get(channel.guild_id, []) + self.global_commands
        cmd = find_command(pool, parts[0] if type_ == 1 else name, type_)
        if cmd is None:
            known = sorted(c["name"] for c in pool)
            raise CommandInputError(f"no synced command {parts[0]!r}; synced: {known}")
        return cmd, parts[1:] if type_ == 1 else []

    def _check_member_may_use(self, cmd: JSON, guild: Guild, member: Member) -> None:
        required = cmd.get("default_member_permissions")
        if required is None:
            return
        perms = guild.permissions_for(member)
        need = int(required)
        if perms & P.ADMINISTRATOR or (need and perms & need == need):
            return
        raise CommandInputError(
            f"{member.name} lacks default_member_permissions {need} for /{cmd['name']}"
        )

    async def _create_interaction(
        self,
        *,
        member: Member,
        channel: Channel,
        itype: int,
        data: JSON,
        message: JSON | None = None,
        source_message_id: int | None = None,
    ) -> InteractionHandle:
        guild = self.scenario.get_guild(channel.guild_id)
        if guild is None:
            raise CommandInputError("interactions are only emulated in guild channels")
        iid = self.ids.next()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
        payload = gp.interaction_create(
            interaction_id=iid,
            interaction_type=itype,
            token=token,
            application_id=self.application_id,
            guild=guild,
            channel_obj=channel,
            member_obj=member,
            member_permissions=guild.permissions_for(member, channel),
            app_permissions=self._bot_perms(guild, channel),
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
        )
        self.interactions[iid] = handle
        self._by_token[token] = handle
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

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
        cmd, path = self._resolve_command(channel, name)
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        self._check_member_may_use(cmd, guild, member)
        data = build_command_data(cmd, path, options, guild)
        handle = await self._create_interaction(
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
        type_ = 2 if isinstance(target, Member) else 3
        cmd, _ = self._resolve_command(channel, name, type_)
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        resolved: JSON
        if isinstance(target, Member):
            target_id = str(target.id)
            resolved = {
                "users": {target_id: gp.member_user(target)},
                "members": {target_id: gp.member(target, with_user=False)},
            }
        else:
            target_id = str(target["id"])
            resolved = {"messages": {target_id: target}}
        data = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": type_,
            "target_id": target_id,
            "resolved": resolved,
        }
        handle = await self._create_interaction(
            member=member, channel=channel, itype=APPLICATION_COMMAND, data=data
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
        cmd, path = self._resolve_command(channel, name)
        guild = self.scenario.get_guild(channel.guild_id)
        assert guild is not None
        data = build_command_data(cmd, path, options, guild, focused=focused, focused_value=value)
        handle = await self._create_interaction(
            member=member, channel=channel, itype=AUTOCOMPLETE, data=data
        )
        return await handle.wait_choices(timeout)

    def _component_message(self, message: Reply | JSON) -> JSON:
        raw = message.message if isinstance(message, Reply) else message
        if raw is None:
            raise CommandInputError("this reply has no message to click on")
        stored = self._messages.get(int(raw["id"]))
        if stored is None:
            raise CommandInputError(f"message {raw['id']} no longer exists")
        return stored

    async def _component_interaction(
        self,
        member: Member,
        message: Reply | JSON,
        custom_id: str,
        extra: JSON,
        kinds: tuple[int, ...],
    ) -> InteractionHandle:
        stored = self._component_message(message)
        comp = next(
            (
                c
                for c in iter_components(stored.get("components") or [])
                if c.get("custom_id") == custom_id
            ),
            None,
        )
        if comp is None:
            ids = [c.get("custom_id") for c in iter_components(stored.get("components") or [])]
            raise CommandInputError(f"no component {custom_id!r} on message {stored['id']}: {ids}")
        if comp.get("type") not in kinds:
            raise CommandInputError(f"component {custom_id!r} has type {comp.get('type')}")
        if comp.get("disabled"):
            raise CommandInputError(f"component {custom_id!r} is disabled")
        found = self.scenario.find_channel(int(stored["channel_id"]))
        if found is None:
            raise CommandInputError("components are only emulated in guild channels")
        data = {"custom_id": custom_id, "component_type": comp["type"], **extra}
        return await self._create_interaction(
            member=member,
            channel=found[1],
            itype=MESSAGE_COMPONENT,
            data=data,
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
        handle = await self._component_interaction(member, message, custom_id, {}, (2,))
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
        stored = self._component_message(message)
        comp = next(
            (
                c
                for c in iter_components(stored.get("components") or [])
                if c.get("custom_id") == custom_id
            ),
            None,
        )
        if comp is not None and comp.get("type") == 3:
            allowed = [o.get("value") for o in comp.get("options") or []]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise CommandInputError(f"{bad} are not options of {custom_id!r}: {allowed}")
        handle = await self._component_interaction(
            member, message, custom_id, {"values": list(values)}, (3, 5, 6, 7, 8)
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
        spec = reply.modal

        def submitted(comp: JSON) -> JSON:
            if comp.get("type") == 4:
                return {
                    "type": 4,
                    "custom_id": comp["custom_id"],
                    "value": values.get(comp["custom_id"], ""),
                }
            if comp.get("type") == 18 and isinstance(comp.get("component"), dict):
                return {"type": 18, "component": submitted(comp["component"])}
            if comp.get("type") == 1:
                return {
                    "type": 1,
                    "components": [submitted(c) for c in comp.get("components") or []],
                }
            return {"type": comp.get("type")}

        data = {
            "custom_id": spec.get("custom_id"),
            "components": [submitted(c) for c in spec.get("components") or []],
        }
        message = None
        if source.source_message_id is not None and source.source_message_id in self._messages:
            message = clone(self._messages[source.source_message_id])
        handle = await self._create_interaction(
            member=member,
            channel=source.channel,
            itype=MODAL_SUBMIT,
            data=data,
            message=message,
            source_message_id=source.source_message_id,
        )
        return await handle.wait_reply(timeout) if wait else handle

    # ---- control API: clock and gateway faults ----------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (interaction deadlines, token expiry, nonces)."""
        self.clock.advance(seconds)

    async def gateway_close(self, code: int = 4000) -> None:
        """Close the bot's gateway connection(s) with ``code``."""
        await self.gateway.close(code)

    async def gateway_drop(self) -> None:
        """Abort the gateway TCP connection(s) without a close frame."""
        await self.gateway.drop()

    async def gateway_reconnect_op7(self) -> None:
        """Send op 7 RECONNECT."""
        await self.gateway.send_op(OP_RECONNECT, None)

    async def gateway_invalid_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION (a non-resumable one also invalidates the session)."""
        await self.gateway.invalid_session(resumable)

    def stop_heartbeat_acks(self) -> None:
        self.gateway.acks_enabled = False

    def resume_heartbeat_acks(self) -> None:
        self.gateway.acks_enabled = True

    def guild_outage(self, guild_id: int) -> None:
        """From the next IDENTIFY on, READY lists the server (unavailable) but its GUILD_CREATE
        never comes, as in a Discord outage: discord.py gives up after guild_ready_timeout."""
        self.gateway.outages.add(guild_id)
