"""Payload factories, one module per Discord resource: users, guilds (roles, members),
channels (threads), messages and their attachments, interactions, and gateway frames.

Field sets follow Discord's documentation (Gateway Events, Resources) and are fed through
discord.py's real parsers in ``tests/emulator/test_payloads.py``. Callers use the functions
from here: ``from emulator import payloads as gp``.
"""

from emulator.payloads.attachments import attachment, attachment_url
from emulator.payloads.channels import channel, thread
from emulator.payloads.gateway import dispatch, frame, hello, ready, resumed
from emulator.payloads.guilds import (
    guild_create,
    guild_member_add,
    guild_member_remove,
    guild_member_update,
    guild_members_chunk,
    guild_role_update,
    member,
    resolved_member,
    role,
)
from emulator.payloads.interactions import interaction_create
from emulator.payloads.messages import message, message_delete, normalize_embeds, number_components
from emulator.payloads.users import bot_user, iso, member_user, user

__all__ = [
    "attachment",
    "attachment_url",
    "bot_user",
    "channel",
    "dispatch",
    "frame",
    "guild_create",
    "guild_member_add",
    "guild_member_remove",
    "guild_member_update",
    "guild_members_chunk",
    "guild_role_update",
    "hello",
    "interaction_create",
    "iso",
    "member",
    "member_user",
    "message",
    "message_delete",
    "normalize_embeds",
    "number_components",
    "ready",
    "resolved_member",
    "resumed",
    "role",
    "thread",
    "user",
]
