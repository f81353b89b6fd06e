"""Payload factories: users, members, channels, guilds, messages, interactions, gateway events.

Field sets follow Discord's documentation (Gateway Events, Resources) and are fed through
discord.py's real parsers in ``tests/emulator/test_gateway_payloads.py``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from emulator.scenario import Channel, Guild, Member, Role, Scenario

log = logging.getLogger(__name__)

JSON = dict[str, Any]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def user(user_id: int, username: str, *, bot: bool = False, global_name: str | None = None) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }


def bot_user(sc: Scenario) -> JSON:
    return user(sc.bot_user_id, sc.bot_name, bot=True)


def member_user(member: Member) -> JSON:
    return user(member.id, member.name, bot=member.bot, global_name=member.global_name)


def member(m: Member, *, joined_at: float = 1704067200.0, with_user: bool = True) -> JSON:
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


def channel(ch: Channel) -> JSON:
    data: JSON = {
        "id": str(ch.id),
        "type": ch.type,
        "guild_id": str(ch.guild_id),
        "name": ch.name,
        "position": ch.position,
        "permission_overwrites": [ow.to_payload() for ow in ch.overwrites],
        "parent_id": str(ch.parent_id) if ch.parent_id else None,
        "flags": 0,
    }
    if ch.type == 0:
        data.update(
            {
                "topic": ch.topic,
                "nsfw": False,
                "last_message_id": None,
                "rate_limit_per_user": 0,
                "last_pin_timestamp": None,
            }
        )
    return data


def thread(ch: Channel, *, owner_id: int, now: float, auto_archive_duration: int = 4320) -> JSON:
    """A public thread (type 11) as in THREAD_CREATE and the start-thread responses."""
    return {
        **channel(ch),
        "owner_id": str(owner_id),
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": iso(now),
            "locked": False,
            "create_timestamp": iso(now),
        },
    }


def guild_create(g: Guild, *, joined_at: float = 1704067200.0) -> JSON:
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


def ready(
    sc: Scenario, *, session_id: str, resume_gateway_url: str, shard: list[int] | None = None
) -> JSON:
    data: JSON = {
        "v": 10,
        "user": {
            **bot_user(sc),
            "verified": True,
            "mfa_enabled": False,
        },
        "guilds": [{"id": str(g.id), "unavailable": True} for g in sc.guilds],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_gateway_url,
        "application": {"id": str(sc.application_id), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": [],
        "user_settings": {},
        "_trace": ["studybot-emulator"],
    }
    if shard is not None:
        data["shard"] = shard
    return data


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


def message(
    *,
    message_id: int,
    channel_id: int,
    author: JSON,
    content: str = "",
    timestamp: float,
    embeds: list[JSON] | None = None,
    components: list[JSON] | None = None,
    flags: int = 0,
    type_: int = 0,
    nonce: str | int | None = None,
    webhook_id: int | None = None,
    application_id: int | None = None,
    interaction_metadata: JSON | None = None,
    guild_id: int | None = None,
    member: JSON | None = None,
    message_reference: JSON | None = None,
) -> JSON:
    data: JSON = {
        "id": str(message_id),
        "type": type_,
        "content": content,
        "channel_id": str(channel_id),
        "author": author,
        "attachments": [],
        "embeds": normalize_embeds(embeds or []),
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": False,
        "timestamp": iso(timestamp),
        "edited_timestamp": None,
        "flags": flags,
        "components": number_components(components or []),
    }
    if nonce is not None:
        data["nonce"] = nonce
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if member is not None:
        data["member"] = member
    if message_reference is not None:
        data["message_reference"] = message_reference
    return data


def interaction_create(
    *,
    interaction_id: int,
    interaction_type: int,
    token: str,
    application_id: int,
    guild: Guild,
    channel_obj: Channel,
    member_obj: Member,
    member_permissions: int,
    app_permissions: int,
    data: JSON | None = None,
    message_obj: JSON | None = None,
    locale: str | None = None,
) -> JSON:
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
        "channel_id": str(channel_obj.id),
        "channel": channel(channel_obj),
        "member": {**member(member_obj), "permissions": str(member_permissions)},
        "locale": locale or member_obj.locale,
        "guild_locale": guild.preferred_locale,
        "app_permissions": str(app_permissions),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if data is not None:
        payload["data"] = data
    if message_obj is not None:
        payload["message"] = message_obj
    return payload


def message_delete(message_id: int, channel_id: int, guild_id: int | None) -> JSON:
    data: JSON = {"id": str(message_id), "channel_id": str(channel_id)}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def hello(heartbeat_interval_ms: int) -> JSON:
    return {"op": 10, "d": {"heartbeat_interval": heartbeat_interval_ms}, "s": None, "t": None}


def dispatch(event: str, data: JSON, seq: int) -> JSON:
    return {"op": 0, "t": event, "s": seq, "d": data}


def number_components(components: list[Any]) -> list[Any]:
    """Give every component a numeric ``id`` as Discord does (depth first, from 1, skipping
    ids the sender chose)."""
    taken: set[int] = set()

    def collect(items: list[Any]) -> None:
        for c in items:
            if isinstance(c, dict):
                if isinstance(c.get("id"), int):
                    taken.add(c["id"])
                collect(c.get("components") or [])
                for key in ("accessory", "component"):
                    if isinstance(c.get(key), dict):
                        collect([c[key]])

    counter = 0

    def assign(items: list[Any]) -> None:
        nonlocal counter
        for c in items:
            if not isinstance(c, dict):
                continue
            if not isinstance(c.get("id"), int):
                counter += 1
                while counter in taken:
                    counter += 1
                c["id"] = counter
            assign(c.get("components") or [])
            for key in ("accessory", "component"):
                if isinstance(c.get(key), dict):
                    assign([c[key]])

    collect(components)
    assign(components)
    return components


def normalize_embeds(embeds: list[Any]) -> list[Any]:
    """Embeds as Discord returns them: ``type`` "rich" and every field's ``inline`` set."""
    for embed in embeds:
        if isinstance(embed, dict):
            embed.setdefault("type", "rich")
            for fld in embed.get("fields") or []:
                if isinstance(fld, dict):
                    fld.setdefault("inline", False)
    return embeds


def guild_member_add(m: Member, *, joined_at: float) -> JSON:
    return {**member(m, joined_at=joined_at), "guild_id": str(m.guild_id)}


def guild_member_remove(m: Member) -> JSON:
    return {"guild_id": str(m.guild_id), "user": member_user(m)}
