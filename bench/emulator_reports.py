"""What the emulator saw, as the emulator process reports it to the rows: channel posts waited
for and counted (``wait_posts``), request counts per route and second, message edits, embed
fields and attachments on the bot's messages. They only read the emulator's request log and
channels."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

from emulator import Emulator

JSON = dict[str, Any]
MESSAGE_ROUTE = "POST /channels/{channel_id}/messages"
EDIT_ROUTE = "PATCH /channels/{channel_id}/messages/{message_id}"


def _channel_of(record: Any) -> int:
    return int(record.path.rsplit("/", 2)[-2])


async def wait_posts(
    emu: Emulator, channels: list[int], timeout: float, since: float, per_channel: int = 1
) -> JSON:
    """Wait until every channel got ``per_channel`` posts (200); then count posts, channels
    with fewer (missing) or more (doubled), and 429s."""
    wanted = set(channels)
    delivered: dict[int, int] = {}
    cursor = 0
    pending: list[Any] = []
    timed_out = False
    deadline = time.monotonic() + timeout
    while True:
        fresh, cursor = emu.requests[cursor:], len(emu.requests)
        still = []
        for r in pending + fresh:
            if r.route != MESSAGE_ROUTE or r.time < since:
                continue
            if r.status == 0:
                still.append(r)
            elif r.status == 200:
                cid = _channel_of(r)
                delivered[cid] = delivered.get(cid, 0) + 1
        pending = still
        if all(delivered.get(cid, 0) >= per_channel for cid in wanted):
            break
        if time.monotonic() > deadline:
            timed_out = True
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)  # let a doubled post, if any, arrive too
    records = [
        r
        for r in emu.requests
        if r.route == MESSAGE_ROUTE and r.time >= since and _channel_of(r) in wanted
    ]
    last = max((r.time for r in records if r.status == 200), default=0.0)
    first = min((r.time for r in records if r.status == 200), default=0.0)
    in_channels = {cid: len(emu.messages(cid)) for cid in wanted}
    return {
        "timed_out": timed_out,
        "first_post": first,
        "last_post": last,
        "ok_requests": sum(1 for r in records if r.status == 200),
        "messages": sum(in_channels.values()),
        "missing": sum(1 for n in in_channels.values() if n < per_channel),
        "doubled": sum(1 for n in in_channels.values() if n > per_channel),
        "status_429": sum(1 for r in records if r.status == 429),
        "global_429": sum(
            1 for r in records if r.status == 429 and (r.response or {}).get("global")
        ),
        "other_errors": sum(1 for r in records if r.status not in (200, 429)),
        "all_429": sum(1 for r in emu.requests if r.status == 429 and r.time >= since),
    }


def requests_summary(emu: Emulator, since: float = 0.0, arrivals: bool = False) -> JSON:
    """Status counts per route of the requests from ``since`` (unix time), and how many
    arrived in each whole second after it (``per_second``, every route; only with ``since``);
    with ``arrivals`` also each request's (time, path, status), for pacing studies."""
    out: dict[str, int] = {}
    seconds: Counter[int] = Counter()
    times: list[tuple[float, str, int]] = []
    for r in emu.requests:
        if r.time < since:
            continue
        key = f"{r.route} {r.status}"
        out[key] = out.get(key, 0) + 1
        seconds[int(r.time - since)] += 1
        if arrivals:
            times.append((r.time, r.path, r.status))
    last = max(seconds, default=-1) if since else -1
    summary: JSON = {"routes": out, "per_second": [seconds[s] for s in range(last + 1)]}
    return summary | ({"arrivals": times} if arrivals else {})


def edits(emu: Emulator, since: float) -> JSON:
    """The message edits (PATCH, 200) since then, per message, and every 429."""
    per_message: dict[str, list[float]] = {}
    for r in emu.requests:
        if r.route == EDIT_ROUTE and r.status == 200 and r.time >= since:
            per_message.setdefault(r.path.rsplit("/", 1)[-1], []).append(r.time)
    limited = [f"{r.route} {r.path}" for r in emu.requests if r.status == 429]
    return {"per_message": per_message, "all_429": len(limited), "samples_429": limited[:3]}


def fields(emu: Emulator, channels: list[int], name: str) -> JSON:
    """The value of the embed field ``name`` on each channel's last bot message ("" if none)."""
    out: dict[str, str] = {}
    for cid in channels:
        mine = [m for m in emu.messages(cid) if m["author"]["id"] == str(emu.bot_user_id)]
        embed = (mine[-1].get("embeds") or [{}])[0] if mine else {}
        found = [f["value"] for f in embed.get("fields") or [] if f["name"] == name]
        out[str(cid)] = found[0] if found else ""
    return {"fields": out}


def attachments_count(emu: Emulator, channels: list[int]) -> JSON:
    """The files on the messages of these channels."""
    files = (m.get("attachments") or [] for c in channels for m in emu.messages(c))
    return {"count": sum(len(f) for f in files)}
