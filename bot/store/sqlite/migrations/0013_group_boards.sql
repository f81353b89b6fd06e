-- A group's pinned leaderboard (README "Shared leaderboard"): one row per group that keeps one,
-- the ledger of its exactly-once delivery (nonce, search_from, attempt_at as in posts) and the
-- message it lives in. generation counts the boards posted (a recreated board is a new
-- generation, with its own nonce and marker); recreated_at is when the bot last recreated a
-- deleted board: a board deleted again soon after is left removed ('removed'), never re-posted
-- in a loop.
CREATE TABLE group_boards (
    guild_id     INTEGER NOT NULL,
    group_id     INTEGER NOT NULL PRIMARY KEY,
    generation   INTEGER NOT NULL DEFAULT 1 CHECK (generation >= 1),
    state        TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'removed')),
    nonce        TEXT    NOT NULL,
    message_id   INTEGER,
    pinned       INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    claimed_at   TEXT    NOT NULL,
    search_from  TEXT,
    attempt_at   TEXT,
    sent_at      TEXT,
    recreated_at TEXT,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
