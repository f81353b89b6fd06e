"""Every message builder by name, for callers that want one import (``messages.day_post``).

The builders live by concept: ``days`` (roadmaps and a day's text), ``posts`` (daily posts and
the summary), ``groups`` (status, stopping), ``members`` (join, leave, timezone), ``study``
(ticks, today, check-ins), ``progress`` (leaderboard, one member's progress, the progress card's
reply), ``replies`` (confirmations), ``errors`` (every typed error) and ``choices``
(autocomplete), all built from ``discord_parts``, which applies Discord's limits, with words
from the catalog (``catalog``). Each takes the reader's language (``lang``). Pictures are drawn
in ``cards``.
"""

from bot.render.board import pinned_board, shared_board
from bot.render.choices import roadmap_choices, timezone_choices
from bot.render.days import day_preview, roadmap_list
from bot.render.discord_parts import Message
from bot.render.errors import error_reply, unexpected_reply
from bot.render.groups import missing_permissions_warning, status, stop_question, stopped
from bot.render.members import join_outcome, leave_question, left, timezone_set
from bot.render.posts import day_post, summary_post
from bot.render.progress import leaderboard, member_progress, progress_card
from bot.render.replies import cancelled, confirm
from bot.render.study import checkin_reply, tick_reply, today_view
from bot.render.threads import threads_permission_note
from bot.render.today import today_clicked, today_unchanged

__all__ = [
    "Message",
    "cancelled",
    "checkin_reply",
    "confirm",
    "day_post",
    "day_preview",
    "error_reply",
    "join_outcome",
    "leaderboard",
    "leave_question",
    "left",
    "member_progress",
    "missing_permissions_warning",
    "pinned_board",
    "progress_card",
    "roadmap_choices",
    "roadmap_list",
    "shared_board",
    "status",
    "stop_question",
    "stopped",
    "summary_post",
    "threads_permission_note",
    "tick_reply",
    "timezone_choices",
    "timezone_set",
    "today_clicked",
    "today_unchanged",
    "today_view",
    "unexpected_reply",
]
