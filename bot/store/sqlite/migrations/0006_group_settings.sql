-- A group's settings as key/value text (bot/services/settings.py owns the keys, their types and
-- defaults; a missing row is the default), and members' planned breaks (inclusive local dates).
CREATE TABLE group_settings (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    key         TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    PRIMARY KEY (group_id, key),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

CREATE TABLE member_breaks (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL CHECK (end_date >= start_date),
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id, start_date),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE
);
CREATE INDEX member_breaks_by_group ON member_breaks (guild_id, group_id, end_date);
