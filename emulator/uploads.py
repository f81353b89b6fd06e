"""Files sent with a message, as Discord takes them: a ``multipart/form-data`` body whose
``payload_json`` part is the JSON body and whose ``files[n]`` parts are the files (Discord's
"Uploading Files"). ``n`` is the placeholder id an entry of the body's ``attachments`` uses to
give that file a description (or another filename).

The pipeline reads a multipart body once (``read_multipart``, with the standard library's MIME
parser); handlers take its files with
``uploads_of`` and check them with ``check_uploads``: at most 10 files (50035 on
``attachments``), each within the size limit (413, 40005), every ``files[n]`` uniquely named.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from emulator import errors as E

log = logging.getLogger(__name__)

UPLOADS_KEY = web.RequestKey("uploads", list)
MAX_FILES = 10
SIZE_LIMIT = 10 * 1024 * 1024
"""The default per-file limit; interactions announce it as ``attachment_size_limit``."""
_FILE_FIELD = re.compile(r"files\[(\d+)\]")


@dataclass(frozen=True)
class Upload:
    """One ``files[n]`` part."""

    index: int
    filename: str
    content_type: str | None
    data: bytes

    def summary(self) -> dict[str, Any]:
        """What the request log keeps of it (not the bytes)."""
        return {"field": f"files[{self.index}]", "filename": self.filename, "size": len(self.data)}


class MultipartError(ValueError):
    """A multipart body Discord would refuse as a whole (answered 50035)."""


def read_multipart(content_type: str, raw: bytes) -> tuple[Any, list[Upload]]:
    """``payload_json`` parsed (without one, the other form fields as top-level JSON fields, as
    Discord takes them) and the ``files[n]`` parts, in order. ``content_type`` is the request's
    whole header (with its boundary); a percent-encoded filename (aiohttp's way with non-ASCII
    names) is decoded."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        raise MultipartError("not a multipart body")
    payload: Any = None
    fields: dict[str, Any] = {}
    uploads: list[Upload] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        data = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(data, bytes):
            continue
        found = _FILE_FIELD.fullmatch(name)
        if found is not None and filename is not None:
            index = int(found[1])
            if any(u.index == index for u in uploads):
                raise MultipartError(f"files[{index}] sent twice")
            sent_type = part.get_content_type() if part.get("Content-Type") else None
            uploads.append(Upload(index, unquote(filename), sent_type, data))
        elif name == "payload_json":
            payload = json.loads(data)
        else:
            fields[name] = data.decode()
    return (fields if payload is None else payload), uploads


def uploads_of(request: web.Request) -> list[Upload]:
    """The files of the request being handled (none for a JSON body)."""
    found = request.get(UPLOADS_KEY)
    return list(found) if found else []


def check_uploads(body: dict[str, Any], uploads: list[Upload], limit: int = SIZE_LIMIT) -> None:
    """Discord's refusals for a message's files: more than ``MAX_FILES`` (50035 on
    ``attachments``), a file over ``limit`` bytes (413, 40005)."""
    listed = body.get("attachments")
    count = max(len(uploads), len(listed) if isinstance(listed, list) else 0)
    if count > MAX_FILES:
        raise E.invalid_form_body(
            {
                "attachments": E.field_error(
                    "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_FILES} or fewer in length."
                )
            }
        )
    for upload in uploads:
        if len(upload.data) > limit:
            raise E.request_entity_too_large()


def described(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The body's ``attachments`` entries by their (placeholder or attachment) id."""
    out: dict[int, dict[str, Any]] = {}
    for entry in body.get("attachments") or []:
        if isinstance(entry, dict) and str(entry.get("id", "")).isdigit():
            out[int(entry["id"])] = entry
    return out
