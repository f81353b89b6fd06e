"""The one source of "now": injectable so tests move time instead of waiting for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current instant, UTC-aware."""
    return datetime.now(UTC)
