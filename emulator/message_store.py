"""Every message the emulator holds (channel, DM and ephemeral ones), how one is built, edited
and deleted the way Discord does it, and the MESSAGE_* events that tell the bot."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from emulator import payloads as gp
from emulator.clock import Clock
from emulator.command_data import MESSAGE_COMMAND, USER_COMMAND
from emulator.gateway import Gateway
from emulator.http_util import JSON, clone
from emulator.interactions import (
    APPLICATION_COMMAND,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    InteractionHandle,
)
from emulator.scenario import Scenario
from emulator.snowflake import ClockIds
from emulator.uploads import Upload, described

log = logging.getLogger(__name__)

DEFAULT, REPLY = 0, 19  # message types
SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2 = 1 << 2, 1 << 12, 1 << 15
# the flags a bot may set when it sends a message
SENDABLE_FLAGS = EPHEMERAL | SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2


@dataclass(frozen=True)
class StoredFile:
    """An attachment's file, as the CDN route serves it."""

    channel_id: int
    filename: str
    content_type: str | None
    data: bytes


class MessageStore:
    """Messages by id; a channel's own messages (not ephemeral ones) also by channel, in id
    order, which is the order Discord lists them in."""

    def __init__(
        self,
        scenario: Scenario,
        clock: Clock,
        ids: ClockIds,
        gateway: Gateway,
        api_base: Callable[[], str],
    ) -> None:
        self.scenario = scenario
        self.clock = clock
        self.ids = ids
        self.gateway = gateway
        self.api_base = api_base  # known once the server listens; attachment URLs use it
        self._by_id: dict[int, JSON] = {}
        self._by_channel: dict[int, dict[int, JSON]] = {}
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}  # -> (when, message id)
        self.on_change: Callable[[str, JSON], None] | None = None
        """Told of every message created, updated or deleted, ephemeral ones and DMs included
        (the live feed, ``control/feed.py``)."""
        self._files: dict[int, StoredFile] = {}  # by attachment id

    # ---- reading -------------------------------------------------------------------------
    def get(self, message_id: int) -> JSON | None:
        """Any stored message, ephemeral ones included (the stored dict, not a copy)."""
        return self._by_id.get(message_id)

    def in_channel(self, message: JSON) -> bool:
        """Whether the message is part of its channel (ephemeral ones are not)."""
        cid = int(message["channel_id"])
        return int(message["id"]) in self._by_channel.get(cid, {})

    def of_channel(self, channel_id: int) -> list[JSON]:
        """The channel's messages, oldest first (the stored dicts, not copies)."""
        return list(self._by_channel.get(channel_id, {}).values())

    def ephemeral_in(self, channel_id: int) -> list[JSON]:
        """The ephemeral messages sent in a channel, oldest first (the stored dicts)."""
        channel = self._by_channel.get(channel_id, {})
        return sorted(
            (
                m
                for mid, m in self._by_id.items()
                if mid not in channel and int(m["channel_id"]) == channel_id
            ),
            key=lambda m: int(m["id"]),
        )

    def repeated_nonce(self, author_id: int, nonce: object, window: float) -> JSON | None:
        """The message ``author_id`` already sent with ``nonce`` within ``window`` seconds."""
        seen = self._nonces.get((author_id, str(nonce)))
        if seen is None or self.clock.now() - seen[0] > window:
            return None
        return self._by_id.get(seen[1])

    # ---- building ------------------------------------------------------------------------
    def build(
        self,
        *,
        channel_id: int,
        body: JSON,
        author: JSON | None = None,
        type_: int = DEFAULT,
        flags: int = 0,
        webhook: bool = False,
        interaction: InteractionHandle | None = None,
        uploads: Sequence[Upload] = (),
        followup_of: int | None = None,
    ) -> JSON:
        """A new message from a create body, by the bot unless ``author`` is given; ``webhook``
        for interaction responses and followups (sent through the application's webhook), with
        the ``interaction``'s metadata; ``uploads`` become its attachments; ``followup_of``: the
        original response's id, for a followup."""
        application_id = self.scenario.application_id
        message = gp.message(
            message_id=self.ids.next(),
            channel_id=channel_id,
            author=author or gp.bot_user(self.scenario),
            content=str(body.get("content") or ""),
            timestamp=self.clock.now(),
            embeds=clone(body.get("embeds") or []),
            components=clone(body.get("components") or []),
            flags=flags,
            type_=type_,
            nonce=body.get("nonce"),
            webhook_id=application_id if webhook else None,
            application_id=application_id if webhook else None,
            interaction_metadata=(
                None if interaction is None else interaction_metadata(interaction, followup_of)
            ),
        )
        self._fill_mentions(message)
        message["attachments"] = self._attach(message, body, uploads)
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
            if type_ == DEFAULT:
                message["type"] = REPLY
        return message

    def _attach(self, message: JSON, body: JSON, uploads: Sequence[Upload]) -> list[JSON]:
        """Attachment objects for ``uploads``, their files kept for the CDN route; an entry of
        the body's ``attachments`` with a file's placeholder id gives its description (and may
        rename it)."""
        listed = described(body)
        ephemeral = bool(int(message.get("flags") or 0) & EPHEMERAL)
        channel_id = int(message["channel_id"])
        out = []
        for upload in uploads:
            meta = listed.get(upload.index, {})
            filename = str(meta.get("filename") or upload.filename)
            attachment_id = self.ids.next()
            self._files[attachment_id] = StoredFile(
                channel_id, filename, upload.content_type, upload.data
            )
            out.append(
                gp.attachment(
                    attachment_id=attachment_id,
                    filename=filename,
                    data=upload.data,
                    url=gp.attachment_url(self.api_base(), channel_id, attachment_id, filename),
                    description=meta.get("description"),
                    ephemeral=ephemeral,
                )
            )
        return out

    def file(self, attachment_id: int) -> StoredFile | None:
        """The file of a stored message's attachment (None once the message or the attachment
        is gone)."""
        return self._files.get(attachment_id)

    def _fill_mentions(self, message: JSON) -> None:
        """``mentions`` / ``mention_roles`` from ``<@id>`` and ``<@&id>`` in the content."""
        content = str(message.get("content") or "")
        users: list[JSON] = []
        for uid in dict.fromkeys(int(u) for u in re.findall(r"<@!?(\d+)>", content)):
            if uid == self.scenario.bot_user_id:
                users.append(gp.bot_user(self.scenario))
                continue
            member = self.scenario.find_member(uid)
            if member is not None:
                users.append(gp.member_user(member))
        message["mentions"] = users
        roles = dict.fromkeys(re.findall(r"<@&(\d+)>", content))
        known = {str(r.id) for g in self.scenario.guilds for r in g.roles}
        message["mention_roles"] = [r for r in roles if r in known]

    # ---- changing ------------------------------------------------------------------------
    def add(self, message: JSON, *, in_channel: bool = True) -> None:
        """Store a built message; ``in_channel=False`` for ephemeral ones."""
        mid = int(message["id"])
        self._by_id[mid] = message
        if in_channel:
            self._by_channel.setdefault(int(message["channel_id"]), {})[mid] = message
        if self.on_change is not None:
            self.on_change("create", message)

    def remember_nonce(self, author_id: int, nonce: object, message: JSON) -> None:
        """For ``repeated_nonce``: ``author_id`` sent ``message`` with ``nonce`` just now."""
        self._nonces[(author_id, str(nonce))] = (self.clock.now(), int(message["id"]))

    @staticmethod
    def left_empty(message: JSON, body: JSON, uploads: Sequence[Upload] = ()) -> bool:
        """Whether ``body`` (with ``uploads``) would leave ``message`` with nothing to show
        (Discord: 50006)."""
        after = {k: body[k] if k in body else message.get(k) for k in ("content", "embeds")}
        after["components"] = (
            body["components"] if "components" in body else message.get("components")
        )
        after["attachments"] = (
            body["attachments"] if "attachments" in body else message.get("attachments")
        )
        return not (
            uploads
            or str(after["content"] or "").strip()
            or after["embeds"]
            or after["components"]
            or after["attachments"]
            or message.get("sticker_items")
            or message.get("poll")
        )

    def apply_edit(self, message: JSON, body: JSON, uploads: Sequence[Upload] = ()) -> None:
        """An edit body applied as Discord does: given fields replaced (null clears them), the
        ephemeral and components-v2 flags kept, the loading flag cleared, mentions redone.

        With ``attachments`` in the body, the message keeps the attachments it lists (by id,
        with a new description if given) and gains the new files it lists (by placeholder id);
        the others go. Without it, new files are added to those there."""
        if "attachments" in body or uploads:
            self._edit_attachments(message, body, uploads)
        for key in ("content", "embeds", "components"):
            if key in body and body[key] is not None:
                message[key] = clone(body[key])
            elif key in body:
                message[key] = "" if key == "content" else []
        gp.number_components(message["components"])
        self._fill_mentions(message)
        gp.normalize_embeds(message["embeds"])
        if "flags" in body and body["flags"] is not None:
            keep = int(message.get("flags") or 0) & (EPHEMERAL | IS_COMPONENTS_V2)
            message["flags"] = keep | (int(body["flags"]) & ~EPHEMERAL)
        message["flags"] = int(message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = gp.iso(self.clock.now())
        if self.on_change is not None:
            self.on_change("update", message)

    def _edit_attachments(self, message: JSON, body: JSON, uploads: Sequence[Upload]) -> None:
        listing = "attachments" in body
        listed = described(body)
        kept = []
        for old in message.get("attachments") or []:
            if listing and int(old["id"]) not in listed:
                self._files.pop(int(old["id"]), None)
                continue
            description = listed.get(int(old["id"]), {}).get("description")
            kept.append(old | ({"description": description} if description else {}))
        new = [u for u in uploads if not listing or u.index in listed]
        message["attachments"] = kept + self._attach(message, body, new)

    def event(self, message: JSON, **extra: JSON) -> JSON:
        """A message as MESSAGE_CREATE / MESSAGE_UPDATE carry it: with the gateway's extra
        ``guild_id`` in a guild channel (the message object itself has none), and ``extra``
        fields (the author's ``member``)."""
        found = self.scenario.find_channel(int(message["channel_id"]))
        data = {**message, **extra}
        if found is not None:
            data["guild_id"] = str(found[0].id)
        return data

    async def publish(self, event: str, message: JSON) -> None:
        """MESSAGE_CREATE / MESSAGE_UPDATE to the bot, for channel messages only (Discord sends
        no events for ephemeral ones)."""
        if self.in_channel(message):
            await self.gateway.dispatch(event, self.event(message))

    async def delete(self, message: JSON) -> None:
        """Forget the message; MESSAGE_DELETE to the bot if it was a channel message."""
        mid = int(message["id"])
        cid = int(message["channel_id"])
        in_channel = self.in_channel(message)
        if self.on_change is not None and mid in self._by_id:
            self.on_change("delete", message)
        self._by_id.pop(mid, None)
        for attachment in message.get("attachments") or []:
            self._files.pop(int(attachment["id"]), None)
        if in_channel:
            self._by_channel[cid].pop(mid, None)
            found = self.scenario.find_channel(cid)
            await self.gateway.dispatch(
                "MESSAGE_DELETE", gp.message_delete(mid, cid, found[0].id if found else None)
            )

    def forget_channel(self, channel_id: int) -> None:
        """A deleted channel's messages are no longer listed."""
        self._by_channel.pop(channel_id, None)


def interaction_metadata(interaction: InteractionHandle, followup_of: int | None = None) -> JSON:
    """A message's ``interaction_metadata`` (Message Interaction Metadata Object): for a
    command its target, for a component the message it was on, for a modal submit the
    interaction that opened the modal; ``original_response_message_id`` on followups."""
    metadata: JSON = {
        "id": str(interaction.id),
        "type": interaction.type,
        "user": gp.member_user(interaction.member),
        "authorizing_integration_owners": {
            "0": str(interaction.guild.id) if interaction.guild is not None else "0"
        },
    }
    if followup_of is not None:
        metadata["original_response_message_id"] = str(followup_of)
    data = interaction.payload.get("data") or {}
    if interaction.type == APPLICATION_COMMAND and data.get("target_id"):
        target = str(data["target_id"])
        if data.get("type") == USER_COMMAND:
            metadata["target_user"] = data["resolved"]["users"][target]
        elif data.get("type") == MESSAGE_COMMAND:
            metadata["target_message_id"] = target
    elif interaction.type == MESSAGE_COMPONENT and interaction.source_message_id is not None:
        metadata["interacted_message_id"] = str(interaction.source_message_id)
    elif interaction.type == MODAL_SUBMIT and interaction.triggered_by is not None:
        metadata["triggering_interaction_metadata"] = interaction_metadata(interaction.triggered_by)
    return metadata
