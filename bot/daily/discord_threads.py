"""``ThreadMaker`` over a discord.py client: start a thread from a message, read a message's
thread. Paced like every other request: a start waits for its channel's window (as a message
does) and the global one, a read for the global one. Discord's answers become what
``bot.daily.threads`` knows: 160004 ``ThreadExists``, 403/404 ``Refused``, anything else
``SendFailed``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import discord

from bot.daily.delivery import SEND_TIMEOUT, Refused, SendFailed
from bot.daily.pacing import RequestPacer
from bot.daily.threads import ThreadExists

THREAD_EXISTS = 160004
"""Discord: "A thread has already been created for this message"."""


@contextmanager
def _answers() -> Iterator[None]:
    try:
        yield
    except (discord.Forbidden, discord.NotFound) as exc:
        raise Refused(isinstance(exc, discord.Forbidden), exc.text or str(exc.status)) from exc
    except discord.HTTPException as exc:
        if exc.code == THREAD_EXISTS:
            raise ThreadExists() from exc
        raise SendFailed(f"Discord error {exc.status}") from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise SendFailed(f"request failed ({type(exc).__name__})") from exc


class DiscordThreads:
    def __init__(self, client: discord.Client, pacer: RequestPacer) -> None:
        self._client = client
        self._pacer = pacer

    async def start_thread(self, channel_id: int, message_id: int, name: str, minutes: int) -> int:
        async with self._pacer.sending(channel_id):
            with _answers():
                async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                    data = await self._client.http.start_thread_with_message(
                        channel_id,
                        message_id,
                        name=name,
                        auto_archive_duration=minutes,  # type: ignore[arg-type]
                    )
        return int(data["id"])

    async def thread_of(self, channel_id: int, message_id: int) -> int | None:
        await self._pacer.wait()
        with _answers():
            data = await self._client.http.get_message(channel_id, message_id)
        thread = data.get("thread")
        return int(thread["id"]) if thread else None
