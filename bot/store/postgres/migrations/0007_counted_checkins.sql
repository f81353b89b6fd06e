-- Check-ins dated before their group's start date, or saying 0 minutes, no longer count for
-- points or streaks (as SQLite's 0007; bot/services/scoring.py `counts`, which the trigger
-- mirrors). members.checkins_done and last_checkin describe counted check-ins only.
-- members.streak_freezes: the streak freezes used in streak_date's month up to and including
-- streak_date, stored with the streak; a streak is trusted only while streak_date =
-- last_checkin and streak_freezes is set.
ALTER TABLE members ADD COLUMN streak_freezes INTEGER;
-- streak_rule: the group's freezes_per_month the walk was computed with (as SQLite's 0007).
ALTER TABLE members ADD COLUMN streak_rule INTEGER;

CREATE FUNCTION studybot_checkin_counts(BIGINT, DATE, INTEGER)
RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT ($3 IS NULL OR $3 > 0) AND $2 >= (SELECT g.start_date FROM groups g WHERE g.id = $1)
$$;

CREATE OR REPLACE FUNCTION studybot_checkins_to_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF studybot_checkin_counts(NEW.group_id, NEW.local_date, NEW.minutes) THEN
            UPDATE members SET checkins_done = checkins_done + 1,
                last_checkin = GREATEST(last_checkin, NEW.local_date)
            WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF studybot_checkin_counts(OLD.group_id, OLD.local_date, OLD.minutes) THEN
            UPDATE members SET checkins_done = checkins_done - 1,
                last_checkin = (SELECT MAX(c.local_date) FROM checkins c
                                WHERE c.group_id = OLD.group_id AND c.user_id = OLD.user_id
                                AND studybot_checkin_counts(c.group_id, c.local_date, c.minutes))
            WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
        END IF;
    ELSIF studybot_checkin_counts(OLD.group_id, OLD.local_date, OLD.minutes)
            IS DISTINCT FROM studybot_checkin_counts(NEW.group_id, NEW.local_date, NEW.minutes) THEN
        UPDATE members SET
            checkins_done = (SELECT COUNT(*) FROM checkins c
                             WHERE c.group_id = NEW.group_id AND c.user_id = NEW.user_id
                             AND studybot_checkin_counts(c.group_id, c.local_date, c.minutes)),
            last_checkin = (SELECT MAX(c.local_date) FROM checkins c
                            WHERE c.group_id = NEW.group_id AND c.user_id = NEW.user_id
                            AND studybot_checkin_counts(c.group_id, c.local_date, c.minutes))
        WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER checkins_to_member ON checkins;
CREATE TRIGGER checkins_to_member AFTER INSERT OR DELETE OR UPDATE OF minutes ON checkins
    FOR EACH ROW EXECUTE FUNCTION studybot_checkins_to_member();

UPDATE members SET
    checkins_done = (SELECT COUNT(*) FROM checkins c
                     WHERE c.group_id = members.group_id AND c.user_id = members.user_id
                     AND studybot_checkin_counts(c.group_id, c.local_date, c.minutes)),
    last_checkin = (SELECT MAX(c.local_date) FROM checkins c
                    WHERE c.group_id = members.group_id AND c.user_id = members.user_id
                    AND studybot_checkin_counts(c.group_id, c.local_date, c.minutes)),
    streak = NULL,
    streak_date = NULL;
