"""Helpers for running an in-process discord.py client against the emulator."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import discord

    from emulator.server import Emulator

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def running_bot(
    emu: Emulator, client: discord.Client, *, timeout: float = 10.0, wait_sync: bool = False
) -> AsyncIterator[discord.Client]:
    """Start ``client`` against ``emu`` (patching discord.py), wait until it is connected,
    and close it on exit. Failures of ``client.start`` surface instead of a timeout."""
    emu.patch_discord()
    before = emu.gateway.ready_count
    task = asyncio.create_task(client.start(emu.token), name="emulated-bot")
    try:
        waiter = asyncio.create_task(emu.wait_connected(timeout, count=before + 1))
        done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            waiter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiter
            task.result()  # raises what start() raised
            raise RuntimeError("the bot stopped before it connected")
        waiter.result()
        if wait_sync:
            await emu.wait_commands_synced(timeout)
        yield client
    finally:
        if not client.is_closed():
            try:
                await wait_idle(client, timeout)
            except TimeoutError:
                log.warning("closing the bot under handlers still running after %.0f s", timeout)
            await _cancel_delayed_ready(client)
            await client.close()
        if not task.done():
            try:
                await asyncio.wait_for(task, timeout)
            except (asyncio.CancelledError, TimeoutError):
                task.cancel()
        elif not task.cancelled() and task.exception() is not None:
            log.warning("bot task ended with %r", task.exception())
        await _settle_events(client)


def _of(task: asyncio.Task[object], owner: object) -> bool:
    frame = getattr(task.get_coro(), "cr_frame", None)
    return frame is not None and frame.f_locals.get("self") is owner


async def _cancel_delayed_ready(client: discord.Client) -> None:
    """Cancel discord.py's wait for ``on_ready`` (``guild_ready_timeout``, 2 s after the last
    GUILD_CREATE) in a bot closed sooner: it would dispatch into the closed client, and that
    event's coroutine, never awaited, is a warning the next test fails on."""
    state = getattr(client, "_connection", None)
    pending = [t for t in asyncio.all_tasks() if not t.done() and _of(t, state)]
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


def _handles_for(task: asyncio.Task[object], client: discord.Client) -> bool:
    """``task`` is one of ``client``'s handlers: an event (``discord.py: on_…``) or an
    interaction's (a command's ``CommandTree-invoker``, a view's or a modal's dispatch)."""
    if task.done():
        return False
    if task.get_name().startswith("discord.py:"):
        return _of(task, client)
    frame = getattr(task.get_coro(), "cr_frame", None)
    interaction = frame.f_locals.get("interaction") if frame is not None else None
    return getattr(interaction, "client", None) is client


async def wait_idle(client: discord.Client, timeout: float = 10.0) -> None:
    """Wait until none of ``client``'s event or interaction handlers is running (``TimeoutError``
    after ``timeout``). A handler goes on after its response reached the emulator (what it does
    after replying: a tick's live update, a change's post run), so a test waits for this before
    it closes the bot or its database, or looks at what that work leaves behind."""
    me = asyncio.current_task()
    async with asyncio.timeout(timeout):
        while busy := [t for t in asyncio.all_tasks() if t is not me and _handles_for(t, client)]:
            await asyncio.wait(busy)


async def _settle_events(client: discord.Client) -> None:
    """Cancel and await the event handlers discord.py scheduled for ``client`` but never ran:
    a task left pending when the test's loop closes is a coroutine never awaited, a warning
    the next test fails on."""
    pending = [
        t
        for t in asyncio.all_tasks()
        if t.get_name().startswith("discord.py:") and not t.done() and _of(t, client)
    ]
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
