"""Guilds, their roles and members: GUILD_CREATE, member chunks and member events."""

from __future__ import annotations

import logging
from typing import Any

from emulator.payloads.channels import channel
from emulator.payloads.users import iso, member_user
from emulator.scenario import Guild, Member, Role
from emulator.snowflake import SCENARIO_BASE_MS

log = logging.getLogger(__name__)

JSON = dict[str, Any]
# when scenario members joined: 2024-01-01, where scenario ids start too
JOINED_AT = SCENARIO_BASE_MS / 1000


def member(m: Member, *, joined_at: float = JOINED_AT, with_user: bool = True) -> JSON:
    data: JSON = {
        "roles": [str(r) for r in m.role_ids],
        "nick": m.nick,
        "avatar": None,
        "banner": None,
        "joined_at": iso(joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = member_user(m)
    return data


def resolved_member(m: Member, permissions: int) -> JSON:
    """A member in an interaction's resolved data: a partial member (no ``user``, ``deaf`` or
    ``mute``) with the member's ``permissions``."""
    data = member(m, with_user=False)
    del data["deaf"], data["mute"]
    data["permissions"] = str(permissions)
    return data


def role(r: Role) -> JSON:
    data: JSON = {
        "id": str(r.id),
        "name": r.name,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": r.position,
        "permissions": str(r.permissions),
        "managed": r.managed,
        "mentionable": False,
        "flags": 0,
    }
    if r.bot_id is not None:
        data["tags"] = {"bot_id": str(r.bot_id)}
    return data


def guild_create(g: Guild, *, joined_at: float = JOINED_AT) -> JSON:
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(g.owner_id),
        "region": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role(r) for r in g.roles],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "max_members": 500000,
        "vanity_url_code": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": g.preferred_locale,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "incidents_data": None,
        "hub_type": None,
        "joined_at": iso(joined_at),
        "large": len(g.members) > 250,
        "unavailable": False,
        "member_count": len(g.members),
        "voice_states": [],
        "members": [member(m) for m in g.members],
        "channels": [channel(c) for c in g.channels],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def guild_members_chunk(
    g: Guild,
    members: list[Member],
    *,
    chunk_index: int = 0,
    chunk_count: int = 1,
    nonce: str | None = None,
    not_found: list[str] | None = None,
) -> JSON:
    data: JSON = {
        "guild_id": str(g.id),
        "members": [member(m) for m in members],
        "chunk_index": chunk_index,
        "chunk_count": chunk_count,
    }
    if not_found:
        data["not_found"] = not_found
    if nonce is not None:
        data["nonce"] = nonce
    return data


def guild_member_add(m: Member, *, joined_at: float) -> JSON:
    return {**member(m, joined_at=joined_at), "guild_id": str(m.guild_id)}


def guild_member_update(m: Member) -> JSON:
    """GUILD_MEMBER_UPDATE: the member as it is now, with its server's id."""
    return {**member(m), "guild_id": str(m.guild_id)}


def guild_role_update(r: Role) -> JSON:
    """GUILD_ROLE_UPDATE: the role as it is now, with its server's id."""
    return {"guild_id": str(r.guild_id), "role": role(r)}


def guild_member_remove(m: Member) -> JSON:
    return {"guild_id": str(m.guild_id), "user": member_user(m)}
