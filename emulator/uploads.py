"""Files sent with a message, as Discord takes them: a ``multipart/form-data`` body whose
``payload_json`` part is the JSON body and whose ``files[n]`` parts are the files (Discord's
"Uploading Files"). ``n`` is the placeholder id an entry of the body's ``attachments`` uses to
give that file a description (or another filename).

The pipeline reads a multipart body once (``read_multipart``); handlers take its files with
``uploads_of`` and check them with ``check_uploads``: at most 10 files (50035 on
``attachments``), each within the size limit (413, 40005), every ``files[n]`` uniquely named.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from email.parser import HeaderParser
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
    names) is decoded.

    The body is cut at its boundary lines (RFC 7578) and only each part's headers go through
    the standard library's MIME parser: files stay bytes, untouched and uncopied line by line.
    """
    boundary = HeaderParser().parsestr(f"Content-Type: {content_type}").get_boundary()
    if not boundary:
        raise MultipartError("a multipart body needs a boundary")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    pieces = (b"\r\n" + raw).split(delimiter)
    if len(pieces) < 3 or not pieces[-1].startswith(b"--"):
        raise MultipartError("the body does not end with its closing boundary")
    payload: Any = None
    fields: dict[str, Any] = {}
    uploads: list[Upload] = []
    for piece in pieces[1:-1]:
        head, _, data = piece.partition(b"\r\n\r\n")
        headers = HeaderParser().parsestr(head.decode("utf-8", "replace").lstrip("\r\n"))
        name = headers.get_param("name", header="content-disposition")
        filename = headers.get_filename()
        if not isinstance(name, str):
            continue
        found = _FILE_FIELD.fullmatch(name)
        if found is not None and filename is not None:
            index = int(found[1])
            if any(u.index == index for u in uploads):
                raise MultipartError(f"files[{index}] sent twice")
            sent_type = headers.get_content_type() if headers.get("Content-Type") else None
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
