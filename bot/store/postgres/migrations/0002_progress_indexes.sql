-- Covering indexes for the leaderboard (as SQLite's 0002; 0003 replaces them).
CREATE INDEX ticks_by_group_user ON ticks (group_id, guild_id, user_id, day);
CREATE INDEX checkins_by_group_user ON checkins (group_id, guild_id, user_id, local_date);
