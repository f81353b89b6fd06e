"""Gateway frames: HELLO, dispatch envelopes and READY."""

from __future__ import annotations

import logging
from typing import Any

from emulator.payloads.users import bot_user
from emulator.scenario import Guild, Scenario

log = logging.getLogger(__name__)

JSON = dict[str, Any]


def hello(heartbeat_interval_ms: int) -> JSON:
    return {"op": 10, "d": {"heartbeat_interval": heartbeat_interval_ms}, "s": None, "t": None}


def dispatch(event: str, data: JSON, seq: int) -> JSON:
    return {"op": 0, "t": event, "s": seq, "d": data}


def ready(
    sc: Scenario,
    *,
    session_id: str,
    resume_gateway_url: str,
    shard: list[int] | None = None,
    guilds: list[Guild] | None = None,
) -> JSON:
    """READY; ``guilds`` are the session's servers (default: every one)."""
    data: JSON = {
        "v": 10,
        "user": {
            **bot_user(sc),
            "verified": True,
            "mfa_enabled": False,
        },
        "guilds": [
            {"id": str(g.id), "unavailable": True}
            for g in (sc.guilds if guilds is None else guilds)
        ],
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
