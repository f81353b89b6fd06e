"""Attachment objects as Discord returns them on a message (Message Resource, "Attachment
Object"): id, filename, size, url and proxy_url always; content_type from the file's name;
width and height for PNG and GIF images; the sender's description; ``ephemeral`` on an
ephemeral message's files."""

from __future__ import annotations

import mimetypes
import struct
from typing import Any
from urllib.parse import quote

JSON = dict[str, Any]
CDN_PATH = "/attachments"
"""Where the emulator serves files: ``{api_base}/attachments/{channel_id}/{id}/{filename}``, as
Discord's CDN does under ``https://cdn.discordapp.com/attachments/``."""


def attachment_url(base: str, channel_id: int, attachment_id: int, filename: str) -> str:
    return f"{base}{CDN_PATH}/{channel_id}/{attachment_id}/{quote(filename)}"


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or GIF, from its header; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    return None


def attachment(
    *,
    attachment_id: int,
    filename: str,
    data: bytes,
    url: str,
    description: str | None = None,
    ephemeral: bool = False,
) -> JSON:
    out: JSON = {
        "id": str(attachment_id),
        "filename": filename,
        "size": len(data),
        "url": url,
        "proxy_url": url,
    }
    content_type, _ = mimetypes.guess_type(filename)
    if content_type is not None:
        out["content_type"] = content_type + (
            "; charset=utf-8" if content_type.startswith("text/") else ""
        )
    size = image_size(data)
    if size is not None:
        out["width"], out["height"] = size
    if description:
        out["description"] = description
    if ephemeral:
        out["ephemeral"] = True
    return out
