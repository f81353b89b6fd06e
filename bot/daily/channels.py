"""The poster's way to Discord: open a channel, look for its own post there, send a post, and
read a server's language from the cache.

``DiscordChannels`` does this over a discord.py client. Every REST call first takes a slot from
one ``RequestPacer`` (Discord's global limit; a message also one of its channel's), and
Discord's failures reach the poster as the two outcomes it acts on: ``Refused`` (a person must
fix the channel) and ``SendFailed`` (worth retrying soon).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import aiohttp
import discord

from bot.clock import Clock
from bot.daily.pacing import RequestPacer
from bot.render.messages import Message

HISTORY_SEARCH_LIMIT = 50
"""How many recent messages are searched for a post that may have been sent before a crash
(at most 100: one request)."""


class Refused(Exception):
    """The channel refused the bot (403: missing access or permission; 404: channel gone)."""

    def __init__(self, missing: bool, said: str) -> None:
        super().__init__(said)
        self.missing = missing
        """True for a 403 (access or permission), False for a 404 (not found)."""
        self.said = said
        """Discord's own words (or the status)."""


class SendFailed(Exception):
    """A transient failure (a 5xx discord.py did not retry, a reset connection, a timeout)."""


class Channel(Protocol):
    async def find_post(self, marker: str) -> int | None:
        """The id of the bot's own recent message whose embed footer is ``marker``."""
        ...

    async def send(self, message: Message, nonce: str) -> int:
        """Send ``message`` with a stable ``nonce`` (Discord deduplicates it); its id."""
        ...


class Channels(Protocol):
    async def open(self, channel_id: int) -> Channel: ...

    def server_locale(self, guild_id: int) -> str | None:
        """The server's language if it is known now (cached and available), else None."""
        ...


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except (discord.Forbidden, discord.NotFound) as exc:
        raise Refused(isinstance(exc, discord.Forbidden), exc.text or str(exc.status)) from exc
    except discord.HTTPException as exc:
        raise SendFailed(f"Discord error {exc.status}") from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise SendFailed(f"send failed ({type(exc).__name__})") from exc


class _DiscordChannel:
    def __init__(
        self,
        channel_id: int,
        channel: discord.abc.Messageable,
        client: discord.Client,
        pacer: RequestPacer,
    ) -> None:
        self._channel_id = channel_id
        self._channel = channel
        self._client = client
        self._pacer = pacer

    async def find_post(self, marker: str) -> int | None:
        me = self._client.user
        with _translated():
            await self._pacer.wait()  # one request: HISTORY_SEARCH_LIMIT <= 100
            async for message in self._channel.history(limit=HISTORY_SEARCH_LIMIT):
                if me is not None and message.author.id != me.id:
                    continue
                if any(e.footer.text == marker for e in message.embeds):
                    return message.id
        return None

    async def send(self, message: Message, nonce: str) -> int:
        with _translated():
            async with self._pacer.sending(self._channel_id):
                sent = await self._channel.send(
                    content=message.content,
                    embeds=message.embeds,
                    view=message.view or discord.utils.MISSING,
                    nonce=nonce,
                )
        return sent.id


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
        return _DiscordChannel(channel_id, channel, self._client, self.pacer)

    def server_locale(self, guild_id: int) -> str | None:
        guild = self._client.get_guild(guild_id)
        if guild is None or guild.unavailable:  # in an outage it only says en-US
            return None
        return str(guild.preferred_locale)
