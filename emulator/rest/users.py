"""Users and the application: the bot's own user, other users, opening DMs, the application
object, and where the gateway is."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator import payloads as gp
from emulator.http_util import body_of, json_response
from emulator.rest.resource import Resource, route

log = logging.getLogger(__name__)


class UsersResource(Resource):
    @route("GET", "/users/@me")
    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(
            {
                **gp.bot_user(self.state.scenario),
                "verified": True,
                "mfa_enabled": False,
                "locale": "en-US",
                "email": None,
                "premium_type": 0,
            }
        )

    @route("GET", "/users/{user_id}")
    async def get_user(self, request: web.Request) -> web.Response:
        sc = self.state.scenario
        uid = int(request.match_info["user_id"])
        if uid == sc.bot_user_id:
            return json_response(gp.bot_user(sc))
        member = sc.find_member(uid)
        if member is None:
            raise E.DiscordHTTPError(404, 10013, "Unknown User")
        return json_response(gp.member_user(member))

    @route("POST", "/users/@me/channels")
    async def create_dm(self, request: web.Request) -> web.Response:
        uid = int(body_of(request).get("recipient_id", 0))
        member = self.state.scenario.find_member(uid)
        if member is None:
            raise E.DiscordHTTPError(400, 50007, "Cannot send messages to this user")
        channels = self.state.channel_store
        return json_response(channels.dm_payload(channels.open_dm(uid), member))

    @route("GET", "/oauth2/applications/@me", "/applications/@me")
    async def get_app(self, request: web.Request) -> web.Response:
        sc = self.state.scenario
        return json_response(
            {
                "id": str(sc.application_id),
                "name": sc.application_name,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "is_monetized": False,
                "is_verified": False,
                "is_discoverable": False,
                "bot_public": True,
                "bot_require_code_grant": False,
                "bot": gp.bot_user(sc),
                "owner": gp.user(sc.owner_id, sc.owner_name),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "flags_new": "0",
                "approximate_user_authorization_count": 0,
                "eligible_oauth2_scopes": ["applications.commands", "bot"],
                "hook": True,
                "storefront_available": False,
                "integration_types_config": {"0": {}},
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "approximate_guild_count": len(sc.guilds),
                "approximate_user_install_count": 0,
                "explicit_content_filter": 0,
                "rpc_application_state": 0,
                "store_application_state": 1,
                "verification_state": 1,
                "integration_public": True,
                "integration_require_code_grant": False,
                "discoverability_state": 1,
                "discovery_eligibility_flags": 0,
                "monetization_state": 1,
                "monetization_eligibility_flags": 0,
                "max_participants": None,
            }
        )

    @route("GET", "/gateway")
    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.state.gateway_url})

    @route("GET", "/gateway/bot")
    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        """The recommended shard count and session start limits (``Gateway`` settings)."""
        gateway = self.state.gateway
        return json_response(
            {
                "url": self.state.gateway_url,
                "shards": gateway.shards_to_recommend(),
                "session_start_limit": gateway.session_start_limit(),
            }
        )
