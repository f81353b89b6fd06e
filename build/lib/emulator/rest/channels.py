"""Channels and threads: fetching a channel (guild or DM), typing, and starting a thread from
a message."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator import payloads as gp
from emulator import permissions as P
from emulator.http_util import body_of, json_response
from emulator.rest.messages import MESSAGE, channel_message
from emulator.rest.resource import Resource, route

log = logging.getLogger(__name__)

DEFAULT_AUTO_ARCHIVE_MINUTES = 4320
MAX_THREAD_NAME = 100


class ChannelsResource(Resource):
    @route("GET", "/channels/{channel_id}")
    async def get_channel(self, request: web.Request) -> web.Response:
        channels = self.state.channel_store
        guild, channel, dm_user = channels.lookup(request.match_info["channel_id"])
        if channel is None:
            assert dm_user is not None
            member = self.state.scenario.find_member(dm_user)
            assert member is not None
            return json_response(channels.dm_payload(int(request.match_info["channel_id"]), member))
        channels.require(guild, channel, 0)
        return json_response(gp.channel(channel))

    @route("POST", "/channels/{channel_id}/typing")
    async def typing(self, request: web.Request) -> web.Response:
        channels = self.state.channel_store
        guild, channel, _ = channels.lookup(request.match_info["channel_id"])
        channels.require(guild, channel, P.SEND_MESSAGES)
        return json_response(None, 204)

    @route("POST", MESSAGE + "/threads")
    async def create_thread_from_message(self, request: web.Request) -> web.Response:
        """A public thread on a message (CREATE_PUBLIC_THREADS; name 1-100); THREAD_CREATE."""
        state = self.state
        channels = state.channel_store
        guild, channel, message = channel_message(state, request)
        channels.require(guild, channel, P.CREATE_PUBLIC_THREADS)
        assert guild is not None and channel is not None
        body = body_of(request)
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= MAX_THREAD_NAME:
            errors: dict[str, object] = {}
            E.bad_length(errors, ["name"], 1, MAX_THREAD_NAME)
            raise E.invalid_form_body(errors)
        thread = channels.start_thread_from_message(guild, channel, int(message["id"]), name)
        payload = gp.thread(
            thread,
            owner_id=state.bot_user_id,
            now=state.clock.now(),
            auto_archive_duration=int(
                body.get("auto_archive_duration") or DEFAULT_AUTO_ARCHIVE_MINUTES
            ),
        )
        message["thread"] = payload
        await state.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        return json_response(payload, 201)
