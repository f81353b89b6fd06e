-- Check-ins dated before their group's start date, or saying 0 minutes, no longer count for
-- points or streaks (bot/services/scoring.py `counts`, which these triggers mirror). They are
-- kept (with their notes) but members.checkins_done and last_checkin now describe counted
-- check-ins only. members.streak_freezes: the streak freezes used in streak_date's month up
-- to and including streak_date, stored with the streak by the check-in service; a streak is
-- trusted only while streak_date = last_checkin and streak_freezes is set.
ALTER TABLE members ADD COLUMN streak_freezes INTEGER;
-- streak_rule: the group's freezes_per_month the walk was computed with; a walk computed with
-- another value is recomputed (the setting applies to the whole history).
ALTER TABLE members ADD COLUMN streak_rule INTEGER;

DROP TRIGGER checkins_add_to_member;
DROP TRIGGER checkins_remove_from_member;

CREATE TRIGGER checkins_add_to_member AFTER INSERT ON checkins
WHEN (NEW.minutes IS NULL OR NEW.minutes > 0)
    AND NEW.local_date >= (SELECT start_date FROM groups WHERE id = NEW.group_id)
BEGIN
    UPDATE members SET checkins_done = checkins_done + 1,
        last_checkin = MAX(COALESCE(last_checkin, ''), NEW.local_date)
    WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
END;

CREATE TRIGGER checkins_remove_from_member AFTER DELETE ON checkins
WHEN (OLD.minutes IS NULL OR OLD.minutes > 0)
    AND OLD.local_date >= (SELECT start_date FROM groups WHERE id = OLD.group_id)
BEGIN
    UPDATE members SET checkins_done = checkins_done - 1,
        last_checkin = (SELECT MAX(c.local_date) FROM checkins c JOIN groups g ON g.id = c.group_id
                        WHERE c.group_id = OLD.group_id AND c.user_id = OLD.user_id
                        AND (c.minutes IS NULL OR c.minutes > 0) AND c.local_date >= g.start_date)
    WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
END;

-- A check-in edited to or from 0 minutes changes whether it counts (its date never changes).
CREATE TRIGGER checkins_recount_member AFTER UPDATE OF minutes ON checkins
WHEN (OLD.minutes IS NULL OR OLD.minutes > 0) IS NOT (NEW.minutes IS NULL OR NEW.minutes > 0)
BEGIN
    UPDATE members SET
        checkins_done = (SELECT COUNT(*) FROM checkins c JOIN groups g ON g.id = c.group_id
                         WHERE c.group_id = NEW.group_id AND c.user_id = NEW.user_id
                         AND (c.minutes IS NULL OR c.minutes > 0)
                         AND c.local_date >= g.start_date),
        last_checkin = (SELECT MAX(c.local_date) FROM checkins c JOIN groups g ON g.id = c.group_id
                        WHERE c.group_id = NEW.group_id AND c.user_id = NEW.user_id
                        AND (c.minutes IS NULL OR c.minutes > 0) AND c.local_date >= g.start_date)
    WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
END;

UPDATE members SET
    checkins_done = (SELECT COUNT(*) FROM checkins c JOIN groups g ON g.id = c.group_id
                     WHERE c.group_id = members.group_id AND c.user_id = members.user_id
                     AND (c.minutes IS NULL OR c.minutes > 0) AND c.local_date >= g.start_date),
    last_checkin = (SELECT MAX(c.local_date) FROM checkins c JOIN groups g ON g.id = c.group_id
                    WHERE c.group_id = members.group_id AND c.user_id = members.user_id
                    AND (c.minutes IS NULL OR c.minutes > 0) AND c.local_date >= g.start_date),
    streak = NULL,
    streak_date = NULL;
