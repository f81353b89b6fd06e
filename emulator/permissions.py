"""Discord permission bits and the channel permission algorithm."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL = (1 << 53) - 1

DEFAULT_EVERYONE = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | MENTION_EVERYONE
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)


@dataclass
class Overwrite:
    """A channel permission overwrite: type 0 is a role, type 1 a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def to_payload(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def compute_permissions(
    *,
    guild_id: int,
    owner_id: int,
    member_id: int,
    member_role_ids: Iterable[int],
    role_permissions: dict[int, int],
    overwrites: Iterable[Overwrite],
) -> int:
    """Discord's algorithm: base from @everyone and roles, then overwrites in order."""
    if member_id == owner_id:
        return ALL
    role_ids = set(member_role_ids)
    base = role_permissions.get(guild_id, 0)
    for rid in role_ids:
        base |= role_permissions.get(rid, 0)
    if base & ADMINISTRATOR:
        return ALL
    perms = base
    ows = list(overwrites)
    for ow in ows:
        if ow.type == 0 and ow.id == guild_id:
            perms &= ~ow.deny
            perms |= ow.allow
    allow = deny = 0
    for ow in ows:
        if ow.type == 0 and ow.id in role_ids and ow.id != guild_id:
            allow |= ow.allow
            deny |= ow.deny
    perms &= ~deny
    perms |= allow
    for ow in ows:
        if ow.type == 1 and ow.id == member_id:
            perms &= ~ow.deny
            perms |= ow.allow
    if not perms & VIEW_CHANNEL:
        return 0
    return perms
