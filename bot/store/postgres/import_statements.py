"""The PostgreSQL statement that writes each kind of row of an ``ImportBatch`` (``imports.py``
binds them), by kind."""

STATEMENTS = {
    "guilds": (
        "INSERT INTO guilds (id, locale, created_at) "
        "SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])"
    ),
    "named guilds": (
        "INSERT INTO guilds (id, created_at) SELECT id, $2 FROM unnest($1::bigint[]) AS u(id) "
        "ON CONFLICT (id) DO NOTHING"
    ),
    "groups": (
        "INSERT INTO groups (id, guild_id, channel_id, roadmap_id, start_date, post_time, "
        "timezone, pace, weekdays_only, catch_up, state, created_by, created_at, ended_at, "
        "problem, language) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], "
        "$4::text[], $5::date[], $6::time[], $7::text[], $8::int[], $9::bool[], $10::bool[], "
        "$11::text[], $12::bigint[], $13::timestamptz[], $14::timestamptz[], $15::text[], "
        "$16::text[])"
    ),
    # a pause of an unknown group gets no server, which NOT NULL refuses
    "pauses": (
        "INSERT INTO group_pauses (guild_id, group_id, started_at, ended_at) "
        "SELECT g.guild_id, p.group_id, p.started_at, p.ended_at FROM "
        "unnest($1::timestamptz[], $2::timestamptz[], $3::bigint[]) "
        "AS p(started_at, ended_at, group_id) LEFT JOIN groups g ON g.id = p.group_id"
    ),
    "members": (
        "INSERT INTO members (guild_id, group_id, user_id, joined_at, left_at, timezone) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::timestamptz[], "
        "$5::timestamptz[], $6::text[])"
    ),
    "posts": (
        "INSERT INTO posts (guild_id, group_id, day, state, nonce, message_id, late, "
        "claimed_at, sent_at, error, search_from, attempt_at) SELECT * FROM unnest("
        "$1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::bigint[], "
        "$7::bool[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::timestamptz[], "
        "$12::timestamptz[])"
    ),
    "ticks": (
        "INSERT INTO ticks (guild_id, group_id, user_id, day, task_id, done_at) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::text[], "
        "$6::timestamptz[])"
    ),
    "checkins": (
        "INSERT INTO checkins (guild_id, group_id, user_id, local_date, note, minutes, "
        "created_at, updated_at) SELECT * FROM unnest($1::bigint[], $2::bigint[], "
        "$3::bigint[], $4::date[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[])"
    ),
    "digests": (
        "INSERT INTO digests (guild_id, group_id, week_start, state, nonce, message_id, late, "
        "claimed_at, sent_at, error, search_from, attempt_at) SELECT * FROM unnest("
        "$1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], $6::bigint[], "
        "$7::bool[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::timestamptz[], "
        "$12::timestamptz[])"
    ),
    "streaks": (
        "UPDATE members AS m SET streak = s.count, streak_date = s.through, "
        "streak_freezes = s.used, streak_rule = s.rule FROM "
        "unnest($1::int[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::int[], "
        "$7::int[]) AS s(count, through, guild_id, group_id, user_id, used, rule) "
        "WHERE m.guild_id = s.guild_id AND m.group_id = s.group_id AND m.user_id = s.user_id"
    ),
    "settings": (
        "INSERT INTO group_settings (guild_id, group_id, key, value) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])"
    ),
    "breaks": (
        "INSERT INTO member_breaks (guild_id, group_id, user_id, start_date, end_date, "
        "created_at) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], "
        "$4::date[], $5::date[], $6::timestamptz[])"
    ),
    "milestone_roles": (
        "INSERT INTO milestone_roles (guild_id, group_id, milestone, role_id, set_by, set_at) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], "
        "$5::bigint[], $6::timestamptz[])"
    ),
    "milestone_grants": (
        "INSERT INTO milestone_grants (guild_id, group_id, user_id, milestone, role_id, detail, "
        "state, nonce, claimed_at, granted_at, search_from, attempt_at, message_id, "
        "announced_at, error) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], "
        "$4::text[], $5::bigint[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], "
        "$10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::bigint[], "
        "$14::timestamptz[], $15::text[])"
    ),
    "reminder_prefs": (
        "INSERT INTO reminder_prefs (guild_id, group_id, user_id, enabled, remind_at, locale, "
        "dm_channel_id, dms_closed, updated_at) SELECT * FROM unnest($1::bigint[], "
        "$2::bigint[], $3::bigint[], $4::boolean[], $5::time[], $6::text[], $7::bigint[], "
        "$8::boolean[], $9::timestamptz[])"
    ),
    "reminders": (
        "INSERT INTO reminders (guild_id, group_id, user_id, local_date, state, nonce, streak, "
        "channel_id, message_id, claimed_at, sent_at, search_from, attempt_at, error) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::date[], "
        "$5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[], $10::timestamptz[], "
        "$11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::text[])"
    ),
    "rollcalls": (
        "INSERT INTO rollcalls (guild_id, group_id, local_date, state, nonce, user_ids, "
        "message_id, claimed_at, sent_at, search_from, attempt_at, error) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], "
        "$6::text[], $7::bigint[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], "
        "$11::timestamptz[], $12::text[])"
    ),
    "edits": (
        "INSERT INTO message_edits (guild_id, group_id, kind, item, dirty_at, edited_at, shown, "
        "stopped) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], "
        "$5::timestamptz[], $6::timestamptz[], $7::text[], $8::bool[])"
    ),
    "threads": (
        "INSERT INTO day_threads (guild_id, group_id, day, message_id, thread_id, problem, "
        "created_at) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::bigint[], "
        "$5::bigint[], $6::text[], $7::timestamptz[])"
    ),
}
