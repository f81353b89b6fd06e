"""User objects (the bot, members as users) and Discord's ISO timestamps."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from emulator.scenario import Member, Scenario

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
