"""Rows written before migration ``counted_checkins``, shared by both backends' tests of it:
member 10 has a check-in before the start, one of 0 minutes, and two that count; member 11 has
only a 0-minute one. Both had a streak stored."""

ROWS = """
INSERT INTO guilds (id, created_at) VALUES (1, '2026-03-01T00:00:00+00:00');
INSERT INTO groups (id, guild_id, channel_id, roadmap_id, start_date, post_time,
    timezone, created_by, created_at)
    VALUES (7, 1, 2, '14day', '2026-03-02', '09:00', 'UTC', 3, '2026-03-01T00:00:00+00:00');
INSERT INTO members (guild_id, group_id, user_id, joined_at) VALUES
    (1, 7, 10, '2026-03-01T00:00:00+00:00'), (1, 7, 11, '2026-03-01T00:00:00+00:00');
INSERT INTO checkins (guild_id, group_id, user_id, local_date, minutes, created_at, updated_at)
VALUES (1, 7, 10, '2026-03-01', 30, '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00'),
    (1, 7, 10, '2026-03-02', NULL, '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00'),
    (1, 7, 10, '2026-03-03', 20, '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00'),
    (1, 7, 10, '2026-03-04', 0, '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00'),
    (1, 7, 11, '2026-03-04', 0, '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00');
UPDATE members SET streak = 4, streak_date = '2026-03-04';
"""

EXPECTED = [(10, 2, "2026-03-03", None), (11, 0, None, None)]
"""(user, checkins_done, last_checkin, streak) after the migration: counted check-ins only,
stored streaks cleared (recomputed by the leaderboard)."""
