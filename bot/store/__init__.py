"""Persistence: migrations, dataclasses and the ``Store``; the only package with SQL."""

from bot.store.migrations import DatabaseTooNewError, latest_version
from bot.store.models import (
    Checkin,
    Group,
    GroupPause,
    GroupState,
    Guild,
    Member,
    MemberTotals,
    NewGroup,
    Post,
    PostSpan,
    PostState,
    Tick,
    TickTarget,
)
from bot.store.store import (
    ChannelBusyError,
    StorageUnavailableError,
    Store,
    backup_file,
    migrate_file,
)

__all__ = [
    "ChannelBusyError",
    "Checkin",
    "DatabaseTooNewError",
    "Group",
    "GroupPause",
    "GroupState",
    "Guild",
    "Member",
    "MemberTotals",
    "NewGroup",
    "Post",
    "PostSpan",
    "PostState",
    "StorageUnavailableError",
    "Store",
    "Tick",
    "TickTarget",
    "backup_file",
    "latest_version",
    "migrate_file",
]
