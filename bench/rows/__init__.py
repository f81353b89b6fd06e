"""The bench's rows, one module per row: each measures a figure and, in the same run, the
ceiling it is compared with.

``ticks`` (1a-1d, and the studybot run ``progress`` (3a, 3b) measures in), ``fanout`` (2),
``startup`` (4), ``render`` (5a, 5b), ``autocomplete`` (5c), ``soak`` (6), ``cards`` (7a-7c),
``backends`` (8a, 8b: PostgreSQL against SQLite), ``sharded_startup`` (9) and
``sharded_fanout`` (10: four shard processes; ``shards`` is what they share), ``catchup`` (11),
``reminders`` (12);
``live`` (14: live completion edits under ticks);
``digest`` (13: the weekly digest's fan-out);
``context`` is what they all share; ``fan_driver`` what the in-process fan-outs (2, 12, 13)
share, and how the soak (6) starts its bot too.

``STEPS`` names every step ``python -m bench`` runs, in an order where none disturbs another;
``ORDER`` is the order of the table (by the rows' key prefixes).
"""

from collections.abc import Awaitable, Callable

from bench.rows.autocomplete import autocomplete_row
from bench.rows.backends import backend_rows
from bench.rows.cards import card_rows
from bench.rows.catchup import catchup_row
from bench.rows.context import Context, Row, Sizes, new_context, workdir
from bench.rows.digest import digest_row
from bench.rows.fanout import fanout_row
from bench.rows.live import live_row
from bench.rows.reminders import reminders_row
from bench.rows.render import render_rows
from bench.rows.sharded_fanout import sharded_fanout_row
from bench.rows.sharded_startup import sharded_startup_row
from bench.rows.soak import soak_row
from bench.rows.startup import startup_row
from bench.rows.ticks import study_rows

Step = Callable[[Context], Awaitable[list[Row]]]


async def _render(ctx: Context) -> list[Row]:
    return render_rows(ctx)


async def _autocomplete(ctx: Context) -> list[Row]:
    return [autocomplete_row(ctx)]


async def _startup(ctx: Context) -> list[Row]:
    return [await startup_row(ctx)]


async def _fanout(ctx: Context) -> list[Row]:
    return [await fanout_row(ctx)]


async def _soak(ctx: Context) -> list[Row]:
    return [await soak_row(ctx)]


async def _catchup(ctx: Context) -> list[Row]:
    return [await catchup_row(ctx)]


async def _reminders(ctx: Context) -> list[Row]:
    return [await reminders_row(ctx)]


async def _digest(ctx: Context) -> list[Row]:
    return [await digest_row(ctx)]


async def _shards(ctx: Context) -> list[Row]:
    return [await sharded_startup_row(ctx), await sharded_fanout_row(ctx)]


async def _live(ctx: Context) -> list[Row]:
    return [await live_row(ctx)]


STEPS: dict[str, Step] = {
    "render": _render,
    "autocomplete": _autocomplete,
    "study": study_rows,
    "startup": _startup,
    "fanout": _fanout,
    "cards": card_rows,
    "soak": _soak,
    "backends": backend_rows,
    "shards": _shards,
    "catchup": _catchup,
    "reminders": _reminders,
    "digest": _digest,
    "live": _live,
}
ORDER = (
    "ticks", "fanout", "progress", "startup", "day_at", "render", "autocomplete", "soak",
    "cards", "pg_", "shard_", "catchup", "reminders", "digest", "live",
)  # fmt: skip

__all__ = ["ORDER", "STEPS", "Context", "Row", "Sizes", "Step", "new_context", "workdir"]
