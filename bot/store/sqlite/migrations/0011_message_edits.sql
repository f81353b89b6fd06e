-- Live edits of the bot's own messages (issue 15, README "Live completion"): one row per
-- message the bot keeps up to date, keyed by its group, its kind ('day': a day post, item = the
-- day; other kinds add their own) and item. A pending edit is recorded here before it is due, so
-- a restarted bot performs it, once.
--   dirty_at:  since when the message shows less than the database knows (NULL: up to date);
--   edited_at: when the bot last edited it (edits are at most one a minute);
--   shown:     a fingerprint of what the message shows now (an edit that changes nothing is
--              not sent);
--   stopped:   1 when the message is gone (deleted) or past its live window: never edited again.
CREATE TABLE message_edits (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    item        INTEGER NOT NULL,
    dirty_at    TEXT,
    edited_at   TEXT,
    shown       TEXT,
    stopped     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, kind, item),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

-- start-up reads the pending edits of every server
CREATE INDEX message_edits_dirty ON message_edits (guild_id) WHERE dirty_at IS NOT NULL;
