"""``ThreadMaker`` over a discord.py client: start a thread from a message, read a message's
thread; paced like every other request (a start also takes one of its channel's slots)."""

from __future__ import annotations

import asyncio

import discord

from bot.daily.channels import _translated
from bot.daily.delivery import SEND_TIMEOUT
from bot.daily.pacing import RequestPacer
from bot.daily.threads import ThreadExists

THREAD_EXISTS = 160004
"""Discord: "A thread has already been created for this message"."""


class DiscordThreads:
    def __init__(self, client: discord.Client, pacer: RequestPacer) -> None:
        self._client = client
        self._pacer = pacer

    async def start_thread(self, channel_id: int, message_id: int, name: str, minutes: int) -> int:
        async with self._pacer.sending(channel_id):
            try:
                with _translated():
                    async with asyncio.timeout(SEND_TIMEOUT.total_seconds()):
                        data = await self._client.http.start_thread_with_message(
                            channel_id,
                            message_id,
                            name=name,
                            auto_archive_duration=minutes,  # type: ignore[arg-type]
                        )
            except Exception as exc:
                cause = exc.__cause__
                if isinstance(cause, discord.HTTPException) and cause.code == THREAD_EXISTS:
                    raise ThreadExists() from cause
                raise
        return int(data["id"])

    async def thread_of(self, channel_id: int, message_id: int) -> int | None:
        await self._pacer.wait()
        with _translated():
            data = await self._client.http.get_message(channel_id, message_id)
        thread = data.get("thread")
        return int(thread["id"]) if thread else None
