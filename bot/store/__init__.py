"""Persistence: the ``Store`` facade, the dataclasses it takes and returns, the backend
interface (``interface.py``) and its implementations (``sqlite/``, ``postgres/``); the only
package with SQL."""

from bot.store.errors import (
    ChannelBusyError,
    DatabaseTooNewError,
    RowsRejectedError,
    StorageUnavailableError,
    StoreUnreachableError,
)
from bot.store.models import (
    Checkin,
    Group,
    GroupPause,
    GroupState,
    Guild,
    ImportBatch,
    Member,
    MemberTotals,
    NewGroup,
    Post,
    PostSpan,
    PostState,
    Streak,
    Tick,
    TickTarget,
)
from bot.store.sqlite import backup_file, migrate_file
from bot.store.store import Store

__all__ = [
    "ChannelBusyError",
    "Checkin",
    "DatabaseTooNewError",
    "Group",
    "GroupPause",
    "GroupState",
    "Guild",
    "ImportBatch",
    "Member",
    "MemberTotals",
    "NewGroup",
    "Post",
    "PostSpan",
    "PostState",
    "RowsRejectedError",
    "StorageUnavailableError",
    "Store",
    "StoreUnreachableError",
    "Streak",
    "Tick",
    "TickTarget",
    "backup_file",
    "migrate_file",
]
