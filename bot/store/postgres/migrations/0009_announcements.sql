-- Announcements to a group's channel (a changed post time, timezone, language or setting; a
-- pause or resume): an outbox ledger, one row per announcement, delivered exactly once like the
-- daily posts (bot/daily/delivery.py: nonce, recorded attempt, search window, message id).
-- settled_at is set when the message is confirmed (message_id) or the row is superseded.
CREATE TABLE announcements (
    id          BIGSERIAL PRIMARY KEY,
    guild_id    BIGINT  NOT NULL,
    group_id    BIGINT  NOT NULL,
    kind        TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    nonce       TEXT    NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    search_from TIMESTAMPTZ,
    attempt_at  TIMESTAMPTZ,
    message_id  BIGINT,
    settled_at  TIMESTAMPTZ,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
CREATE INDEX announcements_pending ON announcements (guild_id, group_id) WHERE settled_at IS NULL;
