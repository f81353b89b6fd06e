"""The group's pinned leaderboard: the rules. Discord's side (posting, pinning, editing) is
``bot/daily/board.py``; the words are ``bot/render/board.py``.

A group keeps one pinned board when its ``board`` setting is on; it shows the leaderboard over
the ``board_period`` setting. The board is a ledger row (``Store.claim_board``: exactly-once
delivery, ``bot/daily/delivery.py``) and the message it lives in. A board whose message was
deleted is recreated once: a board deleted again within :data:`RECREATE_QUIET` of its
recreation stays removed (``Store.board_gone`` decides, in one guarded statement), until an
admin turns the setting off and on again.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from bot.errors import ForeignButton
from bot.roadmaps import Roadmap
from bot.services.context import Actor
from bot.services.progress import Leaderboard, Scope, group_board, leaderboard
from bot.services.settings import GroupSettings, load_settings
from bot.store import Group, Store
from bot.store.features.boards import BoardRow, GoneOutcome

RECREATE_QUIET = timedelta(hours=24)
"""A board deleted again within this time of its recreation is not recreated again."""
KEEPS_BOARD = ("active", "paused", "finished")
"""Group states that keep their board up to date (a stopped group's board stays as it was)."""


def new_nonce() -> str:
    """A board's delivery nonce (Discord allows 25 characters)."""
    return "b" + secrets.token_hex(10)


@dataclass(frozen=True, slots=True)
class PinnedBoard:
    """What the pinned board of a group should show now, and its ledger row."""

    group: Group
    settings: GroupSettings
    board: Leaderboard
    row: BoardRow | None


async def board_wanted(store: Store, guild_id: int, group_id: int) -> bool:
    """Whether the group keeps a pinned board (after a tick: is there a board to edit?)."""
    return (await load_settings(store, guild_id, group_id)).board


async def pinned_board(
    store: Store, roadmaps: Mapping[str, Roadmap], guild_id: int, group_id: int, now: datetime
) -> PinnedBoard | None:
    """The group's board as it should be now; None for a group that is gone, stopped, or of
    another server (nothing to keep)."""
    group = await store.get_group(guild_id, group_id)
    if group is None or group.state not in KEEPS_BOARD or group.roadmap_id not in roadmaps:
        return None
    settings = await load_settings(store, guild_id, group_id)
    period = cast(Scope, settings.board_period)
    board, _ = await group_board(store, roadmaps, group, period, now)
    row = await store.board_of(guild_id, group_id)
    return PinnedBoard(group, settings, board, row)


async def claim(store: Store, group: Group, now: datetime) -> BoardRow | None:
    """Claim the group's first board; the row (another worker's claim if it was first)."""
    row = await store.claim_board(group.guild_id, group.id, new_nonce(), now)
    return row if row is not None else await store.board_of(group.guild_id, group.id)


async def gone(store: Store, group: Group, message_id: int, now: datetime) -> GoneOutcome | None:
    """The board's message was deleted: ``recreate`` (once) or ``removed``; None if another
    worker already decided."""
    return await store.board_gone(
        group.guild_id, group.id, message_id, new_nonce(), now, now - RECREATE_QUIET
    )


async def board_leaderboard(
    store: Store, roadmaps: Mapping[str, Roadmap], actor: Actor, group_id: int, now: datetime
) -> Leaderboard:
    """The board's button: the whole leaderboard over the board's period, for the clicker
    (the group must be this channel's and this server's)."""
    found = await store.get_group(actor.guild_id, group_id)
    if found is None or found.channel_id != actor.channel_id:
        raise ForeignButton()
    settings = await load_settings(store, actor.guild_id, group_id)
    period = cast(Scope, settings.board_period)
    return await leaderboard(store, roadmaps, actor, period, now, group_id=group_id)
