"""Application command invocations as Discord's client builds them: finding the synced command,
checking what the client would refuse, and the interaction ``data`` with typed, resolved
options."""

from __future__ import annotations

import logging
from typing import Any

from emulator import payloads as gp
from emulator import permissions as P
from emulator.interactions import CommandInputError
from emulator.scenario import Channel, Guild, Member, Role

log = logging.getLogger(__name__)

JSON = dict[str, Any]

# application command types
CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3
# application command option types
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11


def find_command(commands: list[JSON], name: str, type_: int = CHAT_INPUT) -> JSON | None:
    return next((c for c in commands if c["name"] == name and c.get("type", 1) == type_), None)


def resolve_command(pool: list[JSON], name: str, type_: int = CHAT_INPUT) -> tuple[JSON, list[str]]:
    """The command ``name`` names among ``pool`` (the guild's commands, then global ones) and
    the subcommand path: ``"group sub"`` for slash commands, the whole name for context
    menus."""
    parts = name.split()
    if not parts:
        raise CommandInputError("empty command name")
    cmd = find_command(pool, parts[0] if type_ == CHAT_INPUT else name, type_)
    if cmd is None:
        known = sorted(c["name"] for c in pool)
        raise CommandInputError(f"no synced command {parts[0]!r}; synced: {known}")
    return cmd, parts[1:] if type_ == CHAT_INPUT else []


def check_member_may_use(cmd: JSON, guild: Guild, member: Member) -> None:
    """Discord's client hides a command whose ``default_member_permissions`` the member lacks."""
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


def _resolve_value(opt: JSON, value: Any, guild: Guild, resolved: dict[str, JSON]) -> Any:
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
        member_data = gp.resolved_member(value, guild.permissions_for(value))
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
    defs: list[JSON],
    values: dict[str, Any],
    guild: Guild,
    resolved: dict[str, JSON],
    *,
    focused: str | None = None,
    focused_value: str = "",
) -> list[JSON]:
    by_name = {d["name"]: d for d in defs}
    out: list[JSON] = []
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
    command: JSON,
    path: list[str],
    values: dict[str, Any],
    guild: Guild,
    *,
    focused: str | None = None,
    focused_value: str = "",
) -> JSON:
    """``data`` of an APPLICATION_COMMAND / AUTOCOMPLETE interaction for ``command`` + subpath."""
    resolved: dict[str, JSON] = {}
    defs = command.get("options") or []
    wrappers: list[JSON] = []
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
    data: JSON = {
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


def context_menu_data(command: JSON, target: Member | JSON, guild: Guild) -> JSON:
    """``data`` of a user (``target`` a Member) or message (a message dict) context menu."""
    resolved: JSON
    if isinstance(target, Member):
        target_id = str(target.id)
        resolved = {
            "users": {target_id: gp.member_user(target)},
            "members": {target_id: gp.resolved_member(target, guild.permissions_for(target))},
        }
    else:
        target_id = str(target["id"])
        resolved = {"messages": {target_id: target}}
    return {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "target_id": target_id,
        "resolved": resolved,
    }
