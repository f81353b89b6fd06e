"""Groups' pinned leaderboards (``group_boards``): the contracts are ``BoardQueries``'s."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import asyncpg

from bot.store.features.boards import BoardRow, BoardState, GoneOutcome
from bot.store.postgres.codec import aware, is_row_id
from bot.store.postgres.connection import PgDb

COLS = (
    "guild_id, group_id, generation, state, nonce, message_id, pinned, claimed_at, "
    "search_from, attempt_at, sent_at, recreated_at"
)
# $1 guild, $2 group, $3 message, $4 nonce, $5 now, $6 recreated_before
_MAY_RECREATE = "(recreated_at IS NULL OR recreated_at < $6)"
_GONE = (
    "UPDATE group_boards SET "
    f"state = CASE WHEN {_MAY_RECREATE} THEN 'claimed' ELSE 'removed' END, "
    f"generation = CASE WHEN {_MAY_RECREATE} THEN generation + 1 ELSE generation END, "
    f"nonce = CASE WHEN {_MAY_RECREATE} THEN $4 ELSE nonce END, "
    f"claimed_at = CASE WHEN {_MAY_RECREATE} THEN $5 ELSE claimed_at END, "
    f"recreated_at = CASE WHEN {_MAY_RECREATE} THEN $5 ELSE recreated_at END, "
    "message_id = NULL, pinned = FALSE, search_from = NULL, attempt_at = NULL, sent_at = NULL "
    "WHERE guild_id = $1 AND group_id = $2 AND message_id = $3 AND state = 'sent' "
    "RETURNING state"
)


def board_from_row(row: asyncpg.Record) -> BoardRow:
    return BoardRow(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        generation=row["generation"],
        state=cast(BoardState, row["state"]),
        nonce=row["nonce"],
        message_id=row["message_id"],
        pinned=row["pinned"],
        claimed_at=row["claimed_at"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
        sent_at=row["sent_at"],
        recreated_at=row["recreated_at"],
    )


class PgBoards:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def board_of(self, guild_id: int, group_id: int) -> BoardRow | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.one(
            f"SELECT {COLS} FROM group_boards WHERE guild_id = $1 AND group_id = $2",
            guild_id,
            group_id,
        )
        return None if row is None else board_from_row(row)

    async def claim_board(
        self, guild_id: int, group_id: int, nonce: str, now: datetime
    ) -> BoardRow | None:
        if not is_row_id(group_id):
            return None
        row = await self._db.write_returning(
            "INSERT INTO group_boards (guild_id, group_id, state, nonce, claimed_at) "
            "SELECT $1, $2, 'claimed', $3, $4 "
            "WHERE EXISTS (SELECT 1 FROM groups WHERE guild_id = $1 AND id = $2) "
            f"ON CONFLICT DO NOTHING RETURNING {COLS}",
            guild_id,
            group_id,
            nonce,
            aware(now),
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
            "UPDATE group_boards SET search_from = $4, attempt_at = $5 "
            "WHERE guild_id = $1 AND group_id = $2 AND generation = $3 AND state = 'claimed'",
            guild_id,
            group_id,
            generation,
            aware(search_from),
            aware(attempt_at),
        )

    async def board_sent(
        self, guild_id: int, group_id: int, generation: int, message_id: int, now: datetime
    ) -> bool:
        changed = await self._db.write(
            "UPDATE group_boards SET state = 'sent', message_id = $4, sent_at = $5, "
            "pinned = FALSE "
            "WHERE guild_id = $1 AND group_id = $2 AND generation = $3 AND state = 'claimed'",
            guild_id,
            group_id,
            generation,
            message_id,
            aware(now),
        )
        return changed > 0

    async def board_pinned(
        self, guild_id: int, group_id: int, message_id: int, pinned: bool
    ) -> None:
        await self._db.write(
            "UPDATE group_boards SET pinned = $4 "
            "WHERE guild_id = $1 AND group_id = $2 AND message_id = $3",
            guild_id,
            group_id,
            message_id,
            pinned,
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
            _GONE, guild_id, group_id, message_id, nonce, aware(now), aware(recreated_before)
        )
        if row is None:
            return None
        return "recreate" if row["state"] == "claimed" else "removed"

    async def forget_board(self, guild_id: int, group_id: int) -> bool:
        if not is_row_id(group_id):
            return False
        changed = await self._db.write(
            "DELETE FROM group_boards WHERE guild_id = $1 AND group_id = $2", guild_id, group_id
        )
        return changed > 0
