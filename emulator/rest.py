"""REST handlers under /api/v10: what discord.py calls, answered the way Discord does."""

from __future__ import annotations

import logging

from aiohttp import web

from emulator import errors as E
from emulator import gateway_payloads as gp
from emulator import permissions as P
from emulator.http_util import (
    JSON,
    JSON_KEY,
    body_of,
    clone,
    json_response,
)
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
from emulator.scenario import Channel, Guild, Member
from emulator.state import EmulatorState
from emulator.validation import (
    check_choices,
    check_command,
    check_command_list,
    check_message,
    check_modal,
)

log = logging.getLogger(__name__)


# route templates (OpenAPI names); "METHOD /path" strings are what faults and logs use
ROUTES: list[tuple[str, str, str]] = [
    ("GET", "/users/@me", "get_me"),
    ("GET", "/users/{user_id}", "get_user"),
    ("POST", "/users/@me/channels", "create_dm"),
    ("GET", "/oauth2/applications/@me", "get_app"),
    ("GET", "/applications/@me", "get_app"),
    ("GET", "/gateway", "get_gateway"),
    ("GET", "/gateway/bot", "get_gateway_bot"),
    ("GET", "/applications/{application_id}/commands", "get_commands"),
    ("PUT", "/applications/{application_id}/commands", "put_commands"),
    ("POST", "/applications/{application_id}/commands", "post_command"),
    ("GET", "/applications/{application_id}/commands/{command_id}", "get_command"),
    ("PATCH", "/applications/{application_id}/commands/{command_id}", "patch_command"),
    ("DELETE", "/applications/{application_id}/commands/{command_id}", "delete_command"),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", "get_commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", "put_commands"),
    ("POST", "/applications/{application_id}/guilds/{guild_id}/commands", "post_command"),
    (
        "GET",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        "get_command",
    ),
    (
        "PATCH",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        "patch_command",
    ),
    (
        "DELETE",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
        "delete_command",
    ),
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", "callback"),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}", "execute_webhook"),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "get_webhook_message"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "edit_webhook_message"),
    (
        "DELETE",
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "delete_webhook_message",
    ),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "get_webhook_message"),
    (
        "PATCH",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        "edit_webhook_message",
    ),
    (
        "DELETE",
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        "delete_webhook_message",
    ),
    ("GET", "/channels/{channel_id}", "get_channel"),
    ("GET", "/channels/{channel_id}/messages", "list_messages"),
    ("POST", "/channels/{channel_id}/messages", "create_message"),
    ("GET", "/channels/{channel_id}/messages/{message_id}", "get_message"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}", "edit_message"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}", "delete_message"),
    ("POST", "/channels/{channel_id}/typing", "typing"),
    (
        "PUT",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
        "add_reaction",
    ),
    (
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
        "remove_reaction",
    ),
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads", "create_thread_from_message"),
    ("GET", "/guilds/{guild_id}", "get_guild"),
    ("GET", "/guilds/{guild_id}/channels", "get_guild_channels"),
    ("GET", "/guilds/{guild_id}/roles", "get_guild_roles"),
    ("GET", "/guilds/{guild_id}/members/{user_id}", "get_guild_member"),
    ("GET", "/guilds/{guild_id}/members", "list_guild_members"),
]

# routes a bot calls without its token (the interaction token authenticates them)
TOKEN_ROUTE_MARKERS = ("{webhook_token}", "{interaction_token}")


class RestHandlers(EmulatorState):
    """``_h_<name>`` handlers, registered from ROUTES by the server."""

    # ---- REST: users, application, gateway --------------------------------------------------
    async def _h_get_me(self, request: web.Request) -> web.Response:
        return json_response(
            {
                **self._bot_user(),
                "verified": True,
                "mfa_enabled": False,
                "locale": "en-US",
                "email": None,
                "premium_type": 0,
            }
        )

    async def _h_get_user(self, request: web.Request) -> web.Response:
        uid = int(request.match_info["user_id"])
        if uid == self.bot_user_id:
            return json_response(self._bot_user())
        for guild in self.scenario.guilds:
            member = guild.get_member(uid)
            if member is not None:
                return json_response(gp.member_user(member))
        raise E.DiscordHTTPError(404, 10013, "Unknown User")

    async def _h_create_dm(self, request: web.Request) -> web.Response:
        body = body_of(request)
        uid = int(body.get("recipient_id", 0))
        member = None
        for guild in self.scenario.guilds:
            member = guild.get_member(uid)
            if member is not None:
                break
        if member is None:
            raise E.DiscordHTTPError(400, 50007, "Cannot send messages to this user")
        cid = next((c for c, u in self._dm_channels.items() if u == uid), None)
        if cid is None:
            cid = self.ids.next()
            self._dm_channels[cid] = uid
        return json_response(self._dm_payload(cid, member))

    def _dm_payload(self, cid: int, member: Member) -> JSON:
        return {
            "id": str(cid),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [gp.member_user(member)],
        }

    async def _h_get_app(self, request: web.Request) -> web.Response:
        sc = self.scenario
        owner = gp.user(sc.owner_id, sc.owner_name)
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
                "bot": self._bot_user(),
                "owner": owner,
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

    async def _h_get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def _h_get_gateway_bot(self, request: web.Request) -> web.Response:
        return json_response(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14400000,
                    "max_concurrency": 1,
                },
            }
        )

    # ---- REST: application commands ---------------------------------------------------------
    def _command_list(self, request: web.Request) -> tuple[list[JSON], int | None]:
        self._check_app(request)
        gid = request.match_info.get("guild_id")
        if gid is None:
            return self.global_commands, None
        guild = self.scenario.get_guild(int(gid))
        if guild is None:
            raise E.missing_access()
        return self.guild_commands.setdefault(guild.id, []), guild.id

    def _materialize_command(self, cmd: JSON, guild_id: int | None, existing: list[JSON]) -> JSON:
        old = next(
            (
                c
                for c in existing
                if c["name"] == cmd["name"] and c.get("type", 1) == cmd.get("type", 1)
            ),
            None,
        )
        out: JSON = {
            "id": old["id"] if old else str(self.ids.next()),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": cmd.get("type", 1),
            "name": cmd["name"],
            "name_localizations": cmd.get("name_localizations"),
            "description": cmd.get("description", ""),
            "description_localizations": cmd.get("description_localizations"),
            "default_member_permissions": cmd.get("default_member_permissions"),
            "dm_permission": cmd.get("dm_permission", True),
            "nsfw": cmd.get("nsfw", False),
            "contexts": cmd.get("contexts"),
            "integration_types": cmd.get("integration_types") or [0],
        }
        if cmd.get("options"):
            out["options"] = clone(cmd["options"])
        if guild_id is not None:
            out["guild_id"] = str(guild_id)
        return out

    async def _h_get_commands(self, request: web.Request) -> web.Response:
        commands, _ = self._command_list(request)
        return json_response(commands)

    async def _h_put_commands(self, request: web.Request) -> web.Response:
        commands, guild_id = self._command_list(request)
        body = check_command_list(request[JSON_KEY])
        new = [self._materialize_command(cmd, guild_id, commands) for cmd in body]
        commands[:] = new
        self.sync_count += 1
        log.info("emulator: %d commands synced (guild %s)", len(new), guild_id)
        return json_response(new)

    async def _h_post_command(self, request: web.Request) -> web.Response:
        commands, guild_id = self._command_list(request)
        body = body_of(request)
        check_command(body)
        cmd = self._materialize_command(body, guild_id, commands)
        commands[:] = [c for c in commands if c["id"] != cmd["id"]] + [cmd]
        self.sync_count += 1
        return json_response(cmd, 201)

    def _find_command_by_id(self, request: web.Request) -> tuple[list[JSON], JSON]:
        commands, _ = self._command_list(request)
        cid = request.match_info["command_id"]
        cmd = next((c for c in commands if c["id"] == cid), None)
        if cmd is None:
            raise E.unknown_application_command()
        return commands, cmd

    async def _h_get_command(self, request: web.Request) -> web.Response:
        return json_response(self._find_command_by_id(request)[1])

    async def _h_patch_command(self, request: web.Request) -> web.Response:
        _, cmd = self._find_command_by_id(request)
        for key, value in (body_of(request)).items():
            cmd[key] = clone(value)
        return json_response(cmd)

    async def _h_delete_command(self, request: web.Request) -> web.Response:
        commands, cmd = self._find_command_by_id(request)
        commands.remove(cmd)
        return json_response(None, 204)

    # ---- REST: interaction callback and webhooks ---------------------------------------------
    def _interaction_for_callback(self, request: web.Request) -> InteractionHandle:
        try:
            inter = self.interactions.get(int(request.match_info["interaction_id"]))
        except ValueError:
            inter = None
        if inter is None or inter.token != request.match_info["interaction_token"]:
            raise E.unknown_interaction()
        return inter

    async def _h_callback(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_callback(request)
        try:
            return await self._callback(inter, request)
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise

    async def _callback(self, inter: InteractionHandle, request: web.Request) -> web.Response:
        body = body_of(request)
        ctype = body.get("type")
        data = body.get("data") or {}
        inter.responses.append({"type": ctype, "data": clone(data)})
        if inter.acknowledged:
            raise E.already_acknowledged()
        if self.clock.now() - inter.created_at > self.interaction_timeout:
            raise E.unknown_interaction()
        allowed = {
            APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
            MESSAGE_COMPONENT: {
                CHANNEL_MESSAGE,
                DEFERRED_CHANNEL_MESSAGE,
                DEFERRED_UPDATE,
                UPDATE_MESSAGE,
                MODAL,
            },
            AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
            MODAL_SUBMIT: {
                CHANNEL_MESSAGE,
                DEFERRED_CHANNEL_MESSAGE,
                DEFERRED_UPDATE,
                UPDATE_MESSAGE,
            },
        }[inter.type]
        if ctype not in allowed:
            raise E.invalid_form_body(
                {
                    "type": E.field_error(
                        "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
                    )
                }
            )
        if (
            inter.type in (MODAL_SUBMIT,)
            and ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE)
            and inter.source_message_id is None
        ):
            raise E.invalid_form_body(
                {
                    "type": E.field_error(
                        "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
                    )
                }
            )
        try:
            if ctype == CHANNEL_MESSAGE:
                check_message(data)
            elif ctype == UPDATE_MESSAGE:
                check_message(data, require_content=False)
            elif ctype == AUTOCOMPLETE_RESULT:
                check_choices(data)
            elif ctype == MODAL:
                check_modal(data)
        except E.DiscordHTTPError as exc:
            if exc.code == 50035 and ctype != AUTOCOMPLETE_RESULT and exc.errors is not None:
                exc.errors = {"data": exc.errors}
            raise
        inter.ack_type = ctype
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        resource: JSON | None = None
        loading_id = ""
        cid = inter.channel.id
        if ctype in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            flags = int(data.get("flags") or 0) & (EPHEMERAL | (1 << 15) | (1 << 2) | (1 << 12))
            if ctype == DEFERRED_CHANNEL_MESSAGE:
                flags = (flags & EPHEMERAL) | LOADING
                content_body: JSON = {}
            else:
                content_body = data
            message = self._new_message(
                channel_id=cid,
                body=content_body,
                type_=20 if inter.type == APPLICATION_COMMAND else 0,
                flags=flags,
                webhook=True,
                interaction=inter,
            )
            self._store_message(cid, message, in_channel=not ephemeral)
            inter.original_message_id = int(message["id"])
            await self._publish("MESSAGE_CREATE", message)
            resource = {"type": ctype, "message": message}
            if ctype == CHANNEL_MESSAGE:
                inter.set_reply(Reply(type=ctype, via="response", message=message))
            else:
                resource = None  # Discord documents a resource message for types 4 and 7 only
                loading_id = message["id"]
        elif ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            inter.original_message_id = inter.source_message_id
            if ctype == UPDATE_MESSAGE and inter.source_message_id is not None:
                message = self._messages[inter.source_message_id]
                self._apply_edit(message, data)
                await self._publish("MESSAGE_UPDATE", message)
                resource = {"type": ctype, "message": message}
                inter.set_reply(Reply(type=ctype, via="response", message=message))
            elif inter.source_message_id is not None:
                # a deferred update may be finished by editing the message directly
                self._pending_updates.setdefault(inter.source_message_id, []).append(inter)
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

    def _interaction_for_webhook(self, request: web.Request) -> InteractionHandle:
        inter = self._by_token.get(request.match_info["webhook_token"])
        if inter is None or request.match_info["webhook_id"] != str(self.application_id):
            raise E.unknown_webhook()
        if self.clock.now() - inter.created_at > self.token_lifetime:
            inter.errors.append({"status": 401, **E.invalid_webhook_token().body()})
            inter.signal.notify()
            raise E.invalid_webhook_token()
        if not inter.acknowledged:
            inter.errors.append({"status": 404, **E.unknown_webhook().body()})
            inter.signal.notify()
            raise E.unknown_webhook()
        return inter

    def _webhook_message(self, inter: InteractionHandle, request: web.Request) -> JSON:
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
        message = self._messages.get(message_id)
        if message is None:
            raise E.unknown_message()
        return message

    async def _h_execute_webhook(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        body = body_of(request)
        try:
            check_message(body)
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise
        cid = inter.channel.id
        original = self._messages.get(inter.original_message_id or 0)
        if (
            inter.ack_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and int(original.get("flags") or 0) & LOADING
        ):
            # Discord turns the first followup after a "thinking" defer into the original
            self._apply_edit(
                original, {k: body.get(k) for k in ("content", "embeds", "components")}
            )
            message = original
            await self._publish("MESSAGE_UPDATE", message)
        else:
            flags = int(body.get("flags") or 0) & (EPHEMERAL | (1 << 15) | (1 << 2) | (1 << 12))
            message = self._new_message(
                channel_id=cid, body=body, flags=flags, webhook=True, interaction=inter
            )
            self._store_message(cid, message, in_channel=not flags & EPHEMERAL)
            await self._publish("MESSAGE_CREATE", message)
        inter.followup_ids.append(int(message["id"]))
        inter.set_reply(Reply(type=inter.ack_type or 0, via="followup", message=message))
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(message)
        return json_response(None, 204)

    async def _h_get_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        return json_response(self._webhook_message(inter, request))

    async def _h_edit_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        body = body_of(request)
        try:
            message = self._webhook_message(inter, request)
            check_message(body, require_content=False)
        except E.DiscordHTTPError as exc:
            inter.errors.append({"status": exc.status, **exc.body()})
            inter.signal.notify()
            raise
        self._apply_edit(message, body)
        await self._publish("MESSAGE_UPDATE", message)
        if int(message["id"]) == inter.original_message_id:
            inter.set_reply(Reply(type=inter.ack_type or 0, via="edit_original", message=message))
        inter.signal.notify()
        return json_response(message)

    async def _h_delete_webhook_message(self, request: web.Request) -> web.Response:
        inter = self._interaction_for_webhook(request)
        message = self._webhook_message(inter, request)
        await self._delete_message(message)
        inter.signal.notify()
        return json_response(None, 204)

    async def _delete_message(self, message: JSON) -> None:
        mid = int(message["id"])
        cid = int(message["channel_id"])
        in_channel = self._in_channel(message)
        self._messages.pop(mid, None)
        if in_channel:
            self._channel_messages[cid].pop(mid, None)
            found = self.scenario.find_channel(cid)
            await self.gateway.dispatch(
                "MESSAGE_DELETE", gp.message_delete(mid, cid, found[0].id if found else None)
            )

    # ---- REST: channels and messages ---------------------------------------------------------
    async def _h_get_channel(self, request: web.Request) -> web.Response:
        guild, channel, dm_user = self._channel(request.match_info["channel_id"])
        if channel is None:
            assert dm_user is not None
            member = self._find_member(dm_user)
            assert member is not None
            cid = int(request.match_info["channel_id"])
            return json_response(self._dm_payload(cid, member))
        assert guild is not None
        self._require(guild, channel, 0)
        return json_response(gp.channel(channel))

    def _find_member(self, user_id: int) -> Member | None:
        for guild in self.scenario.guilds:
            member = guild.get_member(user_id)
            if member is not None:
                return member
        return None

    async def _h_create_message(self, request: web.Request) -> web.Response:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        cid = int(request.match_info["channel_id"])
        body = body_of(request)
        bits = P.SEND_MESSAGES | (P.EMBED_LINKS if body.get("embeds") else 0)
        if body.get("_files"):
            bits |= P.ATTACH_FILES
        self._require(guild, channel, bits)
        check_message(body)
        nonce = body.get("nonce")
        key = (self.bot_user_id, str(nonce))
        now = self.clock.now()
        if nonce is not None and body.get("enforce_nonce"):
            seen = self._nonces.get(key)
            if (
                seen is not None
                and now - seen[0] <= self.nonce_window
                and seen[1] in self._messages
            ):
                log.info("emulator: nonce %s repeated, returning the existing message", nonce)
                return json_response(self._messages[seen[1]])
        message = self._new_message(channel_id=cid, body=body)
        self._store_message(cid, message)
        if nonce is not None:
            self._nonces[key] = (now, int(message["id"]))
        await self._publish("MESSAGE_CREATE", message)
        return json_response(message)

    async def _h_list_messages(self, request: web.Request) -> web.Response:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        self._require(guild, channel, 0)
        if (
            guild is not None
            and channel is not None
            and not self._bot_perms(guild, channel) & P.READ_MESSAGE_HISTORY
        ):
            return json_response([])
        cid = int(request.match_info["channel_id"])
        q = request.query
        try:
            limit = int(q.get("limit", 50))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            raise E.invalid_form_body(
                {"limit": E.field_error("NUMBER_TYPE_MAX", "int value should be between 1 and 100")}
            )
        msgs = list(self._channel_messages.get(cid, {}).values())
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
        return json_response(list(reversed(picked)))  # newest first, as Discord returns them

    def _channel_message(self, request: web.Request) -> tuple[Guild | None, Channel | None, JSON]:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        self._require(guild, channel, 0)
        try:
            mid = int(request.match_info["message_id"])
        except ValueError:
            raise E.unknown_message() from None
        message = self._messages.get(mid)
        if (
            message is None
            or not self._in_channel(message)
            or message["channel_id"] != request.match_info["channel_id"]
        ):
            raise E.unknown_message()
        return guild, channel, message

    async def _h_get_message(self, request: web.Request) -> web.Response:
        return json_response(self._channel_message(request)[2])

    async def _h_edit_message(self, request: web.Request) -> web.Response:
        _, _, message = self._channel_message(request)
        if message["author"]["id"] != str(self.bot_user_id):
            raise E.cannot_edit_other_user()
        body = body_of(request)
        check_message(body, require_content=False)
        self._apply_edit(message, body)
        await self._publish("MESSAGE_UPDATE", message)
        for inter in self._pending_updates.pop(int(message["id"]), []):
            inter.set_reply(Reply(type=DEFERRED_UPDATE, via="edit_message", message=message))
        return json_response(message)

    async def _h_delete_message(self, request: web.Request) -> web.Response:
        guild, channel, message = self._channel_message(request)
        if message["author"]["id"] != str(self.bot_user_id):
            self._require(guild, channel, P.MANAGE_MESSAGES)
        await self._delete_message(message)
        return json_response(None, 204)

    async def _h_typing(self, request: web.Request) -> web.Response:
        guild, channel, _ = self._channel(request.match_info["channel_id"])
        self._require(guild, channel, P.SEND_MESSAGES)
        return json_response(None, 204)

    async def _h_add_reaction(self, request: web.Request) -> web.Response:
        guild, channel, message = self._channel_message(request)
        self._require(guild, channel, P.ADD_REACTIONS | P.READ_MESSAGE_HISTORY)
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

    async def _h_remove_reaction(self, request: web.Request) -> web.Response:
        _, _, message = self._channel_message(request)
        emoji = request.match_info["emoji_name"]
        for r in list(message.get("reactions", [])):
            if r["emoji"]["name"] == emoji and r["me"]:
                r["me"] = False
                r["count"] -= 1
                if r["count"] <= 0:
                    message["reactions"].remove(r)
        return json_response(None, 204)

    async def _h_create_thread_from_message(self, request: web.Request) -> web.Response:
        guild, channel, message = self._channel_message(request)
        self._require(guild, channel, P.CREATE_PUBLIC_THREADS)
        assert guild is not None and channel is not None
        body = body_of(request)
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:
            raise E.invalid_form_body(
                {
                    "name": E.field_error(
                        "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
                    )
                }
            )
        thread = Channel(
            id=int(message["id"]),  # threads from a message share its id
            guild_id=guild.id,
            name=name,
            type=11,
            parent_id=channel.id,
            _bot_id=self.bot_user_id,
        )
        guild.channels.append(thread)
        payload = gp.thread(
            thread,
            owner_id=self.bot_user_id,
            now=self.clock.now(),
            auto_archive_duration=int(body.get("auto_archive_duration") or 4320),
        )
        message["thread"] = payload
        await self.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        return json_response(payload, 201)

    # ---- REST: guilds -----------------------------------------------------------------------
    def _guild(self, request: web.Request) -> Guild:
        try:
            guild = self.scenario.get_guild(int(request.match_info["guild_id"]))
        except ValueError:
            guild = None
        if guild is None:
            raise E.DiscordHTTPError(404, 10004, "Unknown Guild")
        return guild

    async def _h_get_guild(self, request: web.Request) -> web.Response:
        data = gp.guild_create(self._guild(request))
        for key in (
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
        ):
            data.pop(key, None)
        return json_response(data)

    async def _h_get_guild_channels(self, request: web.Request) -> web.Response:
        return json_response([gp.channel(c) for c in self._guild(request).channels])

    async def _h_get_guild_roles(self, request: web.Request) -> web.Response:
        return json_response([gp.role(r) for r in self._guild(request).roles])

    async def _h_get_guild_member(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        member = guild.get_member(int(request.match_info["user_id"]))
        if member is None:
            raise E.DiscordHTTPError(404, 10007, "Unknown Member")
        return json_response(gp.member(member))

    async def _h_list_guild_members(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        limit = int(request.query.get("limit", 1))
        after = int(request.query.get("after", 0))
        members = sorted((m for m in guild.members if m.id > after), key=lambda m: m.id)[:limit]
        return json_response([gp.member(m) for m in members])
