-- Day threads: the discussion thread started from a day's post, recorded once it exists (its
-- id is the post's message id on Discord) or once Discord refused it for good (problem set,
-- thread_id NULL). A post with no row yet still wants its thread (bot/daily/threads.py).
CREATE TABLE day_threads (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    thread_id   INTEGER,
    problem     TEXT,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (group_id, day),
    CHECK ((thread_id IS NULL) <> (problem IS NULL)),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
