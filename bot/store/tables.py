"""The kinds of rows ``studybot db copy`` carries (``ImportBatch``'s fields), in order."""

TABLES = (
    "guilds",
    "groups",
    "pauses",
    "members",
    "posts",
    "ticks",
    "checkins",
    "streaks",
    "settings",
    "breaks",
    "milestone_roles",
    "milestone_grants",
    "reminder_prefs",
    "reminders",
    "rollcalls",
    "edits",
    "threads",
    "digests",
)
"""The kinds of rows of an ``ImportBatch`` (its fields), in the order references need."""
