-- Per-member totals, so the leaderboard reads one row per member instead of every tick and
-- check-in of the group (bench row 3: 1,000 members x 84 days is ~200,000 ticks).
-- ticks_done, checkins_done and last_checkin are kept exact by the triggers below, whoever
-- writes the rows. streak/streak_date are written by the check-in service (a streak depends
-- on the group's schedule, which SQL does not know); they are trusted only while
-- streak_date = last_checkin, so a stale or missing value is recomputed, never shown.
ALTER TABLE members ADD COLUMN ticks_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN checkins_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN last_checkin TEXT;
ALTER TABLE members ADD COLUMN streak INTEGER;
ALTER TABLE members ADD COLUMN streak_date TEXT;

UPDATE members SET
    ticks_done = (SELECT COUNT(*) FROM ticks t
                  WHERE t.group_id = members.group_id AND t.user_id = members.user_id),
    checkins_done = (SELECT COUNT(*) FROM checkins c
                     WHERE c.group_id = members.group_id AND c.user_id = members.user_id),
    last_checkin = (SELECT MAX(local_date) FROM checkins c
                    WHERE c.group_id = members.group_id AND c.user_id = members.user_id);

CREATE TRIGGER ticks_add_to_member AFTER INSERT ON ticks BEGIN
    UPDATE members SET ticks_done = ticks_done + 1
    WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
END;

CREATE TRIGGER ticks_remove_from_member AFTER DELETE ON ticks BEGIN
    UPDATE members SET ticks_done = ticks_done - 1
    WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
END;

CREATE TRIGGER checkins_add_to_member AFTER INSERT ON checkins BEGIN
    UPDATE members SET checkins_done = checkins_done + 1,
        last_checkin = MAX(COALESCE(last_checkin, ''), NEW.local_date)
    WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
END;

CREATE TRIGGER checkins_remove_from_member AFTER DELETE ON checkins BEGIN
    UPDATE members SET checkins_done = checkins_done - 1,
        last_checkin = (SELECT MAX(local_date) FROM checkins c
                        WHERE c.group_id = OLD.group_id AND c.user_id = OLD.user_id)
    WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
END;

-- Scoped reads ("this week", "today", the status's ticks of today) go by day, not by member.
DROP INDEX ticks_by_group_user;
DROP INDEX checkins_by_group_user;
CREATE INDEX ticks_by_group_day ON ticks (group_id, guild_id, day, user_id);
CREATE INDEX checkins_by_group_date ON checkins (group_id, guild_id, local_date, user_id);
