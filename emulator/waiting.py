"""Wait on conditions over the emulator's state without polling or sleeping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class WaitTimeout(TimeoutError):
    """A control-API wait did not see its condition in time."""


class Signal:
    """Everyone waiting re-checks their predicate whenever ``notify()`` is called."""

    def __init__(self) -> None:
        self._fut: asyncio.Future[None] | None = None
        self.listeners: list[Callable[[], None]] = []
        """Called on every ``notify`` (cheap checks only: it is called on every request)."""

    def notify(self) -> None:
        for listener in self.listeners:
            listener()
        fut, self._fut = self._fut, None
        if fut is not None and not fut.done():
            fut.set_result(None)

    async def wait_until(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        try:
            async with asyncio.timeout(timeout):
                while True:
                    result = predicate()
                    if result:
                        return result
                    if self._fut is None or self._fut.done():
                        self._fut = asyncio.get_running_loop().create_future()
                    await asyncio.shield(self._fut)
        except TimeoutError:
            raise WaitTimeout(f"timed out after {timeout:.1f} s waiting for {what}") from None
