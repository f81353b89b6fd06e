"""The buttons of the private ``/today`` view: tick, undo (after a question) and cancel.

Each click answers with the view itself, redrawn for the day it showed, so the cog updates
that one private message in place instead of sending another. A task button ticks the task;
on a task already done it changes nothing and asks whether to undo it, the way a day post's
button does (``TickOutcome.kind == "already"``); only the question's Undo button unticks.

``/today`` answers in any channel of the server (``member_group``), so its buttons are
accepted from any channel of the group's server: they only ever change the clicker's own ticks,
and everything else is checked as for a day post's buttons (the group is in the clicker's
server and running, the day released, the task that day's, the clicker a member).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.errors import ForeignButton, GroupStopped
from bot.roadmaps import Roadmap
from bot.services.context import Actor, roadmap_of
from bot.services.study import TickOutcome, TodayView, tick, untick, view_of
from bot.store import Group, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TodayClick:
    """What a click on ``/today`` did (``outcome``) and the view to show after it."""

    outcome: TickOutcome
    view: TodayView


async def _group(store: Store, actor: Actor, group_id: int) -> Group:
    group = await store.get_group(actor.guild_id, group_id)
    if group is None:
        log.warning(
            "refused /today button for group %s from guild %s user %s",
            group_id,
            actor.guild_id,
            actor.user_id,
        )
        raise ForeignButton()
    if group.state == "stopped":
        raise GroupStopped(group.roadmap_id)
    return group


async def today_click(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    ref: tuple[int, int, str],
    now: datetime,
    *,
    undo: bool = False,
) -> TodayClick:
    """Tick (or, ``undo``, untick) the task from ``/today``; the view of that day after it."""
    group_id, day, task_id = ref
    action = untick if undo else tick
    outcome = await action(store, roadmaps, actor, group_id, day, task_id, now, any_channel=True)
    group = await _group(store, actor, group_id)
    view = await view_of(store, roadmap_of(roadmaps, group), group, actor, now, day)
    return TodayClick(outcome, view)


async def today_again(
    store: Store,
    roadmaps: Mapping[str, Roadmap],
    actor: Actor,
    group_id: int,
    day: int,
    now: datetime,
) -> TodayView:
    """The view of ``day`` as it is (Cancel on the undo question): nothing changes."""
    group = await _group(store, actor, group_id)
    return await view_of(store, roadmap_of(roadmaps, group), group, actor, now, day)
