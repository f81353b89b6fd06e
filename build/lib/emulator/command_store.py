"""The application commands the bot synced: global ones and each guild's, as Discord stores
them (ids kept across syncs, a new version each time)."""

from __future__ import annotations

import logging

from emulator import errors as E
from emulator.http_util import JSON, clone
from emulator.snowflake import ClockIds

log = logging.getLogger(__name__)


class CommandStore:
    def __init__(self, application_id: int, ids: ClockIds) -> None:
        self.application_id = application_id
        self.ids = ids
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self.sync_count = 0  # bulk overwrites and single creations: what waits count

    def scope(self, guild_id: int | None) -> list[JSON]:
        """The stored list of one scope (global for None); callers may change it in place."""
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, [])

    def visible_in(self, guild_id: int | None) -> list[JSON]:
        """What a user in the guild can invoke: the guild's own commands, then global ones."""
        own = self.guild_commands.get(guild_id, []) if guild_id is not None else []
        return own + self.global_commands

    def overwrite(self, guild_id: int | None, bodies: list[JSON]) -> list[JSON]:
        """Bulk overwrite (PUT): the scope becomes exactly ``bodies``."""
        commands = self.scope(guild_id)
        commands[:] = [self._materialize(body, guild_id, commands) for body in bodies]
        self.sync_count += 1
        log.info("emulator: %d commands synced (guild %s)", len(commands), guild_id)
        return commands

    def upsert(self, guild_id: int | None, body: JSON) -> JSON:
        """Create or replace one command by name and type (POST)."""
        commands = self.scope(guild_id)
        cmd = self._materialize(body, guild_id, commands)
        commands[:] = [c for c in commands if c["id"] != cmd["id"]] + [cmd]
        self.sync_count += 1
        return cmd

    def get(self, guild_id: int | None, command_id: str) -> JSON:
        cmd = next((c for c in self.scope(guild_id) if c["id"] == command_id), None)
        if cmd is None:
            raise E.unknown_application_command()
        return cmd

    def delete(self, guild_id: int | None, command_id: str) -> None:
        self.scope(guild_id).remove(self.get(guild_id, command_id))

    def _materialize(self, cmd: JSON, guild_id: int | None, existing: list[JSON]) -> JSON:
        old = next(
            (
                c
                for c in existing
                if c["name"] == cmd["name"] and c.get("type", 1) == cmd.get("type", 1)
            ),
            None,
        )
        out: JSON = {
            "id": old["id"] if old else str(self.ids.next()),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": cmd.get("type", 1),
            "name": cmd["name"],
            "name_localizations": cmd.get("name_localizations"),
            "description": cmd.get("description", ""),
            "description_localizations": cmd.get("description_localizations"),
            "default_member_permissions": cmd.get("default_member_permissions"),
            "dm_permission": cmd.get("dm_permission", True),
            "nsfw": cmd.get("nsfw", False),
            "contexts": cmd.get("contexts"),
            "integration_types": cmd.get("integration_types") or [0],
        }
        if cmd.get("options"):
            out["options"] = clone(cmd["options"])
        if guild_id is not None:
            out["guild_id"] = str(guild_id)
        return out
