"""A group's pinned leaderboard (``group_boards``): the ledger of its exactly-once delivery
and the message it lives in.

One row per group that keeps a board. Its life: ``claim_board`` (state ``claimed``, a fresh
nonce) → ``board_attempting`` (each send attempt, as ``posts``) → ``board_sent`` (the message
id; ``sent``) → ``board_pinned``. When an edit finds the message gone, ``board_gone`` decides
in one guarded statement, so two workers that both saw it gone decide once: the first
recreation (or one long after the last) starts a new generation (``claimed`` again, a new
nonce); a board gone again soon after a recreation is left ``removed``. ``forget_board`` drops
the row (the board was turned off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

BoardState = Literal["claimed", "sent", "removed"]
GoneOutcome = Literal["recreate", "removed"]


@dataclass(frozen=True, slots=True)
class BoardRow:
    guild_id: int
    group_id: int
    generation: int
    """1 for the first board; +1 for each recreation."""
    state: BoardState
    nonce: str
    message_id: int | None
    pinned: bool
    claimed_at: datetime
    search_from: datetime | None
    attempt_at: datetime | None
    sent_at: datetime | None
    recreated_at: datetime | None


class BoardQueries(Protocol):
    async def board_of(self, guild_id: int, group_id: int) -> BoardRow | None:
        """The group's board row; None if it has none (or the group is another server's)."""
        ...

    async def claim_board(
        self, guild_id: int, group_id: int, nonce: str, now: datetime
    ) -> BoardRow | None:
        """Claim the group's first board (generation 1, ``claimed``); None if a row exists
        or the group is not in that server."""
        ...

    async def board_attempting(
        self,
        guild_id: int,
        group_id: int,
        generation: int,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None:
        """Record a send attempt of that generation (committed before the request leaves)."""
        ...

    async def board_sent(
        self, guild_id: int, group_id: int, generation: int, message_id: int, now: datetime
    ) -> bool:
        """That generation is in the channel as ``message_id`` (``sent``, not yet pinned);
        False if the row has moved on."""
        ...

    async def board_pinned(
        self, guild_id: int, group_id: int, message_id: int, pinned: bool
    ) -> None:
        """Whether the board in ``message_id`` is pinned."""
        ...

    async def board_gone(
        self,
        guild_id: int,
        group_id: int,
        message_id: int,
        nonce: str,
        now: datetime,
        recreated_before: datetime,
    ) -> GoneOutcome | None:
        """The board's message ``message_id`` is gone. ``recreate`` (a new generation claimed
        with ``nonce``) unless the board was recreated at or after ``recreated_before``, then
        ``removed``; None if the row no longer holds that message (someone decided already)."""
        ...

    async def forget_board(self, guild_id: int, group_id: int) -> bool:
        """Drop the group's board row; whether there was one."""
        ...


class BoardsStore:
    """The ``Store`` methods for pinned boards (contracts on ``BoardQueries``)."""

    _boards: BoardQueries

    def _init_boards(self, boards: BoardQueries) -> None:
        self._boards = boards

    async def board_of(self, guild_id: int, group_id: int) -> BoardRow | None:
        return await self._boards.board_of(guild_id, group_id)

    async def claim_board(
        self, guild_id: int, group_id: int, nonce: str, now: datetime
    ) -> BoardRow | None:
        return await self._boards.claim_board(guild_id, group_id, nonce, now)

    async def board_attempting(
        self,
        guild_id: int,
        group_id: int,
        generation: int,
        search_from: datetime,
        attempt_at: datetime,
    ) -> None:
        await self._boards.board_attempting(guild_id, group_id, generation, search_from, attempt_at)

    async def board_sent(
        self, guild_id: int, group_id: int, generation: int, message_id: int, now: datetime
    ) -> bool:
        return await self._boards.board_sent(guild_id, group_id, generation, message_id, now)

    async def board_pinned(
        self, guild_id: int, group_id: int, message_id: int, pinned: bool
    ) -> None:
        await self._boards.board_pinned(guild_id, group_id, message_id, pinned)

    async def board_gone(
        self,
        guild_id: int,
        group_id: int,
        message_id: int,
        nonce: str,
        now: datetime,
        recreated_before: datetime,
    ) -> GoneOutcome | None:
        return await self._boards.board_gone(
            guild_id, group_id, message_id, nonce, now, recreated_before
        )

    async def forget_board(self, guild_id: int, group_id: int) -> bool:
        return await self._boards.forget_board(guild_id, group_id)
