"""Interaction webhooks: followups and the original response (``@original``), reached with the
interaction's token for 15 minutes after the interaction."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator.http_util import JSON, body_of, json_response
from emulator.interactions import (
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL,
    LOADING,
    InteractionHandle,
    Reply,
)
from emulator.message_store import SENDABLE_FLAGS
from emulator.rest.resource import Resource, route
from emulator.uploads import check_uploads, uploads_of
from emulator.validation import check_message

log = logging.getLogger(__name__)

WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
ORIGINAL = WEBHOOK + "/messages/@original"
MESSAGE = WEBHOOK + "/messages/{message_id}"


def _record(inter: InteractionHandle, exc: E.DiscordHTTPError) -> E.DiscordHTTPError:
    """Keep the error on the interaction's handle (tests wait on it) and hand it back."""
    inter.errors.append({"status": exc.status, **exc.body()})
    inter.signal.notify()
    return exc


class WebhooksResource(Resource):
    def _interaction(self, request: web.Request) -> InteractionHandle:
        """The interaction whose token the URL carries: 10015 for an unknown one or one not
        acknowledged yet, 50027 once the token expired."""
        state = self.state
        inter = state.interaction_store.for_token(request.match_info["webhook_token"])
        if inter is None or request.match_info["webhook_id"] != str(state.application_id):
            raise E.unknown_webhook()
        if state.clock.now() - inter.created_at > state.token_lifetime:
            raise _record(inter, E.invalid_webhook_token())
        if not inter.acknowledged:
            raise _record(inter, E.unknown_webhook())
        return inter

    def _message(self, inter: InteractionHandle, request: web.Request) -> JSON:
        """``@original`` or one of this interaction's followups; 10008 for anything else."""
        mid = request.match_info.get("message_id", "@original")
        if mid == "@original" or request.path.endswith("/@original"):
            if inter.original_message_id is None:
                raise E.unknown_message()
            message_id = inter.original_message_id
        else:
            try:
                message_id = int(mid)
            except ValueError:
                raise E.unknown_message() from None
            if message_id not in inter.followup_ids and message_id != inter.original_message_id:
                raise E.unknown_message()
        message = self.state.message_store.get(message_id)
        if message is None:
            raise E.unknown_message()
        return message

    @route("POST", WEBHOOK)
    async def execute_webhook(self, request: web.Request) -> web.Response:
        """A followup. After a "thinking" defer Discord turns the first one into the original
        response instead of posting a new message."""
        inter = self._interaction(request)
        body = body_of(request)
        uploads = uploads_of(request)
        try:
            check_message(body)
            check_uploads(body, uploads, self.state.attachment_size_limit)
        except E.DiscordHTTPError as exc:
            _record(inter, exc)
            raise
        messages = self.state.message_store
        cid = inter.channel.id
        original = messages.get(inter.original_message_id or 0)
        if (
            inter.ack_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and int(original.get("flags") or 0) & LOADING
        ):
            keys = ("content", "embeds", "components", "attachments")
            messages.apply_edit(original, {k: body[k] for k in keys if k in body}, uploads)
            message = original
            await messages.publish("MESSAGE_UPDATE", message)
        else:
            flags = int(body.get("flags") or 0) & SENDABLE_FLAGS
            message = messages.build(
                channel_id=cid,
                body=body,
                flags=flags,
                webhook=True,
                interaction=inter,
                uploads=uploads,
                followup_of=inter.original_message_id,
            )
            messages.add(message, in_channel=not flags & EPHEMERAL)
            await messages.publish("MESSAGE_CREATE", message)
        inter.followup_ids.append(int(message["id"]))
        inter.set_reply(Reply(type=inter.ack_type or 0, via="followup", message=message))
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(message)
        return json_response(None, 204)

    @route("GET", ORIGINAL, MESSAGE)
    async def get_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        return json_response(self._message(inter, request))

    @route("PATCH", ORIGINAL, MESSAGE)
    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        body = body_of(request)
        uploads = uploads_of(request)
        try:
            message = self._message(inter, request)
            check_message(body, require_content=False)
            check_uploads(body, uploads, self.state.attachment_size_limit)
            if self.state.message_store.left_empty(message, body, uploads):
                raise E.empty_message()
        except E.DiscordHTTPError as exc:
            _record(inter, exc)
            raise
        messages = self.state.message_store
        messages.apply_edit(message, body, uploads)
        await messages.publish("MESSAGE_UPDATE", message)
        if int(message["id"]) == inter.original_message_id:
            inter.set_reply(Reply(type=inter.ack_type or 0, via="edit_original", message=message))
        inter.signal.notify()
        return json_response(message)

    @route("DELETE", ORIGINAL, MESSAGE)
    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        message = self._message(inter, request)
        await self.state.message_store.delete(message)
        inter.signal.notify()
        return json_response(None, 204)
