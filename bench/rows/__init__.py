"""The bench's rows, one module per row: each measures a figure and, in the same run, the
ceiling it is compared with.

``ticks`` (1a-1d, and the studybot run ``progress`` (3a, 3b) measures in), ``fanout`` (2),
``startup`` (4), ``render`` (5a, 5b), ``backends`` (6a, 6b: PostgreSQL against SQLite),
``sharded_startup`` (7) and ``sharded_fanout`` (8: four shard processes, ``shards`` is what
they share); ``context`` is what they all share.
"""

from bench.rows.backends import backend_rows
from bench.rows.context import Context, Row, Sizes, new_context, workdir
from bench.rows.fanout import fanout_row
from bench.rows.render import render_rows
from bench.rows.sharded_fanout import sharded_fanout_row
from bench.rows.sharded_startup import sharded_startup_row
from bench.rows.startup import startup_row
from bench.rows.ticks import study_rows

__all__ = [
    "Context",
    "Row",
    "Sizes",
    "backend_rows",
    "fanout_row",
    "new_context",
    "render_rows",
    "sharded_fanout_row",
    "sharded_startup_row",
    "startup_row",
    "study_rows",
    "workdir",
]
