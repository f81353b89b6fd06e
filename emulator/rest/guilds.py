"""Guilds and members: the guild object, its channels and roles, its members, and granting or
removing a member's role (Manage Roles and the role hierarchy checked as Discord does)."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator import payloads as gp
from emulator import permissions as P
from emulator.gateway import GUILD_MEMBERS
from emulator.http_util import json_response
from emulator.rest.resource import Resource, route
from emulator.scenario import Guild, Member, Role

log = logging.getLogger(__name__)

GUILD = "/guilds/{guild_id}"
MEMBER_ROLE = GUILD + "/members/{user_id}/roles/{role_id}"
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
        return json_response([gp.channel(c) for c in self._guild(request).channels])

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

    def _member_and_role(self, request: web.Request) -> tuple[Guild, Member, Role]:
        """The guild, member and role a member-role route names, after Discord's checks: 10007
        Unknown Member, 10011 Unknown Role, then 50013 Missing Permissions without Manage Roles
        or for a role at or above the bot's highest role (or managed, or @everyone)."""
        guild = self._guild(request)
        try:
            member = guild.get_member(int(request.match_info["user_id"]))
            role = guild.get_role(int(request.match_info["role_id"]))
        except ValueError:
            member = role = None
        if member is None:
            raise E.DiscordHTTPError(404, 10007, "Unknown Member")
        if role is None:
            raise E.DiscordHTTPError(404, 10011, "Unknown Role")
        bot = self.state.scenario.bot_member(guild)
        if not guild.permissions_for(bot) & P.MANAGE_ROLES or not guild.outranks(bot, role):
            raise E.missing_permissions()
        return guild, member, role

    async def _member_changed(self, member: Member) -> None:
        """GUILD_MEMBER_UPDATE, to sessions with the GUILD_MEMBERS intent only."""
        await self.state.gateway.dispatch(
            "GUILD_MEMBER_UPDATE", gp.guild_member_update(member), intent=GUILD_MEMBERS
        )
        self.state.signal.notify()

    @route("PUT", MEMBER_ROLE)
    async def add_guild_member_role(self, request: web.Request) -> web.Response:
        """204 whether or not the member had the role (adding it again changes nothing)."""
        _, member, role = self._member_and_role(request)
        if role.id not in member.role_ids:
            member.role_ids.append(role.id)
            log.info("role %s granted to %s", role.name, member.name)
            await self._member_changed(member)
        return web.Response(status=204)

    @route("DELETE", MEMBER_ROLE)
    async def remove_guild_member_role(self, request: web.Request) -> web.Response:
        """204 whether or not the member had the role."""
        _, member, role = self._member_and_role(request)
        if role.id in member.role_ids:
            member.role_ids.remove(role.id)
            await self._member_changed(member)
        return web.Response(status=204)
