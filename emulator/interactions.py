"""Interactions as the control API sees them: handles, replies, and building command options."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from emulator.http_util import clone
from emulator.scenario import Channel, Guild, Member, Role
from emulator.waiting import Signal

log = logging.getLogger(__name__)

EPHEMERAL = 1 << 6
LOADING = 1 << 7

# interaction types
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
# callback types
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9

# application command option types
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11


class InteractionFailed(Exception):
    """The bot's answer to an interaction was rejected by the emulator (errors has the bodies)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"the emulator rejected the bot's response: {errors}")
        self.errors = errors


class CommandInputError(ValueError):
    """A command invocation Discord's client would not allow (unknown option, bad choice...)."""


def iter_components(components: list[Any]) -> Iterator[dict[str, Any]]:
    """Every component, depth first, through action rows, sections, containers and labels."""
    for comp in components or []:
        if not isinstance(comp, dict):
            continue
        yield comp
        yield from iter_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from iter_components([comp[key]])


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
    guild: Guild
    channel: Channel
    member: Member
    created_at: float
    payload: dict[str, Any]
    source_message_id: int | None = None
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


# ---- building application command interaction data -----------------------------------------


def find_command(
    commands: list[dict[str, Any]], name: str, type_: int = 1
) -> dict[str, Any] | None:
    return next((c for c in commands if c["name"] == name and c.get("type", 1) == type_), None)


def _resolve_value(
    opt: dict[str, Any], value: Any, guild: Guild, resolved: dict[str, dict[str, Any]]
) -> Any:
    from emulator import gateway_payloads as gp

    otype = opt["type"]
    name = opt["name"]
    if otype == STRING:
        if not isinstance(value, str):
            raise CommandInputError(f"option {name!r} takes a string")
        lo, hi = opt.get("min_length"), opt.get("max_length")
        if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
            raise CommandInputError(f"option {name!r}: length outside [{lo}, {hi}]")
        return value
    if otype in (INTEGER, NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CommandInputError(f"option {name!r} takes a number")
        if otype == INTEGER and not float(value).is_integer():
            raise CommandInputError(f"option {name!r} takes an integer")
        lo, hi = opt.get("min_value"), opt.get("max_value")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise CommandInputError(f"option {name!r}: {value} outside [{lo}, {hi}]")
        return int(value) if otype == INTEGER else float(value)
    if otype == BOOLEAN:
        return bool(value)
    if otype in (USER, MENTIONABLE) and isinstance(value, Member):
        resolved.setdefault("users", {})[str(value.id)] = gp.member_user(value)
        member_data = gp.member(value, with_user=False)
        member_data["permissions"] = str(guild.permissions_for(value))
        resolved.setdefault("members", {})[str(value.id)] = member_data
        return str(value.id)
    if otype in (ROLE, MENTIONABLE) and isinstance(value, Role):
        resolved.setdefault("roles", {})[str(value.id)] = gp.role(value)
        return str(value.id)
    if otype == CHANNEL and isinstance(value, Channel):
        ch = gp.channel(value)
        ch["permissions"] = str((1 << 53) - 1)
        resolved.setdefault("channels", {})[str(value.id)] = ch
        return str(value.id)
    raise CommandInputError(f"option {name!r} (type {otype}) cannot take {value!r}")


def build_options(
    defs: list[dict[str, Any]],
    values: dict[str, Any],
    guild: Guild,
    resolved: dict[str, dict[str, Any]],
    *,
    focused: str | None = None,
    focused_value: str = "",
) -> list[dict[str, Any]]:
    by_name = {d["name"]: d for d in defs}
    out: list[dict[str, Any]] = []
    names = list(values)
    if focused is not None and focused not in names:
        names.append(focused)
    for key in names:
        opt = by_name.get(key)
        if opt is None:
            raise CommandInputError(f"unknown option {key!r}; the command has {sorted(by_name)}")
        if key == focused:
            if not opt.get("autocomplete"):
                raise CommandInputError(f"option {key!r} has no autocomplete")
            out.append({"name": key, "type": opt["type"], "value": focused_value, "focused": True})
            continue
        value = values[key]
        typed = _resolve_value(opt, value, guild, resolved)
        choices = opt.get("choices")
        if choices and typed not in [c["value"] for c in choices]:
            raise CommandInputError(
                f"option {key!r}: {typed!r} is not one of {[c['value'] for c in choices]}"
            )
        out.append({"name": key, "type": opt["type"], "value": typed})
    if focused is None:
        missing = [d["name"] for d in defs if d.get("required") and d["name"] not in values]
        if missing:
            raise CommandInputError(f"missing required options {missing}")
    return out


def build_command_data(
    command: dict[str, Any],
    path: list[str],
    values: dict[str, Any],
    guild: Guild,
    *,
    focused: str | None = None,
    focused_value: str = "",
) -> dict[str, Any]:
    """``data`` of an APPLICATION_COMMAND / AUTOCOMPLETE interaction for ``command`` + subpath."""
    resolved: dict[str, dict[str, Any]] = {}
    defs = command.get("options") or []
    wrappers: list[dict[str, Any]] = []
    for part in path:
        sub = next(
            (
                o
                for o in defs
                if o["name"] == part and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
            ),
            None,
        )
        if sub is None:
            raise CommandInputError(f"{command['name']!r} has no subcommand {part!r}")
        wrappers.append({"name": part, "type": sub["type"]})
        defs = sub.get("options") or []
    if any(d["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for d in defs):
        raise CommandInputError(f"{command['name']!r} needs a subcommand")
    options = build_options(
        defs, values, guild, resolved, focused=focused, focused_value=focused_value
    )
    for wrapper in reversed(wrappers):
        wrapper["options"] = options
        options = [wrapper]
    data: dict[str, Any] = {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "options": options,
    }
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    if resolved:
        data["resolved"] = resolved
    return data
