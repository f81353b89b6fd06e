"""Pictures drawn off the event loop, and kept while they cannot have changed.

``Painter.member_card`` hands the drawing to a worker process (or, with ``pool="thread"``, a
thread) and keeps the last picture of each member in each language. A kept picture is reused
only when the whole ``MemberCard`` and name are equal to what it was drawn from: the card holds
everything drawn (the day, today's date, the member's row with points and rank, their ticks per
day), so a tick, a check-in, another member overtaking them or a new day all make a new picture,
and a stale one cannot be served. Asking again for an unchanged card costs the service's reads
and one comparison. At most ``cache_size`` pictures are kept (least recently used go first), and
equal requests that arrive while one is being drawn wait for that one.

The worker process is started with the first picture (spawned, so it shares nothing with the
bot's threads) at a lower CPU priority than the bot, gets the fonts found in the bot's process,
and receives the card with the roadmap cut down to what is drawn (titles, phases, each day's
task count), which is a fraction of the whole roadmap to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from bot.render.cards import member, week
from bot.render.cards.fonts import Face, Fonts, system_fonts
from bot.roadmaps import Lang, Roadmap, Task, Text
from bot.services.cards import MemberCard
from bot.services.charts import WeekChart

log = logging.getLogger(__name__)

Pool = Literal["process", "thread"]
T = TypeVar("T")
_Key = tuple[int, int, int, str]  # guild, group, user, language


@dataclass
class PainterStats:
    drawn: int = 0
    reused: int = 0


class Painter:
    """Draws cards and charts away from the event loop; see the module's docstring."""

    def __init__(self, *, pool: Pool = "process", cache_size: int = 128) -> None:
        self.pool: Pool = pool
        self.cache_size = cache_size
        self.stats = PainterStats()
        self._executor: Executor | None = None
        self._fonts: Fonts | None = None
        self._kept: OrderedDict[_Key, tuple[MemberCard, member.Name, bytes]] = OrderedDict()
        self._drawing: dict[_Key, tuple[MemberCard, member.Name, asyncio.Future[bytes]]] = {}
        self._slim: dict[int, tuple[Roadmap, Roadmap]] = {}

    async def fonts(self) -> Fonts:
        """The fonts, found once (in a thread: it reads font files and may run fc-match)."""
        if self._fonts is None:
            self._fonts = await asyncio.to_thread(system_fonts)
        return self._fonts

    async def member_card(self, card: MemberCard, name: member.Name, lang: Lang) -> bytes:
        """The card's PNG: the kept one if drawn from an equal card and name, else new."""
        p = card.progress
        key = (p.group.guild_id, p.group.id, p.user_id, lang)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == card and kept[1] == name:
            self._kept.move_to_end(key)
            self.stats.reused += 1
            return kept[2]
        drawing = self._drawing.get(key)
        if drawing is not None and drawing[0] == card and drawing[1] == name:
            self.stats.reused += 1
            return await asyncio.shield(drawing[2])
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._drawing[key] = (card, name, future)
        try:
            png = await self._run(draw_member_card, self._portable(card), name, lang)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody else must log it
            raise
        finally:
            if self._drawing.get(key, (None, None, None))[2] is future:
                del self._drawing[key]
        future.set_result(png)
        self.stats.drawn += 1
        self._kept[key] = (card, name, png)
        self._kept.move_to_end(key)
        while len(self._kept) > self.cache_size:
            self._kept.popitem(last=False)
        return png

    async def week_chart(self, chart: WeekChart, lang: Lang) -> bytes:
        """The weekly digest's chart (drawn each time: a group asks for it once a week)."""
        return await self._run(draw_week_chart, chart, lang)

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        """``fn(*args)`` in the worker; a worker that died (killed, out of memory) is replaced
        once, and what it was drawing is drawn again."""
        fonts = await self.fonts()
        loop = asyncio.get_running_loop()
        if self._executor is None:
            self._executor = self._start(fonts)
        try:
            return await loop.run_in_executor(self._executor, fn, *args)
        except BrokenExecutor:
            log.warning("the card worker stopped; starting another")
            self._executor.shutdown(wait=False)
            self._executor = self._start(fonts)
            return await loop.run_in_executor(self._executor, fn, *args)

    def _start(self, fonts: Fonts) -> Executor:
        if self.pool == "thread":
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="cards")
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=fonts.faces,
        )

    def _portable(self, card: MemberCard) -> MemberCard:
        """``card`` with its roadmap cut down to what is drawn (for a worker process)."""
        if self.pool == "thread":
            return card
        roadmap = card.progress.roadmap
        known = self._slim.get(id(roadmap))
        if known is None or known[0] is not roadmap:
            known = (roadmap, slim_roadmap(roadmap))
            self._slim[id(roadmap)] = known
        return replace(card, progress=replace(card.progress, roadmap=known[1]))

    def close(self) -> None:
        """Stop the worker; a picture being drawn is abandoned."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def slim_roadmap(roadmap: Roadmap) -> Roadmap:
    """``roadmap`` with what cards do not draw left out: descriptions, day titles, task texts
    and links (each day keeps as many tasks, which is what shares are counted against)."""
    blank = Text("", "")
    days = tuple(
        replace(d, title=blank, tasks=tuple(Task(t.id, blank, None) for t in d.tasks))
        for d in roadmap.days
    )
    return replace(roadmap, description=blank, days=days)


_worker_fonts: Fonts | None = None


WORKER_NICENESS = 10
"""How much lower the worker process's CPU priority is than the bot's: on a busy machine the
bot's event loop (ticks, posts) goes first and cards take the time left."""


def _start_worker(regular: Face, bold: Face) -> None:
    global _worker_fonts  # one per worker process, set once at its start
    _worker_fonts = Fonts(regular, bold)
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WORKER_NICENESS)


def _fonts_here() -> Fonts:
    return _worker_fonts or system_fonts()


def draw_member_card(card: MemberCard, name: member.Name, lang: Lang) -> bytes:
    return member.member_card(card, name, lang, _fonts_here())


def draw_week_chart(chart: WeekChart, lang: Lang) -> bytes:
    return week.week_chart(chart, lang, _fonts_here())
