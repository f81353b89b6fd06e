"""Discord's limits, checked on the real discord.py objects, and the largest real dataclasses.

Shared by the render tests. The limits are written out here from Discord's documentation rather
than imported from ``bot.limits``, so a wrong constant there still fails a test.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import discord

from bot.render import ids
from bot.render.discord_parts import Message
from bot.roadmaps import Day, Roadmap, load_roadmaps
from bot.store import Group, Post

REPO = Path(__file__).resolve().parents[2]
ROADMAPS = load_roadmaps(REPO / "roadmaps")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

MAX_GROUP = 10**19 - 1  # 19 digits
MAX_DAY = 9999
MAX_PAGE = 10**9 - 1  # leaderboard pages of 10: far beyond the largest Discord server
MAX_TASK = "a" + "b-" * 15 + "c"  # 32 characters
BIG = 10**18

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
EMBEDS_TOTAL_MAX = 6000
FIELDS_MAX = 25
ROWS_MAX = 5
BUTTONS_PER_ROW = 5
LABEL_MAX = 80
CUSTOM_ID_MAX = 100
ATTACHMENTS_MAX = 10
ATTACHMENT_DESCRIPTION_MAX = 1024
ATTACHMENT_SIZE_MAX = 10 * 1024 * 1024

TEMPLATES = {spec.kind: spec.template for spec in ids.SPECS}


# -- checkers ---------------------------------------------------------------------------------


def check_custom_id(custom_id: str) -> None:
    assert len(custom_id) <= CUSTOM_ID_MAX, custom_id
    parts = custom_id.split(":")
    assert parts[0] == "studybot", custom_id
    template = TEMPLATES[parts[1]]
    assert re.fullmatch(template, custom_id), (custom_id, template)


def check_embed(e: discord.Embed) -> None:
    data = e.to_dict()
    assert len(data.get("title", "")) <= TITLE_MAX
    assert len(data.get("description", "")) <= DESCRIPTION_MAX
    fields = data.get("fields", [])
    assert len(fields) <= FIELDS_MAX
    for f in fields:
        assert 1 <= len(f["name"]) <= FIELD_NAME_MAX, f
        assert 1 <= len(f["value"]) <= FIELD_VALUE_MAX, f
    assert len(data.get("footer", {}).get("text", "")) <= FOOTER_MAX
    assert len(data.get("author", {}).get("name", "")) <= TITLE_MAX
    assert len(e) <= EMBED_TOTAL_MAX
    # len(embed) is discord.py's count; recount from the payload so both agree.
    counted = (
        len(data.get("title", ""))
        + len(data.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(data.get("footer", {}).get("text", ""))
        + len(data.get("author", {}).get("name", ""))
    )
    assert counted == len(e)


def check_view(view: discord.ui.View) -> list[dict[str, Any]]:
    rows = view.to_components()
    assert len(rows) <= ROWS_MAX
    buttons = []
    for row in rows:
        assert row["type"] == 1
        assert 1 <= len(row["components"]) <= BUTTONS_PER_ROW
        for item in row["components"]:
            assert item["type"] == 2
            assert 1 <= len(item.get("label", "")) <= LABEL_MAX, item
            check_custom_id(item["custom_id"])
            buttons.append(item)
    assert len({b["custom_id"] for b in buttons}) == len(buttons), "duplicate custom_id"
    return buttons


def check(message: Message) -> list[dict[str, Any]]:
    """Every limit on one message; returns its buttons."""
    assert message.content is not None or message.embeds or message.files, "empty message"
    if message.content is not None:
        assert 1 <= len(message.content) <= CONTENT_MAX
    assert len(message.embeds) <= 10
    assert len(message.files) <= ATTACHMENTS_MAX
    for f in message.files:
        assert len(f.filename) > 0 and len(f.data) <= ATTACHMENT_SIZE_MAX
        assert f.description is None or len(f.description) <= ATTACHMENT_DESCRIPTION_MAX
    for e in message.embeds:
        check_embed(e)
    assert sum(len(e) for e in message.embeds) <= EMBEDS_TOTAL_MAX
    return check_view(message.view) if message.view is not None else []


# -- real dataclasses at their largest ----------------------------------------------------------


def make_group(roadmap_id: str = "3month", *, group_id: int = MAX_GROUP, **kw: Any) -> Group:
    base = Group(
        id=group_id,
        guild_id=MAX_GROUP,
        channel_id=MAX_GROUP,
        roadmap_id=roadmap_id,
        start_date=date(2026, 3, 2),
        post_time=time(9, 0),
        timezone="America/Argentina/ComodRivadavia",
        pace=7,
        weekdays_only=True,
        catch_up=True,
        state="active",
        created_by=MAX_GROUP,
        created_at=NOW,
        ended_at=None,
        problem=None,
    )
    return replace(base, **kw)


def make_post(group: Group, day: int, *, late: bool) -> Post:
    return Post(
        guild_id=group.guild_id,
        group_id=group.id,
        day=day,
        state="claimed",
        nonce=f"sb{group.id}d{day}",
        message_id=None,
        late=late,
        claimed_at=NOW,
        sent_at=None,
        error=None,
    )


def all_days() -> list[tuple[Roadmap, Day]]:
    return [(r, d) for r in ROADMAPS.values() for d in r.days]


def day_id(param: tuple[Roadmap, Day]) -> str:
    return f"{param[0].id}-d{param[1].number}"
