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
from emulator.thread_store import ARCHIVE_DURATIONS, DEFAULT_ARCHIVE_MINUTES

log = logging.getLogger(__name__)

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
        thread = self.state.thread_store.get(channel.id) if channel is not None else None
        if thread is not None:
            return json_response(self.state.thread_store.payload(thread))
        return json_response(gp.channel(channel))

    @route("POST", "/channels/{channel_id}/typing")
    async def typing(self, request: web.Request) -> web.Response:
        channels = self.state.channel_store
        guild, channel, _ = channels.lookup(request.match_info["channel_id"])
        channels.require(guild, channel, P.SEND_MESSAGES)
        return json_response(None, 204)

    @route("POST", MESSAGE + "/threads")
    async def create_thread_from_message(self, request: web.Request) -> web.Response:
        """A public thread on a message (CREATE_PUBLIC_THREADS): the thread's id is the
        message's, so a second one is 160004; ``name`` 1-100, ``auto_archive_duration`` one of
        60/1440/4320/10080 (default 4320). THREAD_CREATE, and MESSAGE_UPDATE for the message,
        which now carries the thread."""
        state = self.state
        channels = state.channel_store
        guild, channel, message = channel_message(state, request)
        channels.require(guild, channel, P.CREATE_PUBLIC_THREADS)
        assert guild is not None and channel is not None
        body = body_of(request)
        errors: dict[str, object] = {}
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_THREAD_NAME:
            E.bad_length(errors, ["name"], 1, MAX_THREAD_NAME)
        duration = body.get("auto_archive_duration")
        if duration is None:
            duration = DEFAULT_ARCHIVE_MINUTES
        if isinstance(duration, bool) or duration not in ARCHIVE_DURATIONS:
            listed = ", ".join(map(str, ARCHIVE_DURATIONS))
            leaf = E.field_error("BASE_TYPE_CHOICES", f"Value must be one of {{{listed}}}.")
            E.nest(["auto_archive_duration"], leaf, errors)
        if errors:
            raise E.invalid_form_body(errors)
        assert isinstance(name, str)
        if state.thread_store.get(int(message["id"])) is not None:
            raise E.thread_already_created()
        thread = channels.start_thread_from_message(guild, channel, int(message["id"]), name)
        started = state.thread_store.add(thread, message, state.bot_user_id, int(duration))
        payload = state.thread_store.payload(started)
        await state.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        await state.message_store.publish("MESSAGE_UPDATE", message)
        return json_response(payload, 201)
