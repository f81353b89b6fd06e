"""Messages as Discord stores and returns them: numbered components, normalised embeds."""

from __future__ import annotations

import logging
from typing import Any

from emulator.payloads.users import iso

log = logging.getLogger(__name__)

JSON = dict[str, Any]


def message(
    *,
    message_id: int,
    channel_id: int,
    author: JSON,
    content: str = "",
    timestamp: float,
    embeds: list[JSON] | None = None,
    components: list[JSON] | None = None,
    flags: int = 0,
    type_: int = 0,
    nonce: str | int | None = None,
    webhook_id: int | None = None,
    application_id: int | None = None,
    interaction_metadata: JSON | None = None,
    member: JSON | None = None,
    message_reference: JSON | None = None,
) -> JSON:
    data: JSON = {
        "id": str(message_id),
        "type": type_,
        "content": content,
        "channel_id": str(channel_id),
        "author": author,
        "attachments": [],
        "embeds": normalize_embeds(embeds or []),
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": False,
        "timestamp": iso(timestamp),
        "edited_timestamp": None,
        "flags": flags,
        "components": number_components(components or []),
    }
    if nonce is not None:
        data["nonce"] = nonce
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    if member is not None:
        data["member"] = member
    if message_reference is not None:
        data["message_reference"] = message_reference
    return data


def message_delete(message_id: int, channel_id: int, guild_id: int | None) -> JSON:
    data: JSON = {"id": str(message_id), "channel_id": str(channel_id)}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def number_components(components: list[Any]) -> list[Any]:
    """Give every component a numeric ``id`` as Discord does (depth first, from 1, skipping
    ids the sender chose); a Unicode emoji comes back without an ``id`` (only custom emojis
    have one), as Discord stores it."""
    taken: set[int] = set()

    def collect(items: list[Any]) -> None:
        for c in items:
            if isinstance(c, dict):
                if isinstance(c.get("id"), int):
                    taken.add(c["id"])
                collect(c.get("components") or [])
                for key in ("accessory", "component"):
                    if isinstance(c.get(key), dict):
                        collect([c[key]])

    counter = 0

    def assign(items: list[Any]) -> None:
        nonlocal counter
        for c in items:
            if not isinstance(c, dict):
                continue
            if not isinstance(c.get("id"), int):
                counter += 1
                while counter in taken:
                    counter += 1
                c["id"] = counter
            emoji = c.get("emoji")
            if isinstance(emoji, dict) and emoji.get("id") is None:
                emoji.pop("id", None)
            assign(c.get("components") or [])
            for key in ("accessory", "component"):
                if isinstance(c.get(key), dict):
                    assign([c[key]])

    collect(components)
    assign(components)
    return components


def normalize_embeds(embeds: list[Any]) -> list[Any]:
    """Embeds as Discord returns them: ``type`` "rich" and every field's ``inline`` set."""
    for embed in embeds:
        if isinstance(embed, dict):
            embed.setdefault("type", "rich")
            for fld in embed.get("fields") or []:
                if isinstance(fld, dict):
                    fld.setdefault("inline", False)
    return embeds
