-- Covering indexes for the leaderboard: tick counts per member over a day range and check-in
-- dates per member, without visiting every row of the group (bench row 3).
CREATE INDEX ticks_by_group_user ON ticks (group_id, guild_id, user_id, day);
CREATE INDEX checkins_by_group_user ON checkins (group_id, guild_id, user_id, local_date);
