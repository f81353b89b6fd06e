"""Guilds and members: the guild object, its channels and roles, and its members."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator import payloads as gp
from emulator.http_util import json_response
from emulator.rest.resource import Resource, route
from emulator.scenario import Guild

log = logging.getLogger(__name__)

GUILD = "/guilds/{guild_id}"
# what GUILD_CREATE carries beyond the guild object REST returns
GATEWAY_ONLY_FIELDS = (
    "members",
    "channels",
    "threads",
    "presences",
    "voice_states",
    "joined_at",
    "large",
    "unavailable",
    "member_count",
    "stage_instances",
    "guild_scheduled_events",
    "soundboard_sounds",
)


class GuildsResource(Resource):
    def _guild(self, request: web.Request) -> Guild:
        try:
            guild = self.state.scenario.get_guild(int(request.match_info["guild_id"]))
        except ValueError:
            guild = None
        if guild is None:
            raise E.DiscordHTTPError(404, 10004, "Unknown Guild")
        return guild

    @route("GET", GUILD)
    async def get_guild(self, request: web.Request) -> web.Response:
        data = gp.guild_create(self._guild(request))
        for key in GATEWAY_ONLY_FIELDS:
            data.pop(key, None)
        return json_response(data)

    @route("GET", GUILD + "/channels")
    async def get_guild_channels(self, request: web.Request) -> web.Response:
        channels = self._guild(request).channels
        # threads are not the guild's channels here (Discord: List Active Guild Threads)
        return json_response([gp.channel(c) for c in channels if c.type != 11])

    @route("GET", GUILD + "/roles")
    async def get_guild_roles(self, request: web.Request) -> web.Response:
        return json_response([gp.role(r) for r in self._guild(request).roles])

    @route("GET", GUILD + "/members/{user_id}")
    async def get_guild_member(self, request: web.Request) -> web.Response:
        member = self._guild(request).get_member(int(request.match_info["user_id"]))
        if member is None:
            raise E.DiscordHTTPError(404, 10007, "Unknown Member")
        return json_response(gp.member(member))

    @route("GET", GUILD + "/members")
    async def list_guild_members(self, request: web.Request) -> web.Response:
        """Members by user id after ``after``, at most ``limit`` (default 1, as Discord)."""
        guild = self._guild(request)
        limit = int(request.query.get("limit", 1))
        after = int(request.query.get("after", 0))
        members = sorted((m for m in guild.members if m.id > after), key=lambda m: m.id)[:limit]
        return json_response([gp.member(m) for m in members])
