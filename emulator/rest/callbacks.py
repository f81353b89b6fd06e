"""Interaction callbacks: the bot's first answer to an interaction (types 4 to 9), with
Discord's deadline, single-acknowledgement and per-type rules."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator.http_util import JSON, body_of, clone, json_response
from emulator.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    InteractionHandle,
    Reply,
)
from emulator.message_store import SENDABLE_FLAGS
from emulator.rest.resource import Resource, route
from emulator.uploads import Upload, check_uploads, uploads_of
from emulator.validation import check_choices, check_message, check_modal

log = logging.getLogger(__name__)

# which callback types answer which interaction types
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE,
        UPDATE_MESSAGE,
        MODAL,
    },
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
}
CHAT_INPUT_COMMAND_MESSAGE = 20  # the message type of a slash command's response


def _invalid_type() -> E.DiscordHTTPError:
    return E.invalid_form_body(
        {
            "type": E.field_error(
                "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
            )
        }
    )


class CallbacksResource(Resource):
    @route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
    async def callback(self, request: web.Request) -> web.Response:
        inter = self.state.interaction_store.for_callback(
            request.match_info["interaction_id"], request.match_info["interaction_token"]
        )
        if inter is None:
            raise E.unknown_interaction()
        try:
            return await self._answer(inter, body_of(request), uploads_of(request))
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise

    def _check(
        self, inter: InteractionHandle, ctype: object, data: JSON, uploads: list[Upload]
    ) -> None:
        """Discord's refusals, checked in this order: a second acknowledgement (40060), too late
        (10062), a type that does not answer this interaction, an invalid body (50035)."""
        if inter.acknowledged:
            raise E.already_acknowledged()
        if self.state.clock.now() - inter.created_at > self.state.interaction_timeout:
            raise E.unknown_interaction()
        if ctype not in ALLOWED_CALLBACKS[inter.type]:
            raise _invalid_type()
        if (
            inter.type == MODAL_SUBMIT
            and ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE)
            and inter.source_message_id is None
        ):
            raise _invalid_type()  # a modal opened by a command has no message to update
        try:
            if ctype == CHANNEL_MESSAGE:
                check_message(data)
            elif ctype == UPDATE_MESSAGE:
                check_message(data, require_content=False)
                source = self.state.message_store.get(inter.source_message_id or 0)
                if source is not None and self.state.message_store.left_empty(
                    source, data, uploads
                ):
                    raise E.empty_message()
            if ctype in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
                check_uploads(data, uploads, self.state.attachment_size_limit)
            elif ctype == AUTOCOMPLETE_RESULT:
                check_choices(data)
            elif ctype == MODAL:
                check_modal(data)
        except E.DiscordHTTPError as exc:
            if exc.code == 50035 and ctype != AUTOCOMPLETE_RESULT and exc.errors is not None:
                exc.errors = {"data": exc.errors}
            raise

    async def _answer(
        self, inter: InteractionHandle, body: JSON, uploads: list[Upload]
    ) -> web.Response:
        ctype = body.get("type")
        data = body.get("data") or {}
        inter.responses.append({"type": ctype, "data": clone(data)})
        self._check(inter, ctype, data, uploads)
        assert isinstance(ctype, int)
        inter.ack_type = ctype
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        resource: JSON | None = None
        loading_id = ""
        if ctype in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            message = await self._post_response(inter, ctype, data, ephemeral, uploads)
            if ctype == CHANNEL_MESSAGE:
                resource = {"type": ctype, "message": message}
                inter.set_reply(Reply(type=ctype, via="response", message=message))
            else:  # Discord documents a resource message for types 4 and 7 only
                loading_id = message["id"]
        elif ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            resource = await self._update_source(inter, ctype, data, uploads)
        elif ctype == AUTOCOMPLETE_RESULT:
            inter.choices = clone(data.get("choices") or [])
        elif ctype == MODAL:
            inter.set_reply(Reply(type=ctype, via="modal", modal=clone(data)))
        inter.signal.notify()
        result: JSON = {
            "interaction": {
                "id": str(inter.id),
                "type": inter.type,
                "response_message_loading": ctype == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": ephemeral,
            }
        }
        if resource is not None:
            result["interaction"]["response_message_id"] = resource["message"]["id"]
            result["resource"] = resource
        elif ctype == DEFERRED_CHANNEL_MESSAGE:
            result["interaction"]["response_message_id"] = loading_id
        return json_response(result)

    async def _post_response(
        self,
        inter: InteractionHandle,
        ctype: int,
        data: JSON,
        ephemeral: bool,
        uploads: list[Upload],
    ) -> JSON:
        """Types 4 and 5: the original response message (for 5 a "thinking" placeholder)."""
        messages = self.state.message_store
        cid = inter.channel.id
        flags = int(data.get("flags") or 0) & SENDABLE_FLAGS
        if ctype == DEFERRED_CHANNEL_MESSAGE:
            flags = (flags & EPHEMERAL) | LOADING
        message = messages.build(
            channel_id=cid,
            body=data if ctype == CHANNEL_MESSAGE else {},
            type_=CHAT_INPUT_COMMAND_MESSAGE if inter.type == APPLICATION_COMMAND else 0,
            flags=flags,
            webhook=True,
            interaction=inter,
            uploads=uploads if ctype == CHANNEL_MESSAGE else (),
        )
        messages.add(message, in_channel=not ephemeral)
        inter.original_message_id = int(message["id"])
        await messages.publish("MESSAGE_CREATE", message)
        return message

    async def _update_source(
        self, inter: InteractionHandle, ctype: int, data: JSON, uploads: list[Upload]
    ) -> JSON | None:
        """Types 6 and 7 on the message the component was used on; returns the resource."""
        inter.original_message_id = inter.source_message_id
        source = inter.source_message_id
        if source is None:
            return None
        messages = self.state.message_store
        if ctype == UPDATE_MESSAGE:
            message = messages.get(source)
            if message is None:
                raise E.unknown_message()
            messages.apply_edit(message, data, uploads)
            await messages.publish("MESSAGE_UPDATE", message)
            inter.set_reply(Reply(type=ctype, via="response", message=message))
            return {"type": ctype, "message": message}
        self.state.interaction_store.await_direct_edit(inter, source)
        return None
