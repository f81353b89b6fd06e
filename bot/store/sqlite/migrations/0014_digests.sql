-- The weekly digest's ledger (issue 14, README "Weekly digest"): one row per (group, week),
-- claimed before the digest is sent, so a group gets exactly one digest per week whatever
-- crash or restart comes in between (bot/daily/delivery.py). week_start is the Monday (the
-- group's local date) of the week the digest covers. The delivery columns are the posts'.
CREATE TABLE digests (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    week_start  TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'missed')),
    nonce       TEXT    NOT NULL,
    message_id  INTEGER,
    late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    claimed_at  TEXT    NOT NULL,
    sent_at     TEXT,
    error       TEXT,
    search_from TEXT,
    attempt_at  TEXT,
    PRIMARY KEY (group_id, week_start),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
