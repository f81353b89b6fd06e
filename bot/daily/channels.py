"""Exactly-once delivery's way to Discord (``bot.daily.delivery.Channels``) over a discord.py
client: open a channel, search it for the bot's own message, send, and read a server's language
from the cache.

Every REST call first takes a slot from one ``RequestPacer`` (Discord's global limit; a message
also one of its channel's), and Discord's failures reach the delivery as the two outcomes it
knows: ``Refused`` (a person must fix the channel) and ``SendFailed`` (worth retrying soon).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import aiohttp
import discord

from bot.clock import Clock
from bot.daily.delivery import (
    SEARCH_PAGE,
    SEARCH_PAGES_MAX,
    SEND_TIMEOUT,
    Channel,
    Marker,
    Refused,
    SendFailed,
    Window,
)
from bot.daily.pacing import RequestPacer
from bot.render.messages import Message


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except (discord.Forbidden, discord.NotFound) as exc:
        said = exc.text or str(exc.status)
        raise Refused(isinstance(exc, discord.Forbidden), said, exc.code) from exc
    except discord.HTTPException as exc:
        raise SendFailed(f"Discord error {exc.status}") from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise SendFailed(f"send failed ({type(exc).__name__})") from exc


def custom_ids(message: dict[str, Any]) -> list[str]:
    """Every component ``custom_id`` of a message payload (action rows and their children)."""
    found: list[str] = []
    stack = list(message.get("components") or [])
    while stack:
        component = stack.pop()
        if isinstance(component.get("custom_id"), str):
            found.append(component["custom_id"])
        stack.extend(component.get("components") or [])
    return found


def footers(message: dict[str, Any]) -> list[str]:
    return [str((e.get("footer") or {}).get("text") or "") for e in message.get("embeds") or []]


class _DiscordChannel:
    def __init__(
        self,
        channel: discord.abc.Messageable,
        channel_id: int,
        client: discord.Client,
        pacer: RequestPacer,
    ) -> None:
        self._channel = channel
        self._id = channel_id
        self._client = client
        self._pacer = pacer

    async def find(self, marker: Marker, window: Window) -> int | None:
        """Pages of ``SEARCH_PAGE`` messages, oldest first, from the window's start; stops at
        the first message past its end or at the channel's newest message."""
        me = self._client.user
        after = max(0, discord.utils.time_snowflake(window.after, high=True))
        for _ in range(SEARCH_PAGES_MAX):
            with _translated():
                await self._pacer.wait()
                page = await self._client.http.logs_from(self._id, SEARCH_PAGE, after=after)
            for payload in sorted(page, key=lambda m: int(m["id"])):
                data = cast(dict[str, Any], payload)
                message_id = int(data["id"])
                if discord.utils.snowflake_time(message_id) > window.until:
                    return None
                author = (data.get("author") or {}).get("id")
                mine = me is not None and author == str(me.id)
                if mine and marker.matches(custom_ids(data), footers(data)):
                    return message_id
                after = message_id
            if len(page) < SEARCH_PAGE:
                return None
        raise SendFailed(f"more than {SEARCH_PAGES_MAX * SEARCH_PAGE} messages to search")

    async def send(
        self, message: Message, nonce: str, attempting: Callable[[], Awaitable[None]]
    ) -> int:
        # the attempt is recorded just before the request's paced turn, and before it leaves
        async with self._pacer.sending(self._id, before=attempting):
            with _translated():
                async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                    sent = await self._channel.send(
                        content=message.content,
                        embeds=message.embeds,
                        view=message.view or discord.utils.MISSING,
                        files=message.discord_files() or discord.utils.MISSING,
                        nonce=nonce,
                        allowed_mentions=message.allowed_mentions(),
                    )
        return sent.id


GLOBAL_HOLD_MAX_S = 60.0
"""The longest a global 429's ``Retry-After`` holds the pacer."""


def held_on_global_429(pacer: RequestPacer) -> aiohttp.TraceConfig:
    """For discord.py's ``http_trace``: every global 429 Discord answers holds ``pacer`` for
    its ``Retry-After`` (``RequestPacer.hold``)."""

    async def on_request_end(
        session: aiohttp.ClientSession,
        context: object,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        response = params.response
        if response.status != 429 or response.headers.get("X-RateLimit-Global") != "true":
            return
        try:
            wait = float(response.headers.get("Retry-After", "1"))
        except ValueError:
            wait = 1.0
        pacer.hold(min(max(wait, 0.0), GLOBAL_HOLD_MAX_S))

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_request_end)
    return trace


OPEN_DM_WINDOW = 0
"""The pacer's window key for ``POST /users/@me/channels`` (no channel has id 0): one
bucket for every DM the bot opens, 5 per 5 s on the emulator as Discord's default."""


class DiscordChannels:
    """``Channels`` over a discord.py client: cached channels first, else one paced fetch."""

    def __init__(
        self, client: discord.Client, pacer: RequestPacer | None = None, clock: Clock | None = None
    ) -> None:
        self._client = client
        self.pacer = pacer or RequestPacer(clock=clock)

    async def open(self, channel_id: int) -> Channel:
        channel = self._client.get_channel(channel_id)
        if channel is None:
            with _translated():
                await self.pacer.wait()
                channel = await self._client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} cannot hold messages")
        return _DiscordChannel(channel, channel_id, self._client, self.pacer)

    async def edit(self, channel_id: int, message_id: int, message: Message) -> None:
        """Replace a message's embeds (its buttons stay), paced in the channel's edit window:
        ``Refused`` if Discord says the message or channel is gone (404) or closed (403),
        ``SendFailed`` for anything worth trying again."""
        partial = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        async with self.pacer.editing(channel_id):
            with _translated():
                async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                    await partial.edit(embeds=message.embeds)

    async def add_role(self, guild_id: int, user_id: int, role_id: int, reason: str) -> None:
        """Give a member a role (one paced request; giving a role the member has changes
        nothing). ``Refused`` when Discord refuses (no Manage Roles, a role above the bot's,
        a member or role gone), ``SendFailed`` when it may work later."""
        with _translated():
            await self.pacer.wait()
            async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                await self._client.http.add_role(guild_id, user_id, role_id, reason=reason)

    async def open_dm(self, user_id: int) -> int:
        """The id of the bot's DM channel with the user (Discord returns the existing one).
        Opening DMs has one bucket for the whole bot, so opens are paced on a window of their
        own (``OPEN_DM_WINDOW``) as well as the global one; the caller keeps the id."""
        async with self.pacer.sending(OPEN_DM_WINDOW):
            with _translated():
                data = await self._client.http.start_private_message(user_id)
        return int(data["id"])

    def dm(self, channel_id: int) -> Channel:
        """A DM channel opened earlier, without a request (sends to it are paced like any
        channel's)."""
        channel = self._client.get_partial_messageable(channel_id, type=discord.ChannelType.private)
        return _DiscordChannel(channel, channel_id, self._client, self.pacer)

    def server_locale(self, guild_id: int) -> str | None:
        guild = self._client.get_guild(guild_id)
        if guild is None or guild.unavailable:  # in an outage it only says en-US
            return None
        return str(guild.preferred_locale)
