"""Drawing off the event loop: the worker, and which pictures are kept and reused."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import pytest
from PIL import Image

from bot.render.cards import member
from bot.render.cards.member import Name, member_card
from bot.render.cards.painter import Painter, slim_roadmap
from bot.render.cards.week import week_chart
from bot.roadmaps.model import NO_LINKS
from bot.services.cards import MemberCard
from tests.render.card_samples import sample_card, sample_chart

ALICE = Name("Alice", "alice")


def of_user(card: MemberCard, user_id: int) -> MemberCard:
    return replace(card, progress=replace(card.progress, user_id=user_id))


@pytest.fixture
async def painter() -> AsyncIterator[Painter]:
    p = Painter(pool="thread", cache_size=2)
    yield p
    p.close()


async def test_an_equal_card_is_drawn_once(painter: Painter) -> None:
    card = sample_card()
    first = await painter.member_card(card, ALICE, "en")
    again = await painter.member_card(sample_card(), ALICE, "en")  # equal, not the same object
    assert first == again == member_card(card, ALICE, "en")
    assert (painter.stats.drawn, painter.stats.reused) == (1, 1)


async def test_any_change_draws_anew(painter: Painter) -> None:
    card = sample_card()
    await painter.member_card(card, ALICE, "en")
    ticked = replace(card, done=(card.done[0] + 1, *card.done[1:]))
    overtaken = replace(
        card, progress=replace(card.progress, row=card.progress.row._replace(rank=4))
    )
    for changed in (ticked, overtaken):
        await painter.member_card(changed, ALICE, "en")
    await painter.member_card(overtaken, Name("Alice B", "alice"), "en")  # renamed
    await painter.member_card(overtaken, Name("Alice B", "alice"), "zh")  # another language
    assert (painter.stats.drawn, painter.stats.reused) == (5, 0)


async def test_at_most_cache_size_pictures_are_kept(painter: Painter) -> None:
    card = sample_card()
    for user in (1, 2, 3):
        await painter.member_card(of_user(card, user), ALICE, "en")
    await painter.member_card(of_user(card, 3), ALICE, "en")  # kept
    await painter.member_card(of_user(card, 1), ALICE, "en")  # forgotten: drawn again
    assert (painter.stats.drawn, painter.stats.reused) == (4, 1)


async def test_equal_requests_at_once_share_one_drawing(painter: Painter) -> None:
    card = sample_card()
    pngs = await asyncio.gather(*(painter.member_card(card, ALICE, "en") for _ in range(5)))
    assert len(set(pngs)) == 1
    assert (painter.stats.drawn, painter.stats.reused) == (1, 4)


async def test_drawing_happens_off_the_event_loop() -> None:
    seen: list[str] = []
    original = member.member_card

    def spy(*args: object, **kwargs: object) -> bytes:
        seen.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    member.member_card = spy  # type: ignore[assignment]
    painter = Painter(pool="thread")
    try:
        await painter.member_card(sample_card(), ALICE, "en")
    finally:
        member.member_card = original  # type: ignore[assignment]
        painter.close()
    assert len(seen) == 1 and seen[0] != threading.current_thread().name


async def test_a_worker_process_draws_the_same_picture() -> None:
    painter = Painter(pool="process")
    try:
        card, chart = sample_card(), sample_chart()
        assert await painter.member_card(card, ALICE, "zh") == member_card(card, ALICE, "zh")
        assert await painter.week_chart(chart, "en") == week_chart(chart, "en")
    finally:
        painter.close()


def test_the_slim_roadmap_draws_the_same() -> None:
    card = sample_card()
    slim = replace(
        card, progress=replace(card.progress, roadmap=slim_roadmap(card.progress.roadmap))
    )
    assert member_card(slim, ALICE, "en") == member_card(card, ALICE, "en")
    assert slim.progress.roadmap.days[0].tasks[0].links == NO_LINKS


async def test_a_worker_that_dies_is_replaced(caplog: pytest.LogCaptureFixture) -> None:
    painter = Painter(pool="process")
    try:
        card = sample_card()
        first = await painter.member_card(card, ALICE, "en")
        executor = painter._executor
        assert isinstance(executor, ProcessPoolExecutor)
        for process in list(executor._processes.values()):  # the worker, killed from outside
            os.kill(process.pid, signal.SIGKILL)
            process.join(10)
        again = await painter.member_card(of_user(card, 2), ALICE, "en")
        assert Image.open(io.BytesIO(again)).size == Image.open(io.BytesIO(first)).size
        assert painter._executor is not executor
        assert "the card worker stopped" in caplog.text
    finally:
        painter.close()
