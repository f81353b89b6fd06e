"""What the posting tests share: a three-day roadmap, a group started on it, and the clock."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from bot.roadmaps import Roadmap, parse_roadmap
from bot.services.context import Actor
from bot.services.groups import StartOptions, start_group
from bot.services.posting import PostPlan
from bot.store import Group, Store

GUILD = 1001
HERE = 11
ADMIN = Actor(GUILD, HERE, 1, can_manage=True)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday; groups post at 09:00 UTC

MINI = """\
id: mini
title: {en: Mini, zh: 迷你}
description: {en: A tiny roadmap., zh: 一个小路线图。}
source: test
phases:
  - title: {en: First, zh: 第一}
    days: [1, 3]
    goal: {en: Begin, zh: 开始}
days:
  - day: 1
    title: {en: One, zh: 一}
    tasks:
      - {id: d1-a, title: {en: A, zh: 甲}}
      - {id: d1-b, title: {en: B, zh: 乙}}
  - day: 2
    title: {en: Two, zh: 二}
    tasks:
      - {id: d2-a, title: {en: A, zh: 甲}}
      - {id: d2-b, title: {en: B, zh: 乙}}
  - day: 3
    title: {en: Three, zh: 三}
    tasks:
      - {id: d3-a, title: {en: A, zh: 甲}}
"""


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def mini_roadmaps(tmp_path: Path) -> dict[str, Roadmap]:
    path = tmp_path / "mini.yaml"
    path.write_text(textwrap.dedent(MINI), encoding="utf-8")
    return {"mini": parse_roadmap(MINI, path)}


async def start(
    store: Store,
    roadmaps: dict[str, Roadmap],
    options: StartOptions | None = None,
    now: datetime = T0,
) -> Group:
    return (await start_group(store, roadmaps, ADMIN, options or StartOptions("mini"), now)).group


async def fresh(store: Store, group: Group) -> Group:
    found = await store.get_group(group.guild_id, group.id)
    assert found is not None
    return found


def summary_of(plans: list[PostPlan]) -> list[tuple[int, str, bool, bool]]:
    return [(p.day, p.kind, p.late, p.catch_up) for p in plans]
