"""Interactions as the control API sees them: the handle of each one and the reply a user sees."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from emulator.component_data import iter_components
from emulator.http_util import clone
from emulator.scenario import Channel, Guild, Member
from emulator.waiting import Signal

log = logging.getLogger(__name__)

EPHEMERAL = 1 << 6
LOADING = 1 << 7

# interaction types
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
# callback types
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9


class InteractionFailed(Exception):
    """The bot's answer to an interaction was rejected by the emulator (errors has the bodies)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"the emulator rejected the bot's response: {errors}")
        self.errors = errors


class CommandInputError(ValueError):
    """A command invocation Discord's client would not allow (unknown option, bad choice...)."""


@dataclass
class Reply:
    """What the user sees as the bot's answer to an interaction.

    ``type`` is the callback type that produced it (4, 5 (deferred, then edited or followed up),
    6, 7 or 9); ``via`` is "response", "edit_original", "followup", "modal" or "edit_message"
    (a type 6 deferred update finished by editing the clicked message through the channel).
    """

    type: int
    via: str
    message: dict[str, Any] | None = None
    modal: dict[str, Any] | None = None
    interaction: InteractionHandle | None = None

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "") if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.message.get("embeds") or []) if self.message else []

    @property
    def components(self) -> list[dict[str, Any]]:
        if self.message:
            return list(self.message.get("components") or [])
        if self.modal:
            return list(self.modal.get("components") or [])
        return []

    @property
    def attachments(self) -> list[dict[str, Any]]:
        """The reply's attachment objects (each ``url`` serves the file)."""
        return list(self.message.get("attachments") or []) if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and int(self.message.get("flags") or 0) & EPHEMERAL)

    def buttons(self) -> list[dict[str, Any]]:
        return [
            {
                "label": c.get("label"),
                "custom_id": c.get("custom_id"),
                "style": c.get("style"),
                "disabled": bool(c.get("disabled", False)),
            }
            for c in iter_components(self.components)
            if c.get("type") == 2
        ]

    def selects(self) -> list[dict[str, Any]]:
        return [c for c in iter_components(self.components) if c.get("type") in (3, 5, 6, 7, 8)]


@dataclass
class InteractionHandle:
    """One interaction the emulator created, and everything the bot did with it."""

    id: int
    token: str
    type: int
    guild: Guild | None
    """None for an interaction in a DM with the bot."""
    channel: Channel
    member: Member
    created_at: float
    payload: dict[str, Any]
    source_message_id: int | None = None
    triggered_by: InteractionHandle | None = None
    """For a modal submit: the interaction whose response opened the modal."""
    responses: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    ack_type: int | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    reply: Reply | None = None
    choices: list[dict[str, Any]] | None = None
    signal: Signal = field(default_factory=Signal)

    @property
    def acknowledged(self) -> bool:
        return self.ack_type is not None

    async def wait_reply(self, timeout: float = 10.0, *, raise_on_error: bool = True) -> Reply:
        """Wait for the visible reply; with ``raise_on_error`` a rejected response raises."""

        def ready() -> bool:
            return self.reply is not None or (raise_on_error and bool(self.errors))

        await self.signal.wait_until(ready, timeout, f"a reply to interaction {self.id}")
        if self.reply is None:
            raise InteractionFailed(self.errors)
        return self.reply

    async def wait_ack(self, timeout: float = 10.0) -> int:
        """Wait until the interaction is acknowledged; returns the callback type."""
        await self.signal.wait_until(
            lambda: self.acknowledged or bool(self.errors), timeout, f"an ack of {self.id}"
        )
        if self.ack_type is None:
            raise InteractionFailed(self.errors)
        return self.ack_type

    async def wait_error(self, timeout: float = 10.0) -> dict[str, Any]:
        """Wait for the first error body the emulator returned for this interaction."""
        await self.signal.wait_until(lambda: bool(self.errors), timeout, f"an error on {self.id}")
        return self.errors[0]

    async def wait_choices(self, timeout: float = 10.0) -> list[dict[str, Any]]:
        await self.signal.wait_until(
            lambda: self.choices is not None or bool(self.errors),
            timeout,
            f"autocomplete choices for {self.id}",
        )
        if self.choices is None:
            raise InteractionFailed(self.errors)
        return self.choices

    def set_reply(self, reply: Reply) -> None:
        if self.reply is None:
            reply.interaction = self
            reply.message = clone(reply.message)
            self.reply = reply
        self.signal.notify()
