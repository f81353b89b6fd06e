"""Changes announced in the channel: what members are told when an admin changes the post
time, timezone or language, pauses or resumes the group, or changes a setting they feel.

**Exactly once.** The service that makes the change commits it, then adds one row to the
``announcements`` ledger (``announce``) before it returns, so before anyone is answered. The
daily owner delivers pending rows (``bot/daily/announcer.py``) right after the admin's reply
and again at every start and reconnect, each through ``deliver_once``: a stable nonce, the
send attempt recorded before the request leaves, the channel searched (for the message's
``studybot:notice:<group>:<row>`` button) where an earlier attempt could have landed, the
message id confirmed. So a retry, a crash after sending or a restart never sends it twice,
and a crash before sending leaves a row that the next start sends. The one gap: a crash in
the instant between the change's commit and the row's (no request to Discord in between)
loses the announcement, never doubles it.

What a row says is read when it is sent (``notice_of``): the group's post time, zone, next
post and settings as they are then, so a late announcement never shows a stale time.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.roadmaps import Roadmap
from bot.services.context import schedule_of
from bot.services.schedule import local_date, next_release, post_instant
from bot.services.settings import SPECS, Spec, load_settings
from bot.store import Group, Store
from bot.store.features.announcements import Announcement

log = logging.getLogger(__name__)

Kind = Literal["schedule", "language", "schedule_language", "paused", "resumed", "setting"]
NONCE_PREFIX = "n"


def new_nonce() -> str:
    """A nonce for one announcement: 21 characters (Discord takes at most 25)."""
    return NONCE_PREFIX + secrets.token_hex(10)


async def announce(
    store: Store, group: Group, kind: Kind, now: datetime, detail: str = ""
) -> Announcement | None:
    """Record an announcement of a change just committed to ``group``."""
    row = await store.add_announcement(group.guild_id, group.id, kind, detail, new_nonce(), now)
    if row is not None:
        log.info("group %s: announcement %s (%s %s) pending", group.id, row.id, kind, detail)
    return row


def edit_kind(schedule: bool, language: bool) -> Kind | None:
    """The one announcement of an edit that changed the schedule and/or the language."""
    if schedule and language:
        return "schedule_language"
    if schedule:
        return "schedule"
    return "language" if language else None


@dataclass(frozen=True, slots=True)
class Notice:
    """What one announcement says, as things are when it is sent."""

    announcement: Announcement
    group: Group
    roadmap: Roadmap | None
    post_at: datetime
    """The group's next post instant at its post time (today's if still ahead, else the next
    date's), for a Discord timestamp that each member reads in their own zone."""
    next_post: tuple[int, datetime] | None
    """The next roadmap day and its release instant; None when paused or finished."""
    setting: Spec | None = None
    value: Any = None


async def notice_of(
    store: Store, roadmaps: Mapping[str, Roadmap], group: Group, row: Announcement, now: datetime
) -> Notice:
    today = local_date(now, group.timezone)
    post_at = post_instant(today, group.post_time, group.timezone)
    roadmap = roadmaps.get(group.roadmap_id)
    upcoming = None
    if roadmap is not None and group.state == "active":
        upcoming = next_release(await schedule_of(store, group, roadmap), now)
    if upcoming is not None:
        post_at = upcoming[1]
    elif post_at <= now:
        post_at = post_instant(today + timedelta(days=1), group.post_time, group.timezone)
    spec = SPECS.get(row.detail) if row.kind == "setting" else None
    value = None
    if spec is not None:
        settings = await load_settings(store, group.guild_id, group.id)
        value = getattr(settings, spec.key)
    return Notice(row, group, roadmap, post_at, upcoming, spec, value)
