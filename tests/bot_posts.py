"""How tests recognise the bot's posts in a channel: by their buttons' ids, as the bot does
(members see no internal identifier)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.render import ids


def _custom_ids(message: dict[str, Any]) -> Iterator[str]:
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            yield str(component.get("custom_id") or "")


def label(message: dict[str, Any]) -> str | None:
    """``g<group> d<day>`` for a day post (its task buttons), ``g<group> summary`` for the
    summary (its Final standings button), None for any other message."""
    for custom_id in _custom_ids(message):
        tick = ids.tick.match(custom_id)
        if tick is not None:
            return f"g{tick.group} d{tick.day}"
        standings = ids.standings.match(custom_id)
        if standings is not None:
            return f"g{standings.group} summary"
    return None


def bot_posts(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The day posts and summaries among ``messages``, in their order."""
    return [m for m in messages if label(m) is not None]


def labels(messages: list[dict[str, Any]]) -> list[str]:
    return [str(label(m)) for m in bot_posts(messages)]
