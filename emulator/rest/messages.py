"""Channel messages: sending (with nonces), history, fetching, editing, deleting, and the bot's
own reactions."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web

from emulator import errors as E
from emulator import permissions as P
from emulator.http_util import JSON, body_of, json_response
from emulator.interactions import DEFERRED_UPDATE, Reply
from emulator.rest.resource import Resource, route
from emulator.scenario import Channel, Guild
from emulator.uploads import check_uploads, uploads_of
from emulator.validation import check_message

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)

MESSAGES = "/channels/{channel_id}/messages"
MESSAGE = MESSAGES + "/{message_id}"
OWN_REACTION = MESSAGE + "/reactions/{emoji_name}/@me"


def channel_message(
    state: EmulatorState, request: web.Request
) -> tuple[Guild | None, Channel | None, JSON]:
    """The channel and message a ``.../channels/{channel_id}/messages/{message_id}`` URL names:
    10003/50001 for the channel as anywhere, 10008 for a message not in that channel
    (ephemeral messages are in none)."""
    guild, channel, _ = state.channel_store.lookup(request.match_info["channel_id"])
    state.channel_store.require(guild, channel, 0)
    try:
        mid = int(request.match_info["message_id"])
    except ValueError:
        raise E.unknown_message() from None
    message = state.message_store.get(mid)
    if (
        message is None
        or not state.message_store.in_channel(message)
        or message["channel_id"] != request.match_info["channel_id"]
    ):
        raise E.unknown_message()
    return guild, channel, message


class MessagesResource(Resource):
    def _bot_authored(self, message: JSON) -> bool:
        return bool(message["author"]["id"] == str(self.state.bot_user_id))

    @route("POST", MESSAGES)
    async def create_message(self, request: web.Request) -> web.Response:
        """A bot message. A ``nonce`` with ``enforce_nonce`` repeated within the nonce window
        returns the message already sent, as Discord does. A DM to a member whose DMs are
        closed (``Member.dms_open``) is refused with 403/50007."""
        state = self.state
        channels, messages = state.channel_store, state.message_store
        guild, channel, recipient = channels.lookup(request.match_info["channel_id"])
        cid = int(request.match_info["channel_id"])
        if recipient is not None:
            member = state.scenario.find_member(recipient)
            if member is None or not member.dms_open:
                raise E.cannot_message_user()
        body = body_of(request)
        uploads = uploads_of(request)
        thread = state.thread_store.get(cid)
        # in a thread, Send Messages in Threads instead of Send Messages (docs: permissions)
        send = P.SEND_MESSAGES if thread is None else P.SEND_MESSAGES_IN_THREADS
        bits = send | (P.EMBED_LINKS if body.get("embeds") else 0)
        if uploads:
            bits |= P.ATTACH_FILES
        channels.require(guild, channel, bits)
        check_message(body)
        check_uploads(body, uploads, state.attachment_size_limit)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            sent = messages.repeated_nonce(state.bot_user_id, nonce, state.nonce_window)
            if sent is not None:
                log.info("emulator: nonce %s repeated, returning the existing message", nonce)
                return json_response(sent)
        message = messages.build(channel_id=cid, body=body, uploads=uploads)
        messages.add(message)
        if nonce is not None:
            messages.remember_nonce(state.bot_user_id, nonce, message)
        await messages.publish("MESSAGE_CREATE", message)
        if thread is not None:
            await state.thread_store.message_sent(thread, int(message["id"]))
        return json_response(message)

    @route("GET", MESSAGES)
    async def list_messages(self, request: web.Request) -> web.Response:
        """History, newest first, paged by ``before``/``after``/``around`` and ``limit``
        (1-100); empty without READ_MESSAGE_HISTORY."""
        channels = self.state.channel_store
        guild, channel, _ = channels.lookup(request.match_info["channel_id"])
        channels.require(guild, channel, 0)
        if not channels.bot_may(guild, channel, P.READ_MESSAGE_HISTORY):
            return json_response([])
        q = request.query
        try:
            limit = int(q.get("limit", 50))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            raise E.invalid_form_body(
                {"limit": E.field_error("NUMBER_TYPE_MAX", "int value should be between 1 and 100")}
            )
        self.state.thread_store.archive_due()
        msgs = self.state.message_store.of_channel(int(request.match_info["channel_id"]))
        if "before" in q:
            before = int(q["before"])
            picked = [m for m in msgs if int(m["id"]) < before][-limit:]
        elif "after" in q:
            after = int(q["after"])
            picked = [m for m in msgs if int(m["id"]) > after][:limit]
        elif "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if int(m["id"]) < around]
            newer = [m for m in msgs if int(m["id"]) >= around]
            half = limit // 2
            picked = older[-half:] if half else []
            picked += newer[: limit - len(picked)]
        else:
            picked = msgs[-limit:]
        return json_response(list(reversed(picked)))

    @route("GET", MESSAGE)
    async def get_message(self, request: web.Request) -> web.Response:
        """The message; one a thread was started from carries ``thread`` (as it is now)."""
        self.state.thread_store.archive_due()
        return json_response(channel_message(self.state, request)[2])

    @route("PATCH", MESSAGE)
    async def edit_message(self, request: web.Request) -> web.Response:
        """Only the bot's own messages (50005). An edit of a clicked message also finishes the
        deferred updates (type 6) waiting on it."""
        _, _, message = channel_message(self.state, request)
        if not self._bot_authored(message):
            raise E.cannot_edit_other_user()
        body = body_of(request)
        uploads = uploads_of(request)
        check_message(body, require_content=False)
        check_uploads(body, uploads, self.state.attachment_size_limit)
        messages = self.state.message_store
        if messages.left_empty(message, body, uploads):
            raise E.empty_message()
        messages.apply_edit(message, body, uploads)
        await messages.publish("MESSAGE_UPDATE", message)
        for inter in self.state.interaction_store.edited_directly(int(message["id"])):
            inter.set_reply(Reply(type=DEFERRED_UPDATE, via="edit_message", message=message))
        return json_response(message)

    @route("DELETE", MESSAGE)
    async def delete_message(self, request: web.Request) -> web.Response:
        """The bot's own messages, or others' with MANAGE_MESSAGES."""
        guild, channel, message = channel_message(self.state, request)
        if not self._bot_authored(message):
            self.state.channel_store.require(guild, channel, P.MANAGE_MESSAGES)
        await self.state.message_store.delete(message)
        return json_response(None, 204)

    @route("PUT", OWN_REACTION)
    async def add_reaction(self, request: web.Request) -> web.Response:
        guild, channel, message = channel_message(self.state, request)
        self.state.channel_store.require(guild, channel, P.ADD_REACTIONS | P.READ_MESSAGE_HISTORY)
        emoji = request.match_info["emoji_name"]
        reactions = message.setdefault("reactions", [])
        for r in reactions:
            if r["emoji"]["name"] == emoji:
                if not r["me"]:
                    r["me"] = True
                    r["count"] += 1
                break
        else:
            reactions.append(
                {
                    "count": 1,
                    "count_details": {"burst": 0, "normal": 1},
                    "me": True,
                    "me_burst": False,
                    "burst_colors": [],
                    "emoji": {"id": None, "name": emoji},
                }
            )
        return json_response(None, 204)

    @route("DELETE", OWN_REACTION)
    async def remove_reaction(self, request: web.Request) -> web.Response:
        _, _, message = channel_message(self.state, request)
        emoji = request.match_info["emoji_name"]
        for r in list(message.get("reactions", [])):
            if r["emoji"]["name"] == emoji and r["me"]:
                r["me"] = False
                r["count"] -= 1
                if r["count"] <= 0:
                    message["reactions"].remove(r)
        return json_response(None, 204)
