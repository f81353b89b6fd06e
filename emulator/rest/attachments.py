"""The files of attachments, served the way Discord's CDN serves them: a plain GET of the
attachment's ``url`` (``/attachments/{channel_id}/{attachment_id}/{filename}``, outside the API
and its token, rate limits and request log) answers the bytes with their content type; a file
whose message or attachment is gone answers 404."""

from __future__ import annotations

import logging
import mimetypes
from typing import TYPE_CHECKING

from aiohttp import web

from emulator.payloads.attachments import CDN_PATH

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)


class AttachmentFiles:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get(CDN_PATH + "/{channel_id}/{attachment_id}/{filename}", self.get_file)

    async def get_file(self, request: web.Request) -> web.Response:
        try:
            attachment_id = int(request.match_info["attachment_id"])
        except ValueError:
            raise web.HTTPNotFound() from None
        stored = self.state.message_store.file(attachment_id)
        if (
            stored is None
            or str(stored.channel_id) != request.match_info["channel_id"]
            or stored.filename != request.match_info["filename"]
        ):
            raise web.HTTPNotFound()
        guessed, _ = mimetypes.guess_type(stored.filename)
        content_type = guessed or stored.content_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type)
