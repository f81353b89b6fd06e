-- studybot schema, version 1.
-- Every table below guilds carries guild_id so that every query can be scoped by server;
-- composite foreign keys keep a row's guild_id equal to its group's.
-- Instants are UTC ISO-8601 text ("2026-11-23T09:00:00+00:00"); local dates are "YYYY-MM-DD".

CREATE TABLE bot_meta (
    key         TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL
);

CREATE TABLE guilds (
    id          INTEGER PRIMARY KEY,
    locale      TEXT    NOT NULL DEFAULT 'en-US',
    created_at  TEXT    NOT NULL
);

CREATE TABLE groups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id      INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    channel_id    INTEGER NOT NULL,
    roadmap_id    TEXT    NOT NULL,
    start_date    TEXT    NOT NULL,
    post_time     TEXT    NOT NULL,
    timezone      TEXT    NOT NULL,
    pace          INTEGER NOT NULL DEFAULT 1 CHECK (pace BETWEEN 1 AND 7),
    weekdays_only INTEGER NOT NULL DEFAULT 0 CHECK (weekdays_only IN (0, 1)),
    catch_up      INTEGER NOT NULL DEFAULT 0 CHECK (catch_up IN (0, 1)),
    state         TEXT    NOT NULL DEFAULT 'active'
                  CHECK (state IN ('active', 'paused', 'stopped', 'finished')),
    created_by    INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    ended_at      TEXT,
    problem       TEXT,
    UNIQUE (guild_id, id)
);
CREATE UNIQUE INDEX groups_one_running_per_channel
    ON groups (guild_id, channel_id) WHERE state IN ('active', 'paused');
CREATE INDEX groups_by_state ON groups (state, guild_id);

CREATE TABLE group_pauses (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,
    ended_at    TEXT,
    PRIMARY KEY (group_id, started_at),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

CREATE TABLE members (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    joined_at   TEXT    NOT NULL,
    left_at     TEXT,
    timezone    TEXT,
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
CREATE INDEX members_by_user ON members (guild_id, user_id);

CREATE TABLE posts (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    day         INTEGER NOT NULL CHECK (day >= 1),
    state       TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'missed')),
    nonce       TEXT    NOT NULL,
    message_id  INTEGER,
    late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    claimed_at  TEXT    NOT NULL,
    sent_at     TEXT,
    error       TEXT,
    PRIMARY KEY (group_id, day),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
CREATE INDEX posts_unconfirmed ON posts (state) WHERE state = 'claimed';

CREATE TABLE ticks (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    day         INTEGER NOT NULL CHECK (day >= 1),
    task_id     TEXT    NOT NULL,
    done_at     TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id, day, task_id),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

CREATE TABLE checkins (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    local_date  TEXT    NOT NULL,
    note        TEXT,
    minutes     INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id, local_date),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
