"""What the store raises, the same from every backend: callers never see a driver's errors."""

from __future__ import annotations

from bot.errors import StorageUnavailableError
from bot.store.models import Group

__all__ = [
    "ChannelBusyError",
    "DatabaseTooNewError",
    "RowsRejectedError",
    "StorageUnavailableError",
]


class ChannelBusyError(Exception):
    """A channel already has a running group; ``existing`` is that group."""

    def __init__(self, existing: Group) -> None:
        super().__init__(f"channel {existing.channel_id} already runs group {existing.id}")
        self.existing = existing


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer studybot; refusing to touch it."""

    def __init__(self, current: int, latest: int) -> None:
        super().__init__(
            f"The database is at schema version {current}, but this studybot knows only up to "
            f"version {latest}. It was written by a newer studybot: upgrade studybot, or point "
            f"STUDYBOT_DB at another file. Nothing was changed."
        )


class RowsRejectedError(ValueError):
    """An import broke a key or a reference (a row already there, a member of no group):
    nothing of it was written."""
