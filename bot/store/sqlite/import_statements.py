"""The SQLite statement that writes each kind of row of an ``ImportBatch`` (``imports.py``
binds them), by kind."""

STATEMENTS = {
    "guilds": "INSERT INTO guilds (id, locale, created_at) VALUES (?, ?, ?)",
    "named guilds": (
        "INSERT INTO guilds (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"
    ),
    "groups": (
        "INSERT INTO groups (id, guild_id, channel_id, roadmap_id, start_date, post_time, "
        "timezone, pace, weekdays_only, catch_up, state, created_by, created_at, ended_at, "
        "problem, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "pauses": (
        "INSERT INTO group_pauses (guild_id, group_id, started_at, ended_at) "
        "SELECT guild_id, id, ?, ? FROM groups WHERE id = ?"
    ),
    "members": (
        "INSERT INTO members (guild_id, group_id, user_id, joined_at, left_at, timezone) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    ),
    "posts": (
        "INSERT INTO posts (guild_id, group_id, day, state, nonce, message_id, late, "
        "claimed_at, sent_at, error, search_from, attempt_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "ticks": (
        "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    ),
    "checkins": (
        "INSERT INTO checkins (guild_id, group_id, user_id, local_date, note, minutes, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "digests": (
        "INSERT INTO digests (guild_id, group_id, week_start, state, nonce, message_id, late, "
        "claimed_at, sent_at, error, search_from, attempt_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "streaks": (
        "UPDATE members SET streak = ?, streak_date = ?, streak_freezes = ?, streak_rule = ? "
        "WHERE guild_id = ? AND group_id = ? AND user_id = ?"
    ),
    "settings": ("INSERT INTO group_settings (guild_id, group_id, key, value) VALUES (?, ?, ?, ?)"),
    "breaks": (
        "INSERT INTO member_breaks (guild_id, group_id, user_id, start_date, end_date, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)"
    ),
    "milestone_roles": (
        "INSERT INTO milestone_roles (guild_id, group_id, milestone, role_id, set_by, set_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"
    ),
    "milestone_grants": (
        "INSERT INTO milestone_grants (guild_id, group_id, user_id, milestone, role_id, detail, "
        "state, nonce, claimed_at, granted_at, search_from, attempt_at, message_id, "
        "announced_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "reminder_prefs": (
        "INSERT INTO reminder_prefs (guild_id, group_id, user_id, enabled, remind_at, locale, "
        "dm_channel_id, dms_closed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "reminders": (
        "INSERT INTO reminders (guild_id, group_id, user_id, local_date, state, nonce, streak, "
        "channel_id, message_id, claimed_at, sent_at, search_from, attempt_at, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "rollcalls": (
        "INSERT INTO rollcalls (guild_id, group_id, local_date, state, nonce, user_ids, "
        "message_id, claimed_at, sent_at, search_from, attempt_at, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "edits": (
        "INSERT INTO message_edits (guild_id, group_id, kind, item, dirty_at, edited_at, shown, "
        "stopped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "threads": (
        "INSERT INTO day_threads (guild_id, group_id, day, message_id, thread_id, problem, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ),
}
