"""INTERACTION_CREATE: what a member's command, click or modal sends the bot."""

from __future__ import annotations

import logging
from typing import Any

from emulator.payloads.channels import channel
from emulator.payloads.guilds import member
from emulator.payloads.users import member_user
from emulator.scenario import Channel, Guild, Member

log = logging.getLogger(__name__)

JSON = dict[str, Any]


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


BOT_DM = 1
"""The interaction context type of a DM with the bot (``context``)."""
DM_APP_PERMISSIONS = (1 << 6) | (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)
"""What the bot may do in a DM as interactions report it (``app_permissions``): add
reactions, view, send, embed links, attach files, read history."""


def dm_interaction_create(
    *,
    interaction_id: int,
    interaction_type: int,
    token: str,
    application_id: int,
    dm_channel: JSON,
    user_obj: Member,
    data: JSON | None = None,
    message_obj: JSON | None = None,
) -> JSON:
    """An interaction from the bot's DM with a user: ``user`` instead of ``member``, no guild,
    ``context`` BOT_DM, and a guild-installed app's owner ``"0"`` (not from a guild)."""
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "channel_id": dm_channel["id"],
        "channel": dm_channel,
        "user": member_user(user_obj),
        "locale": user_obj.locale,
        "app_permissions": str(DM_APP_PERMISSIONS),
        "entitlements": [],
        "authorizing_integration_owners": {"0": "0"},
        "context": BOT_DM,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if data is not None:
        payload["data"] = data
    if message_obj is not None:
        payload["message"] = message_obj
    return payload
