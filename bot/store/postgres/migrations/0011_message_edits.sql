-- Live edits of the bot's own messages (README "Live completion"): one row per message the bot
-- keeps up to date, keyed by its group, its kind ('day': a day post, item = the day) and item.
-- A pending edit is recorded here before it is due, so a restarted bot performs it, once.
--   dirty_at:  since when the message shows less than the database knows (NULL: up to date);
--   edited_at: when the bot last edited it (edits are at most one a minute);
--   shown:     a fingerprint of what the message shows now;
--   stopped:   the message is gone (deleted) or past its live window: never edited again.
CREATE TABLE message_edits (
    guild_id    BIGINT      NOT NULL,
    group_id    BIGINT      NOT NULL,
    kind        TEXT        NOT NULL,
    item        BIGINT      NOT NULL,
    dirty_at    TIMESTAMPTZ,
    edited_at   TIMESTAMPTZ,
    shown       TEXT,
    stopped     BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (group_id, kind, item),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

CREATE INDEX message_edits_dirty ON message_edits (guild_id) WHERE dirty_at IS NOT NULL;
