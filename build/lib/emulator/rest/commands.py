"""Application commands: global and guild scopes, bulk overwrite (what ``tree.sync()`` does),
and single commands."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator.http_util import JSON_KEY, body_of, clone, json_response
from emulator.rest.resource import Resource, route
from emulator.validation import check_command, check_command_list

log = logging.getLogger(__name__)

GLOBAL = "/applications/{application_id}/commands"
GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"


class CommandsResource(Resource):
    def _scope(self, request: web.Request) -> int | None:
        """The guild id of a guild-scoped route (None: global); 50001 for another application
        or an unknown guild."""
        if request.match_info.get("application_id") not in (
            None,
            str(self.state.application_id),
        ):
            raise E.missing_access()
        gid = request.match_info.get("guild_id")
        if gid is None:
            return None
        guild = self.state.scenario.get_guild(int(gid))
        if guild is None:
            raise E.missing_access()
        return guild.id

    @route("GET", GLOBAL, GUILD)
    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.state.command_store.scope(self._scope(request)))

    @route("PUT", GLOBAL, GUILD)
    async def put_commands(self, request: web.Request) -> web.Response:
        guild_id = self._scope(request)
        bodies = check_command_list(request[JSON_KEY])
        return json_response(self.state.command_store.overwrite(guild_id, bodies))

    @route("POST", GLOBAL, GUILD)
    async def post_command(self, request: web.Request) -> web.Response:
        guild_id = self._scope(request)
        body = body_of(request)
        check_command(body)
        return json_response(self.state.command_store.upsert(guild_id, body), 201)

    @route("GET", GLOBAL + "/{command_id}", GUILD + "/{command_id}")
    async def get_command(self, request: web.Request) -> web.Response:
        cmd = self.state.command_store.get(self._scope(request), request.match_info["command_id"])
        return json_response(cmd)

    @route("PATCH", GLOBAL + "/{command_id}", GUILD + "/{command_id}")
    async def patch_command(self, request: web.Request) -> web.Response:
        cmd = self.state.command_store.get(self._scope(request), request.match_info["command_id"])
        for key, value in body_of(request).items():
            cmd[key] = clone(value)
        return json_response(cmd)

    @route("DELETE", GLOBAL + "/{command_id}", GUILD + "/{command_id}")
    async def delete_command(self, request: web.Request) -> web.Response:
        self.state.command_store.delete(self._scope(request), request.match_info["command_id"])
        return json_response(None, 204)
