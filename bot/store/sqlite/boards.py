"""Groups' pinned leaderboards (``group_boards``): the contracts are ``BoardQueries``'s."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import cast

from bot.store.features.boards import BoardRow, BoardState, GoneOutcome
from bot.store.sqlite.codec import instant, is_row_id, iso
from bot.store.sqlite.connection import SqliteDb

COLS = (
    "guild_id, group_id, generation, state, nonce, message_id, pinned, claimed_at, "
    "search_from, attempt_at, sent_at, recreated_at"
)
_KEY = "guild_id = :guild AND group_id = :group"
# A recreation is allowed when the board was never recreated or not since ``before``.
_MAY_RECREATE = "(recreated_at IS NULL OR recreated_at < :before)"
_GONE = (
    "UPDATE group_boards SET "
    f"state = CASE WHEN {_MAY_RECREATE} THEN 'claimed' ELSE 'removed' END, "
    f"generation = CASE WHEN {_MAY_RECREATE} THEN generation + 1 ELSE generation END, "
    f"nonce = CASE WHEN {_MAY_RECREATE} THEN :nonce ELSE nonce END, "
    f"claimed_at = CASE WHEN {_MAY_RECREATE} THEN :now ELSE claimed_at END, "
    f"recreated_at = CASE WHEN {_MAY_RECREATE} THEN :now ELSE recreated_at END, "
    "message_id = NULL, pinned = 0, search_from = NULL, attempt_at = NULL, sent_at = NULL "
    f"WHERE {_KEY} AND message_id = :message AND state = 'sent' RETURNING state"
)


def board_from_row(row: sqlite3.Row) -> BoardRow:
    claimed = instant(row["claimed_at"])
    assert claimed is not None
    return BoardRow(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        generation=row["generation"],
        state=cast(BoardState, row["state"]),
        nonce=row["nonce"],
        message_id=row["message_id"],
        pinned=bool(row["pinned"]),
        claimed_at=claimed,
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
        sent_at=instant(row["sent_at"]),
        recreated_at=instant(row["recreated_at"]),
    )


class SqliteBoards:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def board_of(self, guild_id: int, group_id: int) -> BoardRow | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.one(
            f"SELECT {COLS} FROM group_boards WHERE {_KEY}", {"guild": guild_id, "group": group_id}
        )
        return None if row is None else board_from_row(row)

    async def claim_board(
        self, guild_id: int, group_id: int, nonce: str, now: datetime
    ) -> BoardRow | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.write_returning(
            "INSERT INTO group_boards (guild_id, group_id, state, nonce, claimed_at) "
            "SELECT :guild, :group, 'claimed', :nonce, :now "
            "WHERE EXISTS (SELECT 1 FROM groups WHERE guild_id = :guild AND id = :group) "
            f"ON CONFLICT DO NOTHING RETURNING {COLS}",
            {"guild": guild_id, "group": group_id, "nonce": nonce, "now": iso(now)},
        )
        return None if row is None else board_from_row(row)

    async def board_attempting(
        self,
        guild_id: int,
        group_id: int,
        generation: int,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None:
        await self._db.write(
            "UPDATE group_boards SET search_from = :from, attempt_at = :at "
            f"WHERE {_KEY} AND generation = :gen AND state = 'claimed'",
            {
                "guild": guild_id,
                "group": group_id,
                "gen": generation,
                "from": iso(search_from),
                "at": iso(attempt_at),
            },
        )

    async def board_sent(
        self, guild_id: int, group_id: int, generation: int, message_id: int, now: datetime
    ) -> bool:
        changed = await self._db.write(
            "UPDATE group_boards SET state = 'sent', message_id = :message, sent_at = :now, "
            f"pinned = 0 WHERE {_KEY} AND generation = :gen AND state = 'claimed'",
            {
                "guild": guild_id,
                "group": group_id,
                "gen": generation,
                "message": message_id,
                "now": iso(now),
            },
        )
        return changed > 0

    async def board_pinned(
        self, guild_id: int, group_id: int, message_id: int, pinned: bool
    ) -> None:
        await self._db.write(
            f"UPDATE group_boards SET pinned = :pinned WHERE {_KEY} AND message_id = :message",
            {"guild": guild_id, "group": group_id, "message": message_id, "pinned": int(pinned)},
        )

    async def board_gone(
        self,
        guild_id: int,
        group_id: int,
        message_id: int,
        nonce: str,
        now: datetime,
        recreated_before: datetime,
    ) -> GoneOutcome | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.write_returning(
            _GONE,
            {
                "guild": guild_id,
                "group": group_id,
                "message": message_id,
                "nonce": nonce,
                "now": iso(now),
                "before": iso(recreated_before),
            },
        )
        if row is None:
            return None
        return "recreate" if row["state"] == "claimed" else "removed"

    async def forget_board(self, guild_id: int, group_id: int) -> bool:
        if not is_row_id(group_id):
            return False
        changed = await self._db.write(
            f"DELETE FROM group_boards WHERE {_KEY}", {"guild": guild_id, "group": group_id}
        )
        return changed > 0
