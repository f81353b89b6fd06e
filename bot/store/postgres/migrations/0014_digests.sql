-- The weekly digest's ledger (issue 14, README "Weekly digest"): one row per (group, week),
-- claimed before the digest is sent, so a group gets exactly one digest per week whatever
-- crash or restart comes in between (bot/daily/delivery.py). week_start is the Monday (the
-- group's local date) of the week the digest covers. The delivery columns are the posts'.
CREATE TABLE digests (
    guild_id    BIGINT  NOT NULL,
    group_id    BIGINT  NOT NULL,
    week_start  DATE    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'missed')),
    nonce       TEXT    NOT NULL,
    message_id  BIGINT,
    late        BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    error       TEXT,
    search_from TIMESTAMPTZ,
    attempt_at  TIMESTAMPTZ,
    PRIMARY KEY (group_id, week_start),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
