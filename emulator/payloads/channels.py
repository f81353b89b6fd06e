"""Guild channels and threads."""

from __future__ import annotations

import logging
from typing import Any

from emulator.payloads.users import iso
from emulator.scenario import Channel

log = logging.getLogger(__name__)

JSON = dict[str, Any]


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


def thread(
    ch: Channel,
    *,
    owner_id: int,
    now: float,
    auto_archive_duration: int = 4320,
    archived: bool = False,
    archive_timestamp: float | None = None,
    locked: bool = False,
    message_count: int = 0,
    last_message_id: int | None = None,
) -> JSON:
    """A public thread (type 11) as in THREAD_CREATE/THREAD_UPDATE, GET channel and the
    start-thread responses: no position, overwrites or topic (threads take their parent's).
    ``now`` is when it was created."""
    return {
        "id": str(ch.id),
        "type": ch.type,
        "guild_id": str(ch.guild_id),
        "name": ch.name,
        "parent_id": str(ch.parent_id) if ch.parent_id else None,
        "flags": 0,
        "owner_id": str(owner_id),
        "last_message_id": str(last_message_id) if last_message_id else None,
        "rate_limit_per_user": 0,
        "message_count": message_count,
        "member_count": 1,
        "total_message_sent": message_count,
        "thread_metadata": {
            "archived": archived,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": iso(now if archive_timestamp is None else archive_timestamp),
            "locked": locked,
            "create_timestamp": iso(now),
        },
    }
