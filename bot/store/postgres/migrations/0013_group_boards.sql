-- A group's pinned leaderboard (README "Shared leaderboard"): one row per group that keeps one,
-- the ledger of its exactly-once delivery (nonce, search_from, attempt_at as in posts) and the
-- message it lives in. generation counts the boards posted (a recreated board is a new
-- generation, with its own nonce and marker); recreated_at is when the bot last recreated a
-- deleted board: a board deleted again soon after is left removed ('removed'), never re-posted
-- in a loop.
CREATE TABLE group_boards (
    guild_id     BIGINT  NOT NULL,
    group_id     BIGINT  NOT NULL PRIMARY KEY,
    generation   INTEGER NOT NULL DEFAULT 1 CHECK (generation >= 1),
    state        TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'removed')),
    nonce        TEXT    NOT NULL,
    message_id   BIGINT,
    pinned       BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_at   TIMESTAMPTZ NOT NULL,
    search_from  TIMESTAMPTZ,
    attempt_at   TIMESTAMPTZ,
    sent_at      TIMESTAMPTZ,
    recreated_at TIMESTAMPTZ,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
