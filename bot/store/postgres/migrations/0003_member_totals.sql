-- Per-member totals, so the leaderboard reads one row per member instead of every tick and
-- check-in of the group (as SQLite's 0003). ticks_done, checkins_done and last_checkin are
-- kept exact by the triggers below, whoever writes the rows; a trigger's UPDATE also locks
-- the member's row until the writing transaction ends, which serializes one member's
-- concurrent ticks (their "done N today" counts, read after the write, are then exact).
-- streak/streak_date are written by the check-in service and trusted only while
-- streak_date = last_checkin.
ALTER TABLE members ADD COLUMN ticks_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN checkins_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN last_checkin DATE;
ALTER TABLE members ADD COLUMN streak INTEGER;
ALTER TABLE members ADD COLUMN streak_date DATE;

UPDATE members SET
    ticks_done = (SELECT COUNT(*) FROM ticks t
                  WHERE t.group_id = members.group_id AND t.user_id = members.user_id),
    checkins_done = (SELECT COUNT(*) FROM checkins c
                     WHERE c.group_id = members.group_id AND c.user_id = members.user_id),
    last_checkin = (SELECT MAX(local_date) FROM checkins c
                    WHERE c.group_id = members.group_id AND c.user_id = members.user_id);

CREATE FUNCTION studybot_ticks_to_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE members SET ticks_done = ticks_done + 1
        WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
    ELSE
        UPDATE members SET ticks_done = ticks_done - 1
        WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ticks_to_member AFTER INSERT OR DELETE ON ticks
    FOR EACH ROW EXECUTE FUNCTION studybot_ticks_to_member();

CREATE FUNCTION studybot_checkins_to_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE members SET checkins_done = checkins_done + 1,
            last_checkin = GREATEST(last_checkin, NEW.local_date)
        WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
    ELSE
        UPDATE members SET checkins_done = checkins_done - 1,
            last_checkin = (SELECT MAX(local_date) FROM checkins c
                            WHERE c.group_id = OLD.group_id AND c.user_id = OLD.user_id)
        WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER checkins_to_member AFTER INSERT OR DELETE ON checkins
    FOR EACH ROW EXECUTE FUNCTION studybot_checkins_to_member();

-- Scoped reads ("this week", "today", the status's ticks of today) go by day, not by member.
DROP INDEX ticks_by_group_user;
DROP INDEX checkins_by_group_user;
CREATE INDEX ticks_by_group_day ON ticks (group_id, guild_id, day, user_id);
CREATE INDEX checkins_by_group_date ON checkins (group_id, guild_id, local_date, user_id);
