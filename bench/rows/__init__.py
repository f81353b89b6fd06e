"""The bench's rows, one module per row: each measures a figure and, in the same run, the
ceiling it is compared with.

``ticks`` (1a-1d, and the studybot run ``progress`` (3a, 3b) measures in), ``fanout`` (2),
``startup`` (4), ``render`` (5a, 5b), ``autocomplete`` (5c), ``soak`` (6), ``catchup`` (7);
``context`` is what they share.
"""

from bench.rows.autocomplete import autocomplete_row
from bench.rows.catchup import catchup_row
from bench.rows.context import Context, Row, Sizes, new_context, workdir
from bench.rows.fanout import fanout_row
from bench.rows.render import render_rows
from bench.rows.soak import soak_row
from bench.rows.startup import startup_row
from bench.rows.ticks import study_rows

__all__ = [
    "Context",
    "Row",
    "Sizes",
    "autocomplete_row",
    "catchup_row",
    "fanout_row",
    "new_context",
    "render_rows",
    "soak_row",
    "startup_row",
    "study_rows",
    "workdir",
]
