"""Background tasks that never die silently: a kept reference and a logging done-callback.

Two kinds: ``spawn`` for work that ends (a post run, a reconciliation), which ``drain`` waits
for at shutdown; ``spawn_service`` for a loop that runs as long as its owner (the edit queue's
worker), which ``drain`` does not wait for: its owner stops it (cancels and awaits it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)

_running: set[asyncio.Task[Any]] = set()
"""Work that ends: what ``drain`` waits for."""
_services: set[asyncio.Task[Any]] = set()
"""Loops stopped by their owners: only kept referenced."""


def _done(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    _services.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.error("background task %s failed", task.get_name(), exc_info=exc)


def spawn(coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
    """Run ``coro`` in the background; ``drain`` waits for it."""
    task = asyncio.get_running_loop().create_task(coro, name=name)
    _running.add(task)
    task.add_done_callback(_done)
    return task


def spawn_service(coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
    """Run a long-lived loop in the background; ``drain`` does not wait for it (it would wait
    its whole timeout), so its owner must stop it: ``stop_service``."""
    task = asyncio.get_running_loop().create_task(coro, name=name)
    _services.add(task)
    task.add_done_callback(_done)
    return task


async def stop_service(task: asyncio.Task[Any]) -> None:
    """Cancel a service and wait until it has ended (its failure was logged already)."""
    task.cancel()
    await asyncio.wait({task})


async def drain(timeout: float) -> None:
    """Wait (bounded) for running background work, e.g. posts in flight at shutdown; services
    (``spawn_service``) are not waited for."""
    loop = asyncio.get_running_loop()
    ours = {t for t in _running if t.get_loop() is loop}  # a closed loop's never finish
    if ours:
        await asyncio.wait(ours, timeout=timeout)
