"""Gateway frames: HELLO, the other non-dispatch frames, dispatch envelopes and READY.

Every frame carries ``op``, ``d``, ``s`` and ``t``; ``s`` and ``t`` are null except on
dispatches (op 0), as Discord's Gateway documentation shows its payload structure."""

from __future__ import annotations

import logging
from typing import Any

from emulator.payloads.users import bot_user
from emulator.scenario import Guild, Scenario

log = logging.getLogger(__name__)

JSON = dict[str, Any]


def frame(op: int, d: Any) -> JSON:
    """A non-dispatch frame (HELLO, HEARTBEAT_ACK, RECONNECT, INVALID_SESSION...)."""
    return {"op": op, "d": d, "s": None, "t": None}


def hello(heartbeat_interval_ms: int) -> JSON:
    return frame(10, {"heartbeat_interval": heartbeat_interval_ms})


def dispatch(event: str, data: JSON, seq: int) -> JSON:
    return {"op": 0, "t": event, "s": seq, "d": data}


def resumed() -> JSON:
    """RESUMED's data: no documented fields, but an object (discord.py writes into it)."""
    return {}


def ready(
    sc: Scenario,
    *,
    session_id: str,
    resume_gateway_url: str,
    shard: list[int] | None = None,
    guilds: list[Guild] | None = None,
) -> JSON:
    """READY with the fields Discord documents (Gateway Events > Ready), no more; ``guilds``
    are the session's servers (default: every one)."""
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
        "resume_gateway_url": resume_gateway_url,
        "application": {"id": str(sc.application_id), "flags": 0, "flags_new": "0"},
    }
    if shard is not None:
        data["shard"] = shard
    return data
